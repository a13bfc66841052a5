/**
 * Property tests (fast-check) draw new cases on every run, which is how they find bugs locally.
 * CI runs them from one fixed seed so that a result there is reproducible and a pass or failure
 * belongs to the commit, not to the draw; FC_SEED picks another seed (e.g. to replay a local find).
 */
import fc from 'fast-check';

const fixed = process.env.FC_SEED ?? (process.env.CI ? '20261204' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
