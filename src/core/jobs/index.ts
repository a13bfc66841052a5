/**
 * The contract between the UI and the workers: the job and artefact types that cross the
 * boundary, and the pure functions on them that steps, the store and the workers share.
 * Nothing here loads tfjs or touches a worker; it is the top of core (it may import any core
 * folder, none imports it).
 */
export * from './backends';
export * from './refs';
export * from './encode-key';
export * from './data';
export * from './training';
export * from './speed-reference';
export * from './lm';
export * from './backend-choice';
export * from './feedback';
export * from './reproduce';
export * from './lm-reproduce';
export * from './dataset-export';
export * from './experiments';
export * from './batch';
export * from './fairness';
export * from './search';
export * from './inside';
export * from './pretrained';
export * from './seq2seq';
