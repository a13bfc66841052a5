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
                <td key={j} className={i === j ? 'diag' : undefined} style={{ background: `rgba(47, 91, 211, ${0.08 + 0.6 * share})`, color: share > 0.6 ? '#fff' : undefined }}>
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
