import type { StepId } from '../store/pipeline';

/** A part of a sentence: plain text, or a glossary term shown with its own words. */
export type GuideText = string | { term: string; text: string };

export interface StepGuide {
  /** What this step is for, in a sentence or two. */
  forWhat: GuideText[];
  /** What to look at before moving on: each a short line. */
  lookFor: GuideText[][];
}

const t = (term: string, text: string) => ({ term, text });

/** The "what is this step for / what should I look for" panel of each step (app/step-intro.tsx). */
export const STEP_GUIDES: Record<StepId, StepGuide> = {
  upload: {
    forWhat: ['Load the examples the model will learn from and say which column it should predict: the ', t('target', 'target'), '. Every other column can become a ', t('feature', 'feature'), '.'],
    lookFor: [
      ['Is the target right? Classes (a category) mean classification, a number means regression.'],
      ['The class balance: if one class is most of the rows, accuracy will flatter the model (', t('class-imbalance', 'class imbalance'), ').'],
      ['Columns with many missing values, ids, or a column that gives the answer away (', t('target-leakage', 'target leakage'), ').'],
    ],
  },
  clean: {
    forWhat: ['Fix what would mislead the model: missing values, duplicates, typos in categories, outliers. Each step is recorded, so the same cleaning replays before every prediction.'],
    lookFor: [
      ['How many rows each step changed or removed: a step that removes half the data deserves a second look.'],
      ['Do not clean using the answer: a step that builds a column from the target makes a ', t('target-leakage', 'leak'), '.'],
    ],
  },
  encode: {
    forWhat: ['Turn columns into numbers (', t('one-hot', 'one-hot'), ', ', t('standardize', 'scaling'), ', ', t('tokenizer', 'tokens'), ') and split the rows into ', t('train-split', 'training'), ', ', t('validation-split', 'validation'), ' and ', t('test-split', 'test'), ' parts.'],
    lookFor: [
      ['Which columns are used, and why the others are not.'],
      ['Enough validation rows to choose by: below about 100 the score moves by chance (', t('cross-validation', 'cross-validation'), ' helps).'],
      ['Warnings about a feature that predicts the target by itself (', t('target-leakage', 'leakage'), ').'],
    ],
  },
  model: {
    forWhat: ['Choose the kind of model: a straight line, a tree, a forest or a neural network. Bigger models can learn more but need more data and can ', t('overfitting', 'overfit'), '.'],
    lookFor: [['The number of ', t('parameters', 'parameters'), ' against the number of training rows, and the estimated training time.'], ['Start simple: a simple model is the baseline a bigger one must beat.']],
  },
  train: {
    forWhat: ['Fit the model to the training rows, watching the ', t('loss', 'loss'), ' fall ', t('epoch', 'epoch'), ' by epoch.'],
    lookFor: [
      ['Training and ', t('validation-loss', 'validation loss'), ' falling together is learning; validation rising while training falls is ', t('overfitting', 'overfitting'), '.'],
      ['A loss that jumps up or turns NaN: the ', t('learning-rate', 'learning rate'), ' is too high (', t('divergence', 'divergence'), ').'],
      ['Compare runs by their validation scores, not their test scores.'],
    ],
  },
  evaluate: {
    forWhat: ['Measure the chosen model once on the ', t('test-split', 'test split'), ', rows it never saw, to know how it will do on new data.'],
    lookFor: [
      ['More than one number: ', t('accuracy', 'accuracy'), ' next to ', t('balanced-accuracy', 'balanced accuracy'), ' and ', t('f1', 'F1'), ', or ', t('mae', 'MAE'), ' next to ', t('r2', 'R²'), '.'],
      ['Where it fails: the ', t('confusion-matrix', 'confusion matrix'), ' and the worst predictions.'],
      ['Do not go back and pick another run because its test score is higher: that makes the test score optimistic.'],
    ],
  },
  export: {
    forWhat: ['Save the model with its cleaning recipe, encoders and settings as one file that makes the same predictions anywhere.'],
    lookFor: [['The model card: what data it was trained on and its test scores, so whoever uses it knows its limits.']],
  },
};
