export * from './types';
export { trainNeural, READ_EVERY } from './train-neural';
export { predictNeural } from './predict';
export { createTrainController, yieldToEventLoop, type TrainController } from './control';
export { suggestedRate } from './messages';
