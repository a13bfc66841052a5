import { contrastRatio, SERIES_COLORS } from './palette';

const INK = '#1b1f27';
const shade = (alpha: number) => {
  const blue = SERIES_COLORS[0];
  const mix = (i: number) => Math.round(255 + (parseInt(blue.slice(i, i + 2), 16) - 255) * alpha).toString(16).padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
};

/**
 * The cell's shade (the palette's blue over white, stronger for bigger counts) and a text colour
 * with 4.5:1 contrast on it. Mid-blue shades read with neither dark nor white text, so a shade in
 * that band is pushed darker until white text reads.
 */
export function cellColors(share: number): { background: string; color: string } {
  let alpha = 0.08 + 0.92 * share;
  if (contrastRatio(INK, shade(alpha)) >= 4.5) return { background: shade(alpha), color: INK };
  while (alpha < 1 && contrastRatio('#ffffff', shade(alpha)) < 4.5) alpha = Math.min(1, alpha + 0.01);
  return { background: shade(alpha), color: '#ffffff' };
}

interface Props {
  classNames: string[];
  /** matrix[true][predicted] counts. */
  matrix: number[][];
  selected?: [number, number];
  onSelect: (trueIndex: number, predIndex: number) => void;
}

/** Rows are the true class, columns the predicted class; each cell opens the rows it counts. */
export function ConfusionMatrix({ classNames, matrix, selected, onSelect }: Props) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <table className="confusion" aria-label="Confusion matrix">
      <caption>Rows: true class · columns: predicted class. Click a cell to see its rows.</caption>
      <thead>
        <tr>
          <th scope="col">true \ predicted</th>
          {classNames.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={i}>
            <th scope="row">{classNames[i]}</th>
            {row.map((count, j) => {
              const share = count / max;
              const isSel = selected?.[0] === i && selected?.[1] === j;
              return (
                <td key={j} className={i === j ? 'diag' : undefined} style={cellColors(share)}>
                  <button type="button" className={isSel ? 'cell-btn selected' : 'cell-btn'} onClick={() => onSelect(i, j)} aria-label={`${count} rows of true class ${classNames[i]} predicted as ${classNames[j]}`}>
                    {count}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
