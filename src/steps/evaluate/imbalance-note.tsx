import type { ClassificationReport } from '../../core/metrics';
import { imbalanceWarning } from '../../core/guide';
import { GuideNote } from '../../ui/guide-note';

/** Next to the metric tiles: when one class is most of the test rows, accuracy alone misleads. */
export function ImbalanceNote({ m }: { m: ClassificationReport }) {
  const w = imbalanceWarning(m.perClass.map((c) => ({ name: c.name, count: c.support })));
  return w ? <GuideNote warning={w} /> : null;
}
