/**
 * The glossary: every metric and idea the studio names on screen, in a sentence or two a student
 * understands, with the formula where it helps. `<Term id="…">` (ui/glossary) links a name on
 * screen to its entry; a unit test checks that every id used in src is here.
 */
export interface GlossaryEntry {
  id: string;
  term: string;
  /** One or two plain sentences. */
  text: string;
  /** Plain-text formula, when one helps. */
  formula?: string;
  /** Related entries (ids). */
  see?: string[];
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  // Classification metrics
  { id: 'accuracy', term: 'Accuracy', text: 'The share of examples the model got right. Easy to read, but misleading when one class is much bigger than the others: always guessing the big class already scores high.', formula: 'accuracy = correct predictions / all predictions', see: ['balanced-accuracy', 'class-imbalance'] },
  { id: 'balanced-accuracy', term: 'Balanced accuracy', text: 'The recall of each class, averaged so that every class counts the same. Guessing the biggest class every time scores 1 / (number of classes), so it stays honest when classes are imbalanced.', formula: 'balanced accuracy = (recall₁ + … + recall_K) / K', see: ['recall', 'accuracy'] },
  { id: 'precision', term: 'Precision', text: 'Of the examples the model put in a class, the share that really belong there. High precision means few false alarms.', formula: 'precision = TP / (TP + FP)', see: ['recall', 'f1', 'confusion-matrix'] },
  { id: 'recall', term: 'Recall', text: 'Of the examples that really belong to a class, the share the model found. High recall means few misses. Also called sensitivity or true positive rate.', formula: 'recall = TP / (TP + FN)', see: ['precision', 'f1'] },
  { id: 'f1', term: 'F1 score', text: 'One number that is high only when both precision and recall are high (their harmonic mean). "Macro" F1 averages the classes equally; "weighted" F1 weights each class by its size.', formula: 'F1 = 2 · precision · recall / (precision + recall)', see: ['precision', 'recall'] },
  { id: 'roc-auc', term: 'ROC AUC', text: 'The area under the ROC curve: the chance that a randomly chosen positive example gets a higher score than a randomly chosen negative one. 0.5 is guessing, 1 is perfect. With several classes each class is scored against the rest and the areas are averaged.', see: ['roc-curve'] },
  { id: 'roc-curve', term: 'ROC curve', text: 'For every threshold on the predicted probability, the true positive rate (recall) against the false positive rate. A curve hugging the top-left corner is good; the diagonal is guessing.', see: ['roc-auc', 'recall'] },
  { id: 'average-precision', term: 'Average precision (AP)', text: 'The area under the precision–recall curve: the precision averaged over all recall levels. Useful when the positive class is rare.', formula: 'AP = Σₙ (Rₙ − Rₙ₋₁) · Pₙ', see: ['pr-curve', 'precision'] },
  { id: 'pr-curve', term: 'Precision–recall curve', text: 'For every threshold on the predicted probability, precision against recall. It shows the trade-off: catching more positives usually brings more false alarms.', see: ['average-precision'] },
  { id: 'log-loss', term: 'Log loss', text: 'How much probability the model gave to the right answer, on average, in log terms. Lower is better; being confidently wrong is punished hard. It is the cross-entropy measured on the test set.', formula: 'log loss = −(1/n) Σ log p(true class)', see: ['cross-entropy'] },
  { id: 'confusion-matrix', term: 'Confusion matrix', text: 'A table counting examples by their true class (rows) and predicted class (columns). The diagonal holds the right answers; every other cell is one kind of mistake.', see: ['precision', 'recall'] },
  { id: 'support', term: 'Support', text: 'How many test examples really belong to a class. Scores of a class with a small support are noisy.' },
  { id: 'class-imbalance', term: 'Class imbalance', text: 'When one class has many more examples than the others. A model can then look good on accuracy by mostly predicting the big class; look at balanced accuracy, recall per class and F1 instead.', see: ['balanced-accuracy', 'f1'] },
  // Regression metrics
  { id: 'r2', term: 'R² (coefficient of determination)', text: 'The share of the target’s variation the model explains. 1 is perfect, 0 is no better than always predicting the average, and it can be negative for a model worse than that.', formula: 'R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²', see: ['mse'] },
  { id: 'mae', term: 'MAE (mean absolute error)', text: 'The average size of a miss, in the target’s own units (dollars, miles per gallon…).', formula: 'MAE = (1/n) Σ |y − ŷ|', see: ['rmse'] },
  { id: 'mse', term: 'MSE (mean squared error)', text: 'The average squared miss. Squaring makes big misses count much more than small ones; its unit is the target’s unit squared.', formula: 'MSE = (1/n) Σ (y − ŷ)²', see: ['rmse', 'mae'] },
  { id: 'rmse', term: 'RMSE (root mean squared error)', text: 'The square root of the MSE: back in the target’s units, like MAE, but it punishes big misses more.', formula: 'RMSE = √MSE', see: ['mse', 'mae'] },
  { id: 'residual', term: 'Residual', text: 'The actual value minus the predicted one for one example. Residuals with a pattern (not just noise around zero) mean the model misses something systematic.' },
  // Training
  { id: 'loss', term: 'Loss', text: 'The number training tries to make smaller: how wrong the model is on a batch of examples. Cross-entropy for classes, mean squared error for numbers.', see: ['cross-entropy', 'mse', 'validation-loss'] },
  { id: 'validation-loss', term: 'Validation loss', text: 'The loss on the validation split, which the model does not train on. If it rises while the training loss keeps falling, the model is starting to memorise (overfit).', see: ['overfitting', 'validation-split'] },
  { id: 'cross-entropy', term: 'Cross-entropy', text: 'The loss for predicting classes or tokens: minus the log of the probability given to the right answer, averaged. A model that is sure and right scores near 0.', formula: 'cross-entropy = −(1/n) Σ log p(right answer)', see: ['log-loss', 'perplexity'] },
  { id: 'learning-rate', term: 'Learning rate', text: 'How big a step the optimizer takes each time it nudges the parameters. Too small and training crawls; too big and the loss jumps around or explodes (diverges).', see: ['divergence', 'optimizer'] },
  { id: 'divergence', term: 'Divergence', text: 'When the loss grows instead of falling, often to huge values or NaN (not a number). The usual cause is a learning rate that is too high: try it ten times smaller.', see: ['learning-rate'] },
  { id: 'optimizer', term: 'Optimizer (SGD, Adam, AdamW)', text: 'The rule that turns the gradient into a change of the parameters. SGD steps straight down the gradient; Adam adapts the step per parameter; AdamW is Adam with weight decay applied separately.', see: ['learning-rate', 'weight-decay'] },
  { id: 'weight-decay', term: 'Weight decay', text: 'Shrinks every parameter a little at each step, so the model prefers small weights. A simple guard against overfitting.', see: ['overfitting'] },
  { id: 'epoch', term: 'Epoch', text: 'One full pass over the training split. Training usually runs many epochs; the curves show one point per epoch.', see: ['batch-size'] },
  { id: 'batch-size', term: 'Batch size', text: 'How many examples the model looks at before each parameter update. Bigger batches give smoother, faster steps per example but need more memory.', see: ['epoch'] },
  { id: 'early-stopping', term: 'Early stopping', text: 'Stop training when the validation loss has not improved for a few epochs, and keep the best model seen. It stops overfitting before it gets worse.', see: ['overfitting', 'validation-loss'] },
  { id: 'overfitting', term: 'Overfitting', text: 'When a model learns the training examples by heart, noise included, instead of the general pattern. Seen on the curves as training loss still falling while validation loss rises.', see: ['validation-loss', 'early-stopping', 'weight-decay'] },
  { id: 'underfitting', term: 'Underfitting', text: 'When a model is too simple, or trained too little, to catch the pattern: both training and validation loss stay high.', see: ['overfitting'] },
  // Data and splits
  { id: 'feature', term: 'Feature', text: 'A column the model learns from (an input). The column it predicts is the target.', see: ['target'] },
  { id: 'target', term: 'Target', text: 'The column you want to predict. Classification predicts a class (a category); regression predicts a number.', see: ['feature'] },
  { id: 'train-split', term: 'Training split', text: 'The rows the model learns from. Its parameters are fitted on these rows only.', see: ['validation-split', 'test-split'] },
  { id: 'validation-split', term: 'Validation split', text: 'Rows kept out of training and used while building the model: to watch for overfitting, stop early, and choose between settings. Too few rows and that choice is decided by chance.', see: ['test-split', 'cross-validation'] },
  { id: 'test-split', term: 'Test split', text: 'Rows put aside until the very end to measure the final model once. If you choose a model by its test score, that score is no longer an honest estimate: it is flattered by the choice.', see: ['validation-split'] },
  { id: 'cross-validation', term: 'Cross-validation', text: 'Split the training data into k parts (folds); train k times, each time validating on a different fold, and average the scores. It gives a steadier estimate than one validation split, at k times the cost.', see: ['validation-split', 'one-standard-error-rule'] },
  { id: 'one-standard-error-rule', term: 'One-standard-error rule', text: 'How the studio picks a model from cross-validation: take the best mean score, and among the models scoring within one standard error of it, choose the simplest. A gap smaller than the standard error is mostly which rows fell in which fold, so it is no reason to prefer a more complex model.', formula: 'standard error = sd of the fold scores / √(number of folds); pick the simplest with mean ≥ best mean − standard error', see: ['cross-validation', 'overfitting'] },
  { id: 'stratified-split', term: 'Stratified split', text: 'A split that keeps each class’s share the same in training, validation and test rows, so a rare class is not missing from one of them.', see: ['class-imbalance'] },
  { id: 'target-leakage', term: 'Target leakage', text: 'A feature that gives the answer away: it is computed from the target, or only known after it (a "refund issued" column when predicting fraud). Scores look perfect in the studio and collapse in real use.', see: ['feature', 'target'] },
  { id: 'one-hot', term: 'One-hot encoding', text: 'Turns a category into one 0/1 column per value ("colour = red" becomes red=1, blue=0, green=0), so the model does not read an order into the categories.' },
  { id: 'standardize', term: 'Standardize', text: 'Rescale a number column to mean 0 and standard deviation 1, so columns in large units do not dominate the model.', formula: 'z = (x − mean) / std' },
  // Text
  { id: 'tokenizer', term: 'Tokenizer', text: 'Cuts text into tokens (words, word pieces or characters) and numbers them, so a model can read it. It is trained on the training texts and must be the same at prediction time.', see: ['bpe', 'wordpiece'] },
  { id: 'token', term: 'Token', text: 'One unit of text as the model sees it: a word, part of a word, a character or a byte.', see: ['tokenizer'] },
  { id: 'bpe', term: 'BPE (byte-pair encoding)', text: 'A tokenizer that starts from single bytes and repeatedly merges the most frequent neighbouring pair into a new token, until the vocabulary is full. Common words become one token; rare words are spelled in pieces. GPT-2 uses it.', see: ['tokenizer', 'wordpiece'] },
  { id: 'wordpiece', term: 'WordPiece', text: 'A tokenizer like BPE that splits words into known pieces ("playing" → "play", "##ing"), choosing merges by how much they improve the likelihood. BERT uses it.', see: ['bpe'] },
  { id: 'tf-idf', term: 'TF-IDF', text: 'A bag-of-words number per word and text: how often the word appears in this text, times how rare it is across all texts. Words in every text ("the") count little.', formula: 'tf-idf = count in text × (ln((1 + n) / (1 + texts with the word)) + 1), rows scaled to length 1', see: ['tokenizer'] },
  { id: 'embedding', term: 'Embedding', text: 'A learned list of numbers (a vector) for each token or example. Tokens used in similar ways end up with similar vectors.', see: ['token'] },
  { id: 'attention', term: 'Attention', text: 'The step in a Transformer where each token looks at the other tokens and takes a weighted mix of them, the weights saying how relevant each one is.', formula: 'attention(Q, K, V) = softmax(Q·Kᵀ / √d) · V', see: ['embedding'] },
  // Language models
  { id: 'perplexity', term: 'Perplexity', text: 'How surprised a language model is by text, as "the number of tokens it hesitates between" on average. Lower is better; a model that guesses uniformly among V tokens has perplexity V.', formula: 'perplexity = e^(cross-entropy)', see: ['cross-entropy', 'bits-per-character'] },
  { id: 'bits-per-character', term: 'Bits per character', text: 'The cross-entropy measured in bits for each character of text. It lets models with different tokenizers be compared.', formula: 'bits per character = cross-entropy per token / ln 2 × tokens / characters', see: ['perplexity'] },
  { id: 'lora', term: 'LoRA (low-rank adaptation)', text: 'A cheap way to fine-tune a big model: freeze its weights and learn a small correction made of two thin matrices per layer. Only a few percent of the parameters train.', formula: 'W′ = W + B·A, with A (r × d) and B (d × r), r small' },
  { id: 'bleu', term: 'BLEU', text: 'A score for generated text (often translations): how many of its 1- to 4-word sequences also appear in a reference text, with a penalty for being too short. 0 to 1 (or 0 to 100).' },
  { id: 'exact-match', term: 'Exact match', text: 'The share of test examples whose whole output equals the reference exactly. Strict: one wrong sound or word makes the example wrong.', formula: 'exact match = examples with output = reference / examples', see: ['token-error-rate'] },
  { id: 'token-error-rate', term: 'Token error rate', text: 'How many token edits (insert, delete, replace) turn the output into the reference, per reference token: the word error rate of speech recognition, the phoneme error rate for pronunciations. Lower is better; 0 is perfect.', formula: 'token error rate = Σ edit distance / Σ reference tokens', see: ['exact-match'] },
  { id: 'chrf', term: 'chrF', text: 'A score for generated text that compares character sequences (1 to 6 characters long) of the output and the reference, weighting recall twice as much as precision. 0 to 100; kinder than BLEU to small spelling differences.', formula: 'chrF = (1 + β²)·P·R / (β²·P + R), β = 2, averaged over n-gram orders', see: ['bleu'] },
  { id: 'rouge', term: 'ROUGE', text: 'A score for summaries: how many of the reference’s words (ROUGE-1), word pairs (ROUGE-2) or longest shared word sequence (ROUGE-L) the output also has, as an F1 of precision and recall. 0 to 1.', see: ['bleu', 'f1'] },
  { id: 'temperature', term: 'Temperature', text: 'Scales the model’s scores before sampling the next token. Below 1 the text gets safer and more repetitive; above 1 more surprising and more error-prone.' },
  // Drift and fairness
  { id: 'psi', term: 'PSI (population stability index)', text: 'How much a column’s distribution moved between two datasets (training data and new data). Below 0.1 is little change, above 0.25 a big shift.', formula: 'PSI = Σ (new% − old%) · ln(new% / old%) over bins' },
  { id: 'demographic-parity', term: 'Demographic parity', text: 'A fairness check: does the model give the positive outcome at the same rate to every group (for example every age band)? The gap between groups’ rates is the difference.', formula: 'gap = max over groups of P(ŷ = 1 | group) − min' },
  { id: 'parameters', term: 'Parameters', text: 'The numbers inside a model that training adjusts (weights and biases). More parameters can learn more, but need more data and time.' },
];

const BY_ID = new Map(GLOSSARY.map((e) => [e.id, e]));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

/** Entries whose term or text contains every word of `query` (case-insensitive), in glossary order. */
export function searchGlossary(query: string): GlossaryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...GLOSSARY];
  return GLOSSARY.filter((e) => {
    const hay = `${e.term} ${e.text}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The metric names the studio prints (evaluation tiles, tables, compare view, charts) → glossary ids. */
export const METRIC_TERMS: Readonly<Record<string, string>> = {
  accuracy: 'accuracy',
  'balanced accuracy': 'balanced-accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
  'macro f1': 'f1',
  'weighted f1': 'f1',
  'log loss': 'log-loss',
  'roc auc': 'roc-auc',
  'roc auc (one-vs-rest)': 'roc-auc',
  'average precision': 'average-precision',
  support: 'support',
  'r²': 'r2',
  r2: 'r2',
  mae: 'mae',
  rmse: 'rmse',
  mse: 'mse',
  loss: 'loss',
  'training loss': 'loss',
  'validation loss': 'validation-loss',
  perplexity: 'perplexity',
  'bits per character': 'bits-per-character',
  'exact match': 'exact-match',
  'token error rate': 'token-error-rate',
  bleu: 'bleu',
  chrf: 'chrf',
};

/** The glossary id of a metric name as shown on screen (case-insensitive), if it has one. */
export function metricTermId(name: string): string | undefined {
  return METRIC_TERMS[name.trim().toLowerCase()];
}
