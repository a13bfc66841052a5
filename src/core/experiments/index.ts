/** Experiments over the training rows: cross-validation folds, fold-refitted cleaning, results. */
export * from './folds';
export * from './aggregate';
export * from './metrics';
export * from './fold-recipe';
export * from './pick';
