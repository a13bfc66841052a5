import { metricTermId } from '../../core/guide/glossary';
import { Term } from './term';

/** A metric's name as shown on screen; a glossary link when the glossary has an entry for it. */
export function MetricName({ name }: { name: string }) {
  const id = metricTermId(name);
  return id ? <Term id={id}>{name}</Term> : <>{name}</>;
}
