/**
 * Editing the cleaning recipe, with undo/redo. A step's fitted statistics are cleared when it or
 * any step before it changes (they were learned from data that no longer looks the same), and
 * the worker refits only those.
 */
import type { Recipe, RecipeStep } from '../../core/clean/recipe';
import type { Deps, StudioStore } from '../store';

const HISTORY_LIMIT = 100;

export function createRecipeActions(store: StudioStore, deps: Deps, runClean: () => Promise<void>) {
  const get = store.getState;

  function commit(next: Recipe) {
    const { doc, history } = get();
    store.setState({
      doc: { ...doc, recipe: next },
      history: { past: [...history.past, doc.recipe].slice(-HISTORY_LIMIT), future: [] },
    });
    void runClean();
  }

  /** Clears fitted statistics from index `from` on. */
  const unfitFrom = (steps: RecipeStep[], from: number): RecipeStep[] =>
    steps.map((s, i) => {
      if (i < from) return s;
      const { fitted: _drop, ...rest } = s;
      return rest;
    });

  function edit(change: (steps: RecipeStep[]) => { steps: RecipeStep[]; from: number }) {
    const recipe = get().doc.recipe;
    const { steps, from } = change(recipe.steps);
    commit({ ...recipe, steps: unfitFrom(steps, from) });
  }

  const indexOf = (id: string) => get().doc.recipe.steps.findIndex((s) => s.id === id);

  return {
    addStep(op: string, params: unknown) {
      edit((steps) => ({ steps: [...steps, { id: deps.newId(), op, params, enabled: true }], from: steps.length }));
    },
    updateStep(id: string, params: unknown) {
      const i = indexOf(id);
      if (i >= 0) edit((steps) => ({ steps: steps.map((s) => (s.id === id ? { ...s, params } : s)), from: i }));
    },
    toggleStep(id: string) {
      const i = indexOf(id);
      if (i >= 0) edit((steps) => ({ steps: steps.map((s) => (s.id === id ? { ...s, enabled: !s.enabled } : s)), from: i }));
    },
    removeStep(id: string) {
      const i = indexOf(id);
      if (i >= 0) edit((steps) => ({ steps: steps.filter((s) => s.id !== id), from: i }));
    },
    moveStep(id: string, delta: -1 | 1) {
      const i = indexOf(id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= get().doc.recipe.steps.length) return;
      edit((steps) => {
        const next = [...steps];
        [next[i], next[j]] = [next[j]!, next[i]!];
        return { steps: next, from: Math.min(i, j) };
      });
    },
    undo() {
      const { doc, history } = get();
      const prev = history.past.at(-1);
      if (!prev) return;
      store.setState({ doc: { ...doc, recipe: prev }, history: { past: history.past.slice(0, -1), future: [doc.recipe, ...history.future] } });
      void runClean();
    },
    redo() {
      const { doc, history } = get();
      const next = history.future[0];
      if (!next) return;
      store.setState({ doc: { ...doc, recipe: next }, history: { past: [...history.past, doc.recipe], future: history.future.slice(1) } });
      void runClean();
    },
  };
}

export type RecipeActions = ReturnType<typeof createRecipeActions>;
