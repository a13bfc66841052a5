import type { Bars, DriftReport, FeatureDrift, Severity } from '../../core/drift';
import { fmtInt, fmtNum } from '../shared/format';

const SEVERITY_WORDS: Record<Severity, string> = { large: 'large shift', moderate: 'moderate shift', stable: 'stable' };
/** PSI bars are drawn on a scale that ends here (larger values fill the bar). */
const PSI_SCALE = 1;

function testText(f: Pick<FeatureDrift, 'ks' | 'chi2'>): string {
  if (f.ks) return `KS D = ${fmtNum(f.ks.statistic, 3)}, p = ${pValue(f.ks.pValue)}`;
  if (f.chi2) return `χ² = ${fmtNum(f.chi2.statistic, 3)} (dof ${f.chi2.dof}), p = ${pValue(f.chi2.pValue)}`;
  return '';
}

const pValue = (p: number) => (p < 1e-4 ? p.toExponential(1) : fmtNum(p, 3));
const pctText = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Training (grey) and new (blue) shares per bin, side by side: an overlaid histogram. */
export function BarsFigure({ bars, title, reference = 'training' }: { bars: Bars; title: string; reference?: string }) {
  const w = 560;
  const h = 150;
  const top = Math.max(1e-9, ...bars.train, ...bars.new);
  const slot = w / Math.max(1, bars.labels.length);
  const bw = Math.max(2, slot / 2 - 2);
  const y = (v: number) => h - 28 - (v / top) * (h - 40);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg className="drift-hist" viewBox={`0 0 ${w} ${h}`} width="100%" style={{ maxWidth: w }} role="img" aria-label={`${title}: grey ${reference}, blue new data`}>
        {bars.labels.map((label, i) => (
          <g key={i}>
            <rect className="train" x={i * slot + 1} y={y(bars.train[i]!)} width={bw} height={h - 28 - y(bars.train[i]!)}>
              <title>{`${label}: training ${pctText(bars.train[i]!)}`}</title>
            </rect>
            <rect className="new" x={i * slot + 1 + bw} y={y(bars.new[i]!)} width={bw} height={h - 28 - y(bars.new[i]!)}>
              <title>{`${label}: new ${pctText(bars.new[i]!)}`}</title>
            </rect>
            <text x={i * slot + slot / 2} y={h - 14} textAnchor="middle">
              {label.length > 14 ? `${label.slice(0, 13)}…` : label}
            </text>
          </g>
        ))}
      </svg>
      <div className="chart-legend small">
        <span className="chart-legend-item"><span className="chart-swatch" style={{ background: '#9aa7bd', height: 10 }} /> {reference}</span>
        <span className="chart-legend-item"><span className="chart-swatch" style={{ background: '#2f5bd3', height: 10 }} /> new file</span>
      </div>
    </figure>
  );
}

/** The drift report: columns ranked by PSI, with words, tests, missing rates and the top column's histograms. */
export function DriftReportView({ report }: { report: DriftReport }) {
  const top = report.features[0];
  return (
    <section aria-labelledby="drift-title">
      <h4 id="drift-title">Drift against the training data</h4>
      <p className="muted small">
        {fmtInt(report.rows.new)} new rows against {fmtInt(report.rows.train)} training rows. Population stability index (PSI) over the training deciles (categories for categorical columns) plus a bin for missing values:
        below 0.1 stable, 0.1–0.25 moderate, above 0.25 large — the rule of thumb of credit scoring (Siddiqi, <cite>Credit Risk Scorecards</cite>, 2006).
      </p>
      {top && <p className={`drift-${top.severity}`} data-testid="drift-headline">{top.sentence}</p>}
      <table className="drift-table" aria-label="Drift per column">
        <thead>
          <tr>
            <th>Column</th>
            <th>PSI</th>
            <th>Test</th>
            <th>Missing (training → new)</th>
            <th>In words</th>
          </tr>
        </thead>
        <tbody>
          {report.features.map((f, i) => (
            <tr key={f.name} data-testid={`drift-row-${i}`}>
              <th scope="row">{f.name}</th>
              <td>
                <span className={`drift-bar drift-${f.severity}`} style={{ width: `${Math.max(2, Math.min(1, f.psi / PSI_SCALE) * 80)}px` }} aria-hidden="true" />
                {f.psi.toFixed(2)} <span className={`small drift-${f.severity}`}>{SEVERITY_WORDS[f.severity]}</span>
              </td>
              <td className="small">{testText(f)}</td>
              <td className="small">
                {pctText(f.missingRate.train)} → {pctText(f.missingRate.new)}
                {f.unknownRate && <div>unknown tokens {pctText(f.unknownRate.train)} → {pctText(f.unknownRate.new)}</div>}
              </td>
              <td className="small">{f.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {top && <BarsFigure bars={top.bars} title={`${top.kind === 'text' ? 'Length in tokens of ' : ''}${top.name}: training vs new (share of rows)`} />}
      {report.predictions && (
        <>
          <p className={`drift-${report.predictions.severity}`} data-testid="drift-predictions">{report.predictions.sentence} {testText(report.predictions)}</p>
          <BarsFigure bars={report.predictions.bars} title="Predictions: test split vs new file (share of rows)" reference="test split" />
        </>
      )}
    </section>
  );
}
