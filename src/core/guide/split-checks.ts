/** Warnings about the data a score is measured on: a tiny validation split, imbalanced classes. */
import { pct, type GuideWarning } from './warning';

export const MIN_VALIDATION_ROWS = 100;
export const MIN_VALIDATION_PER_CLASS = 10;
export const IMBALANCE_SHARE = 0.8;

/**
 * Fewer than 100 validation rows, or (classification) fewer than 10 of some class: one row more
 * or less right moves the validation score by a visible step, so choosing settings by it is noisy.
 * `classShares` are the classes' shares of all rows (the split is stratified, so the validation
 * split has about the same shares).
 */
export function tinyValidationWarning(validationRows: number, classShares?: { name: string; share: number }[]): GuideWarning | undefined {
  if (validationRows <= 0) return undefined;
  const smallest = classShares?.length ? classShares.reduce((a, b) => (b.share < a.share ? b : a)) : undefined;
  const smallestRows = smallest ? Math.round(smallest.share * validationRows) : undefined;
  const fewRows = validationRows < MIN_VALIDATION_ROWS;
  const fewOfClass = smallestRows !== undefined && smallestRows < MIN_VALIDATION_PER_CLASS;
  if (!fewRows && !fewOfClass) return undefined;
  const what = fewRows ? `only ${validationRows} rows` : `only about ${smallestRows} rows of class “${smallest!.name}”`;
  return {
    kind: 'tiny-validation',
    title: 'The validation split is tiny',
    message: `The validation split has ${what}: one row more or less right moves its score by ${pct(1 / (fewRows ? validationRows : Math.max(1, smallestRows!)), 1)}${fewRows ? '' : ' for that class'}. Choosing settings or the best epoch by it is noisy — partly chance. Give validation a larger share, or use cross-validation.`,
    rule: `Rule: fewer than ${MIN_VALIDATION_ROWS} validation rows, or fewer than ${MIN_VALIDATION_PER_CLASS} of a class.`,
    terms: ['validation-split', 'cross-validation'],
  };
}

/** The biggest class holds more than 80 % of the rows: accuracy alone looks good for a model that ignores the rest. */
export function imbalanceWarning(classCounts: { name: string; count: number }[]): GuideWarning | undefined {
  const total = classCounts.reduce((a, c) => a + c.count, 0);
  if (classCounts.length < 2 || total === 0) return undefined;
  const big = classCounts.reduce((a, b) => (b.count > a.count ? b : a));
  const share = big.count / total;
  if (share <= IMBALANCE_SHARE) return undefined;
  return {
    kind: 'imbalance',
    title: 'Accuracy alone misleads here',
    message: `“${big.name}” is ${pct(share, 1)} of the rows, so a model that always answers “${big.name}” already has ${pct(share, 1)} accuracy while finding none of the other classes. Judge the model by balanced accuracy, macro F1 and the recall of each class.`,
    rule: `Rule: the biggest class holds more than ${pct(IMBALANCE_SHARE)} of the rows.`,
    terms: ['class-imbalance', 'balanced-accuracy', 'f1', 'recall'],
  };
}
