/**
 * The hyperparameter search of the chosen model: which of its settings vary and over which
 * range, the strategy, the budget and successive halving; start, pause, stop, and "Use best".
 */
import { useState } from 'react';
import { actions, useStudio } from '../../store';
import { budgetOf, DEFAULT_TRAINING, defaultSearch, searchCandidates, type SearchParam, type SearchSettings, type StrategyId } from '../../core/jobs';
import { bestTrial } from '../../core/search';
import { getModelInfo } from '../../core/models/catalog';
import { SearchResults } from './search-results';
import { TrialScoringInput } from './trial-scoring';

const STRATEGIES: { id: StrategyId; label: string }[] = [
  { id: 'bayes', label: 'Bayesian (TPE)' },
  { id: 'random', label: 'Random' },
  { id: 'grid', label: 'Grid' },
];

function RangeInputs({ param, onChange, disabled }: { param: SearchParam; onChange: (p: SearchParam) => void; disabled: boolean }) {
  if (param.kind === 'categorical') return <span className="small muted">{param.choices.join(', ')}</span>;
  const num = (v: string, fallback: number) => (Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : fallback);
  return (
    <span className="small">
      from <input type="number" aria-label={`${param.key} from`} value={param.low} step="any" disabled={disabled} onChange={(e) => onChange({ ...param, low: num(e.target.value, param.low) })} style={{ width: '7em' }} /> to{' '}
      <input type="number" aria-label={`${param.key} to`} value={param.high} step="any" disabled={disabled} onChange={(e) => onChange({ ...param, high: num(e.target.value, param.high) })} style={{ width: '7em' }} />{' '}
      <label>
        <input type="checkbox" checked={param.log} disabled={disabled} onChange={(e) => onChange({ ...param, log: e.target.checked })} /> log scale
      </label>
    </span>
  );
}

export function SearchPanel() {
  const model = useStudio((s) => s.doc.model);
  const search = useStudio((s) => s.doc.search);
  const hp = useStudio((s) => (s.doc.training ?? DEFAULT_TRAINING).hp);
  const live = useStudio((s) => s.live);
  const fam = getModelInfo(model?.family ?? '');
  const mine = !!search && search.settings.family === fam?.id;
  // The form is only in the page while open: its labels ("Learning rate", "Budget") would
  // otherwise sit beside the training form's, hidden, and confuse assistive technology.
  const [open, setOpen] = useState(mine);
  if (!fam || !model) return null;
  const settings: SearchSettings = search && search.settings.family === fam.id ? search.settings : defaultSearch(fam);
  const running = search?.status === 'running' || search?.status === 'paused';
  const set = (patch: Partial<SearchSettings>) => actions.setSearch(patch);
  const varied = new Map(settings.space.map((p) => [p.key, p]));
  const budget = budgetOf(fam, model.params, hp);
  const best = search && search.settings.family === fam.id ? bestTrial(search.trials) : undefined;
  return (
    <details className="search-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Hyperparameter search</summary>
      {open && (
        <>
      <p className="muted small">
        Trains {fam.label} with other settings, several trials at once, scores each trial on the validation split or by cross-validation of the training split, and keeps every trial. The test split stays untouched until you evaluate.
      </p>
      <fieldset disabled={running} aria-label="Parameters to vary">
        <legend>Vary</legend>
        {searchCandidates(fam).map(({ param, label }) => {
          const on = varied.get(param.key);
          const toggle = (checked: boolean) => set({ space: checked ? [...settings.space, param] : settings.space.filter((p) => p.key !== param.key) });
          const change = (p: SearchParam) => set({ space: settings.space.map((q) => (q.key === p.key ? p : q)) });
          return (
            <div key={param.key} className="search-param">
              <input type="checkbox" id={`vary-${param.key}`} aria-label={`Vary ${label}`} checked={!!on} onChange={(e) => toggle(e.target.checked)} /> <span>{label}</span>{' '}
              {on && <RangeInputs param={on} onChange={change} disabled={running} />}
            </div>
          );
        })}
      </fieldset>
      <div className="search-options">
        <label>
          Strategy{' '}
          <select value={settings.strategy} disabled={running} onChange={(e) => set({ strategy: e.target.value as StrategyId })}>
            {STRATEGIES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Budget{' '}
          <input
            type="number"
            aria-label="Budget"
            min={1}
            disabled={running}
            value={settings.budget.kind === 'trials' ? settings.budget.trials : settings.budget.minutes}
            onChange={(e) => {
              const v = Math.max(1, Math.round(Number(e.target.value) || 1));
              set({ budget: { ...settings.budget, ...(settings.budget.kind === 'trials' ? { trials: v } : { minutes: v }) } });
            }}
            style={{ width: '5em' }}
          />
        </label>{' '}
        <select aria-label="Budget unit" value={settings.budget.kind} disabled={running} onChange={(e) => set({ budget: { ...settings.budget, kind: e.target.value as 'trials' | 'minutes' } })}>
          <option value="trials">trials</option>
          <option value="minutes">minutes</option>
        </select>{' '}
        {settings.strategy === 'grid' && (
          <label>
            values per number{' '}
            <input type="number" min={2} max={10} disabled={running} value={settings.gridSteps} onChange={(e) => set({ gridSteps: Math.min(10, Math.max(2, Math.round(Number(e.target.value) || 2))) })} style={{ width: '4em' }} />
          </label>
        )}{' '}
<TrialScoringInput scoring={settings.scoreBy ?? { kind: 'validation' }} disabled={running} onChange={(scoreBy) => set({ scoreBy })} />{' '}
        <label title={budget ? undefined : 'This model has no epochs or rounds to cut short.'}>
          <input type="checkbox" checked={settings.halving && !!budget} disabled={running || !budget} onChange={(e) => set({ halving: e.target.checked })} /> Successive halving
          {budget ? ` (stop weak trials early: ${budget.key === 'hp.epochs' ? 'epochs' : 'trees'} up to ${budget.max})` : ''}
        </label>
      </div>
      <div className="train-controls">
        {!running && (
          <button type="button" onClick={() => void actions.startSearch()} disabled={!!live || settings.space.length === 0}>
            Start search
          </button>
        )}
        {search?.status === 'running' && (
          <button type="button" className="secondary" onClick={actions.pauseSearch}>
            Pause search
          </button>
        )}
        {search?.status === 'paused' && (
          <button type="button" onClick={actions.resumeSearch}>
            Resume search
          </button>
        )}
        {running && (
          <button type="button" className="danger" onClick={actions.stopSearch}>
            Stop search (keep the trials)
          </button>
        )}
        {best && !running && (
          <button type="button" onClick={() => void actions.useBestTrial()} disabled={!!live}>
            Use best (trial #{best.id})
          </button>
        )}
      </div>
      {mine && <SearchResults search={search} />}
        </>
      )}
    </details>
  );
}
