import { useMemo } from 'react';
import { Bar, BarChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Tokenizer, TokenStats } from '../../core/text';
import { ChartTable } from '../../ui/chart-table';
import { CHART_COLORS } from '../../ui/palette';

interface Props {
  tokenizer: Tokenizer;
  samples: string[];
  stats: TokenStats;
  maxLength: number;
  /** The region's name (two workbenches on one page need different ones). */
  label?: string;
}

/** At most this many samples and tokens per sample are drawn (a long text would freeze the page). */
const MAX_SAMPLES = 5;
const MAX_TOKENS = 300;
const BINS = 20;

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;

/** Whitespace drawn visibly, so a space or newline token can be seen and hovered. */
const visible = (s: string) => s.replace(/ /g, '·').replace(/\n/g, '⏎').replace(/\t/g, '⇥');

interface Bin {
  label: string;
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over 0 … longest text; width is a whole number of tokens. */
function histogram(lengths: readonly number[]): Bin[] {
  const longest = lengths.reduce((m, x) => Math.max(m, x), 0);
  const width = Math.max(1, Math.ceil((longest + 1) / BINS));
  const bins: Bin[] = [];
  for (let from = 0; from <= longest; from += width) {
    const to = from + width - 1;
    bins.push({ label: width === 1 ? String(from) : `${from}–${to}`, from, to, count: 0 });
  }
  for (const x of lengths) {
    const bin = bins[Math.floor(x / width)];
    if (bin) bin.count++;
  }
  return bins;
}

function TokenizedSample({ tokenizer, text }: { tokenizer: Tokenizer; text: string }) {
  const enc = useMemo(() => tokenizer.encode(text), [tokenizer, text]);
  const shown = Math.min(enc.ids.length, MAX_TOKENS);
  return (
    <p className="token-sample">
      {enc.ids.slice(0, shown).map((id, i) => {
        const [a, b] = enc.offsets[i] as [number, number];
        const token = enc.tokens[i] as string;
        const piece = b > a ? text.slice(a, b) : token;
        return (
          // Alternating backgrounds help the eye; the border and gap separate tokens without colour.
          <span key={i} className={i % 2 === 0 ? 'tok tok-a' : 'tok tok-b'} title={`id ${id}: ${JSON.stringify(token)}`}>
            {visible(piece)}
          </span>
        );
      })}
      {enc.ids.length > shown && <span className="muted"> … {enc.ids.length - shown} more tokens</span>}
    </p>
  );
}

/** What a tokenizer makes of the texts: coloured samples, vocabulary, sequence lengths, rates. */
export function TokenizerWorkbench({ tokenizer, samples, stats, maxLength, label = 'Tokenizer workbench' }: Props) {
  const bins = useMemo(() => histogram(stats.lengths), [stats.lengths]);
  const cut = bins.find((b) => maxLength >= b.from && maxLength <= b.to);
  const longest = stats.lengths.reduce((m, x) => Math.max(m, x), 0);
  return (
    <section aria-label={label} className="tokenizer-workbench">
      <dl className="metric-tiles">
        <div>
          <dt>Vocabulary</dt>
          <dd>{tokenizer.vocab.size.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Texts cut at {maxLength} tokens</dt>
          <dd>{pct(stats.truncationRate)}</dd>
        </div>
        <div>
          <dt>Unknown tokens</dt>
          <dd>{pct(stats.unkRate)}</dd>
        </div>
        <div>
          <dt>Characters per token</dt>
          <dd>{stats.charsPerToken.toFixed(2)}</dd>
        </div>
      </dl>

      <h4>Sample texts as tokens</h4>
      <p className="muted">Each box is one token; hover it to see its id.</p>
      {samples.slice(0, MAX_SAMPLES).map((text, i) => (
        <TokenizedSample key={i} tokenizer={tokenizer} text={text} />
      ))}

      <div className="chart-grid">
        <figure className="chart" aria-label={`Tokens per text, from 0 to ${longest}; the maximum length ${maxLength} is marked`}>
          <figcaption className="chart-title">Tokens per text (dashed line: maximum length {maxLength})</figcaption>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={bins} margin={{ left: 0, right: 8, top: 14, bottom: 4 }} barCategoryGap={1}>
              <XAxis dataKey="label" tick={{ fontSize: 10 }} minTickGap={16} />
              <YAxis width={36} tick={{ fontSize: 10 }} allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="count" name="texts" fill={CHART_COLORS.primary} isAnimationActive={false} />
              {cut && <ReferenceLine x={cut.label} stroke={CHART_COLORS.validation} strokeDasharray="4 3" label={{ value: `max ${maxLength}`, position: 'top', fontSize: 11 }} />}
            </BarChart>
          </ResponsiveContainer>
          <ChartTable title="Tokens per text" data={() => ({ columns: ['tokens', 'texts'], rows: bins.map((b) => [b.label, b.count]) })} />
        </figure>

        <table className="vocab-table">
          <caption>Most frequent tokens</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Id</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {stats.topTokens.map((t) => (
              <tr key={t.id}>
                <td>
                  <code>{visible(t.token)}</code>
                </td>
                <td>{t.id}</td>
                <td>{t.count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
