import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderModelCard, type ModelCardInfo } from './model-card';

const info: ModelCardInfo = {
  target: 'price',
  task: 'regression',
  modelFamily: 'mlp',
  modelFamilyName: 'Neural network',
  modelFormat: 'tfjs-layers',
  features: ['rooms', 'area | m²', 'city'],
  inputSize: 12,
  datasetName: 'houses.csv',
  rows: { train: 700, validation: 150, test: 150 },
  metrics: [{ name: 'R²', value: 0.8123456 }, { name: 'MAE', value: 12345 }],
  seed: 7,
  settings: { epochs: 50, hidden: '64,32', earlyStopping: true },
  createdAt: '2025-03-04T05:06:07Z',
  limitations: ['Only houses sold in 2020.'],
};

describe('renderModelCard', () => {
  const md = renderModelCard(info);

  it('says what is predicted, from what, by which family', () => {
    expect(md).toMatch(/^# price model\n/);
    expect(md).toContain('This model predicts the number **price** from 3 input columns.');
    expect(md).toContain('- Task: regression');
    expect(md).toContain('- Family: Neural network (`mlp`)');
    expect(md).toContain('- Input columns: rooms, area \\| m², city');
  });

  it('shows split sizes, test metrics, seed and settings', () => {
    expect(md).toContain('| train | 700 (70%) |');
    expect(md).toContain('| test | 150 (15%) |');
    expect(md).toContain('| R² | 0.8123 |');
    expect(md).toContain('| MAE | 12,345 |');
    expect(md).toContain('- Seed: 7');
    expect(md).toContain('- hidden: 64,32');
    expect(md).toContain('- earlyStopping: true');
  });

  it('shows how to load it in plain TensorFlow.js, with the encoded input width', () => {
    expect(md).toContain("tf.loadLayersModel('http://localhost:8080/model/model.json')");
    expect(md).toContain('[1, 12]');
    expect(md).toMatch(/encoded exactly as features\.json describes/);
    expect(md).toContain('- Only houses sold in 2020.');
  });

  it('names class labels for classification and skips the tfjs snippet for trees', () => {
    const tree = renderModelCard({ ...info, task: 'classification', labels: ['cheap', 'dear'], modelFormat: 'tree-json', title: 'Price band' });
    expect(tree).toMatch(/^# Price band\n/);
    expect(tree).toContain('predicts the class of **price** (one of: cheap, dear)');
    expect(tree).toContain('model/tree.json');
    expect(tree).not.toContain('loadLayersModel');
  });

  it('escapes user text so column names cannot break the Markdown', () => {
    expect(escapeMarkdown('a|b *c* [d](e) <script>\nx')).toBe('a\\|b \\*c\\* \\[d\\](e) \\<script\\> x');
    const evil = renderModelCard({ ...info, target: '**x**\n# hacked', metrics: [{ name: 'a|b', value: 1 }] });
    expect(evil).not.toMatch(/^# hacked/m);
    expect(evil).toContain('| a\\|b | 1 |');
  });
});
