import type { FeatureSpec } from '../features';
import { stableKey } from '../util/hash';

/** The staleness key of the encode step: the cleaned table's recipe key and the feature settings. */
export const encodeKey = (recipeKey: string, spec: FeatureSpec) => stableKey({ recipeKey, spec });
