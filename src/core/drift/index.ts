/** Drift: a compact summary of the training data, and the report of new rows against it. */
export * from './summary';
export * from './report';
export * from './parse';
