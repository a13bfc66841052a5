export * from './warning';
export * from './glossary';
export * from './leakage-check';
export * from './split-checks';
export * from './curve-checks';
export * from './test-choice-check';
