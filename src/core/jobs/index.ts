/**
 * The contract between the UI and the workers: plain types and pure functions that steps, the
 * store and the workers share. Nothing here loads tfjs or touches a worker.
 */
export * from './backends';
export * from './refs';
export * from './encode-key';
export * from './backend-choice';
