import { useMemo } from 'react';
import type { FeatureSpec } from '../../core/features';
import { effectiveType } from '../../core/data/schema';
import { leakageWarnings, tinyValidationWarning, type LeakageFeature } from '../../core/guide';
import { useStudio } from '../../store';
import { GuideNote } from '../../ui/guide-note';
import { useRecords } from '../shared/use-records';

/** Rows read for the leakage check: evenly spread over the cleaned table, so sorted files are covered. */
const SAMPLE_ROWS = 1500;
/** The `records` job sends whole rows: a very wide table gets fewer of them, none under 50. */
const SAMPLE_CELLS = 300_000;

function spread(rows: number, columns: number): number[] {
  const n = Math.min(rows, SAMPLE_ROWS, Math.floor(SAMPLE_CELLS / Math.max(1, columns)));
  if (n < 50) return [];
  return Array.from({ length: n }, (_, i) => Math.floor((i * rows) / n));
}

/**
 * The encode step's warnings, shown while the features and the split are chosen: a used feature
 * that predicts the target by itself (leakage) and a validation split too small to choose by.
 */
export function EncodeWarnings({ spec, sizes }: { spec: FeatureSpec; sizes?: { validation: number } }) {
  const rowCount = useStudio((s) => s.doc.clean?.profile.rows ?? 0);
  const schema = useStudio((s) => s.doc.clean?.schema);
  const rows = useMemo(() => spread(rowCount, schema?.length ?? 0), [rowCount, schema?.length]);
  const records = useRecords(rows);
  const warnings = useMemo(() => {
    if (!schema) return [];
    if (!records) {
      // No sample (a very wide table): the split check still works on the row count alone.
      const tiny = rows.length === 0 && sizes ? tinyValidationWarning(sizes.validation) : undefined;
      return tiny ? [tiny] : [];
    }
    const target = records.map((r) => r[spec.target] ?? '');
    const features: LeakageFeature[] = [];
    for (const c of spec.columns) {
      const col = schema.find((x) => x.name === c.name);
      const type = col ? effectiveType(col) : undefined;
      if (!c.include || !type || !['numeric', 'categorical', 'boolean'].includes(type)) continue;
      features.push({ name: c.name, kind: type === 'numeric' ? 'numeric' : 'categorical', values: records.map((r) => r[c.name] ?? '') });
    }
    const out = leakageWarnings({ task: spec.task, targetName: spec.target, target, features });
    if (sizes) {
      const counts = new Map<string, number>();
      for (const y of target) if (y !== '') counts.set(y, (counts.get(y) ?? 0) + 1);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const shares = spec.task === 'classification' && total > 0 ? [...counts].map(([name, n]) => ({ name, share: n / total })) : undefined;
      const tiny = tinyValidationWarning(sizes.validation, shares);
      if (tiny) out.push(tiny);
    }
    return out;
  }, [records, rows.length, schema, spec, sizes]);
  if (warnings.length === 0) return null;
  return (
    <section aria-label="Warnings about the features and split" className="guide-warnings">
      {warnings.map((w, i) => (
        <GuideNote key={`${w.kind}${i}`} warning={w} />
      ))}
    </section>
  );
}
