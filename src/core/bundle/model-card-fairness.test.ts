import { describe, expect, it } from 'vitest';
import { auditClassification, auditRegression } from '../metrics/fairness';
import { escapeMarkdown, renderModelCard, type ModelCardInfo } from './model-card';

const info: ModelCardInfo = {
  target: 'hired',
  task: 'classification',
  modelFamily: 'mlp',
  modelFormat: 'tfjs-layers',
  features: ['skill'],
  rows: { train: 70, validation: 15, test: 15 },
  metrics: [],
  seed: 1,
  settings: {},
  createdAt: '2026-01-01',
};

describe('model card: fairness audits', () => {
  const audit = auditClassification({ yTrue: [1, 0, 1, 0], proba: Float32Array.from([0.2, 0.8, 0.6, 0.4, 0.7, 0.3, 0.1, 0.9]), numClasses: 2, positive: 1, groups: ['f|x', 'f|x', 'm', 'm'] });

  it('lists every audit with its table, gaps and warnings, and the swaps', () => {
    const md = renderModelCard({
      ...info,
      fairness: {
        audits: [
          { title: 'Audit of run #1', columns: ['sex'], positiveLabel: 'yes', audit },
          { title: 'Run #1 with per-group thresholds', columns: ['sex'], audit, note: 'The bundle itself predicts with the default decision.' },
        ],
        swaps: { pairs: [['he', 'she']], texts: 100, changed: 12, flips: 2, meanChange: 0.0412, maxChange: 0.31 },
      },
    });
    expect(md).toContain('## Fairness audits');
    expect(md).toContain(`### ${escapeMarkdown('Audit of run #1')}`);
    expect(md).toContain('rates about the class “yes”');
    // Group names are user data: escaped in table cells.
    expect(md).toContain(`| ${escapeMarkdown('f|x')} | 2 | 0.500 | 0.500 | 1 | 1 | 1 | 0 | 0.600 |`);
    expect(md).toContain(`- demographic parity difference (largest − smallest selection rate): ${audit.gaps.demographicParityDifference.value}`);
    expect(md).toContain('- Warning: Group');
    expect(md).toContain('The bundle itself predicts with the default decision.');
    expect(md).toContain('12 of 100 test texts contained a term; 2 predictions flipped');
    expect(md).toContain('he ↔ she');
  });

  it('regression audits list MAE and mean residual; no audits, no section', () => {
    const r = auditRegression({ yTrue: [1, 2, 3], yPred: [1.5, 2, 2], groups: ['a', 'a', 'b'] });
    const md = renderModelCard({ ...info, task: 'regression', fairness: { audits: [{ title: 'Audit', columns: ['race'], audit: r }] } });
    expect(md).toContain('| group | rows | MAE | mean residual |');
    expect(md).toContain('| b | 1 | 1 | 1 |');
    expect(renderModelCard(info)).not.toContain('Fairness');
  });
});
