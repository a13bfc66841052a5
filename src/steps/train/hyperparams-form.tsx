import type { Hyperparams } from '../../core/jobs';
import { actions } from '../../store';

/** Epochs, batch size, learning rate, optimizer, weight decay, warmup, class weights, early stopping, seed. */
export function HyperparamsForm({ hp, disabled, classification }: { hp: Hyperparams; disabled: boolean; classification: boolean }) {
  const num = (key: 'epochs' | 'batchSize' | 'learningRate' | 'weightDecay' | 'warmupFraction' | 'seed', label: string, help: string, step: string | number = 'any') => (
    <label title={help}>
      <span className="param-label">{label}</span>{' '}
      <input type="number" aria-label={label} step={step} disabled={disabled} value={hp[key] ?? 0} onChange={(e) => actions.setTraining({ hp: { [key]: Number(e.target.value) } })} />
      <span className="muted small param-help">{help}</span>
    </label>
  );
  return (
    <fieldset className="param-form" disabled={disabled}>
      <legend>Training settings</legend>
      {num('epochs', 'Epochs', 'How many passes over the training rows.', 1)}
      {num('batchSize', 'Batch size', 'Rows per update step.', 1)}
      {num('learningRate', 'Learning rate', 'Step size of each update; too high makes the loss explode.')}
      <label>
        <span className="param-label">Optimizer</span>{' '}
        <select value={hp.optimizer} onChange={(e) => actions.setTraining({ hp: { optimizer: e.target.value as Hyperparams['optimizer'] } })}>
          <option value="adam">Adam</option>
          <option value="adamw">AdamW</option>
          <option value="sgd">SGD</option>
        </select>
        <span className="muted small param-help">Adam adapts the step per weight; a good default.</span>
      </label>
      {num('weightDecay', 'Weight decay', 'Pulls weights towards zero to reduce overfitting (0 = off).')}
      {num('warmupFraction', 'Warmup (share of steps)', 'The learning rate rises from 0 over this share of the update steps, then falls to 0 by the last one (BERT’s usual recipe: 0.1). 0 = the same rate throughout.', 0.05)}
      {classification && (
        <label>
          <span className="param-label">Class weights</span>{' '}
          <select value={hp.classWeights} onChange={(e) => actions.setTraining({ hp: { classWeights: e.target.value as Hyperparams['classWeights'] } })}>
            <option value="none">none</option>
            <option value="balanced">balanced (for imbalanced classes)</option>
          </select>
        </label>
      )}
      <label className="check">
        <input type="checkbox" checked={hp.earlyStopping.enabled} onChange={(e) => actions.setTraining({ hp: { earlyStopping: { ...hp.earlyStopping, enabled: e.target.checked } } })} /> Stop early when the validation loss stops improving for{' '}
        <input type="number" className="narrow" min={1} value={hp.earlyStopping.patience} onChange={(e) => actions.setTraining({ hp: { earlyStopping: { ...hp.earlyStopping, patience: Math.max(1, Number(e.target.value)) } } })} aria-label="Patience in epochs" /> epochs, and keep the best
        weights
      </label>
      {num('seed', 'Seed', 'The same seed gives the same run.', 1)}
    </fieldset>
  );
}
