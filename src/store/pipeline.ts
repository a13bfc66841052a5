/** The seven pipeline steps, in order, with the sentence that explains each to a student. */
export const STEP_IDS = ['upload', 'clean', 'encode', 'model', 'train', 'evaluate', 'export'] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = 'done' | 'current' | 'out-of-date' | 'todo' | 'not-built';

export interface StepInfo {
  id: StepId;
  title: string;
  /** One or two sentences a student understands. */
  intro: string;
  /** The "learn more" text. */
  more: string;
  built: boolean;
}

export const STEPS: readonly StepInfo[] = [
  {
    id: 'upload',
    title: 'Upload',
    intro: 'Bring your data: drop a CSV or JSON file anywhere on the page, or start from a sample. Then look at each column and choose what you want to predict.',
    more: 'Each row is one example (a flower, a car, a person) and each column is one property of it. The column you choose to predict is the target; the others are the features the model learns from. The profile shows what kind of values each column holds, how many are missing, and how they are spread, so you can spot problems before training.',
    built: true,
  },
  {
    id: 'clean',
    title: 'Clean',
    intro: 'Fix problems in the data with a recipe: a list of steps such as filling missing values or removing duplicates, applied in order.',
    more: 'Real data is messy: missing values, duplicated rows, typos in categories, extreme outliers. Each recipe step says what it changed. Statistics a step learns (like a median) are computed once on this data and stored in the recipe, so exactly the same cleaning can be replayed on new data later — including before every prediction of an exported model.',
    built: true,
  },
  {
    id: 'encode',
    title: 'Encode',
    intro: 'Turn the cleaned columns into numbers a model can learn from, and split the rows into training, validation and test sets.',
    more: 'Models only understand numbers. Categories become one-hot columns, numbers are scaled to similar ranges, and text is split into tokens. The test set is put aside and only used at the very end, so the final score is honest.',
    built: true,
  },
  {
    id: 'model',
    title: 'Model',
    intro: 'Pick a kind of model, from a straight line to a neural network, and see how big it is.',
    more: 'Simple models are fast and easy to interpret; bigger ones can learn more complex patterns but need more data and time, and can overfit.',
    built: true,
  },
  {
    id: 'train',
    title: 'Train',
    intro: 'Train the model on your own device and watch the loss fall, live.',
    more: 'Training repeatedly shows the model examples and nudges its parameters to reduce the loss (its error). The validation loss tells you whether it is learning patterns that generalise or just memorising.',
    built: true,
  },
  {
    id: 'evaluate',
    title: 'Evaluate',
    intro: 'Measure the trained model on the test set it has never seen.',
    more: 'Accuracy, confusion matrices, error plots and the worst predictions show where the model is right and where it fails.',
    built: true,
  },
  {
    id: 'export',
    title: 'Export',
    intro: 'Download the model, its cleaning recipe and its settings as one file to share or load again.',
    more: 'The bundle holds everything needed to make the same predictions elsewhere, and a model card that describes how it was made.',
    built: true,
  },
];
