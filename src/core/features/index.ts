/** The encode step for tables: feature spec → fitted encoders (train rows) → Float32 matrices. */
export * from './spec';
export * from './fit';
export * from './encode';
export * from './rows';
export * from './record';
export * from './summary';
export * from './text';
