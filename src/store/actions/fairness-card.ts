/** A run's fairness audits and swaps, as the exported model card lists them. */
import type { ModelCardFairness } from '../../core/bundle/model-card-fairness';
import type { FairnessAuditRecord } from '../../core/jobs';
import type { ProjectDoc } from '../project';

function title(a: FairnessAuditRecord): string {
  const m = a.mitigation;
  if (!m) return `Audit of run #${a.runNumber}`;
  if (m.kind === 'reweigh') return `Run #${a.runNumber}, trained with rows reweighed by ${m.columns.join(' and ')}`;
  return `Run #${a.runNumber} with per-group thresholds (equal ${m.goal === 'tpr' ? 'true-positive rate' : 'selection rate'})`;
}

function note(a: FairnessAuditRecord): string | undefined {
  const m = a.mitigation;
  if (m?.kind === 'reweigh') return 'Training rows were weighted so that group and label are independent in the training data (Kamiran & Calders reweighing); this bundle is that model.';
  if (m?.kind === 'thresholds') {
    const list = Object.entries(m.thresholds).map(([g, t]) => `${g}: ${t.toPrecision(3)}`).join(', ');
    return `Thresholds on the positive class's probability, chosen on the validation split: ${list}. The bundle itself predicts with the default decision (the most probable class); apply these thresholds yourself to reproduce this audit.`;
  }
  return undefined;
}

export function fairnessForCard(doc: ProjectDoc, runId: string): ModelCardFairness | undefined {
  const f = doc.fairness;
  if (!f) return undefined;
  const audits = f.audits.filter((a) => a.runId === runId);
  const s = f.swaps.find((x) => x.runId === runId);
  if (audits.length === 0 && !s) return undefined;
  return {
    audits: audits.map((a) => {
      const n = note(a);
      return { title: title(a), columns: a.columns, ...(a.positiveLabel !== undefined ? { positiveLabel: a.positiveLabel } : {}), audit: a.audit, ...(n ? { note: n } : {}) };
    }),
    ...(s ? { swaps: { pairs: s.pairs, texts: s.texts, changed: s.changed, flips: s.flips, meanChange: s.meanChange, maxChange: s.maxChange } } : {}),
  };
}
