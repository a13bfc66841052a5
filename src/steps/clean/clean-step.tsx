import * as Tabs from '@radix-ui/react-tabs';
import { actions, useStudio } from '../../store';
import { DataTable } from '../../ui/data-table';
import { ProfileGrid } from '../shared/profile-grid';
import { useTableLoader } from '../shared/use-table-loader';
import { fmtInt } from '../shared/format';
import { RecipeList } from './recipe-list';
import { AddStep } from './add-step';

export function CleanStep() {
  const dataset = useStudio((s) => s.doc.dataset);
  const recipe = useStudio((s) => s.doc.recipe);
  const clean = useStudio((s) => s.doc.clean);
  const rawSchema = useStudio((s) => s.doc.schema);
  const target = useStudio((s) => s.doc.target?.column);
  const cleaning = useStudio((s) => s.cleaning);
  const canUndo = useStudio((s) => s.history.past.length > 0);
  const canRedo = useStudio((s) => s.history.future.length > 0);
  const load = useTableLoader(dataset && clean ? { datasetId: dataset.datasetId, stage: 'clean', recipeKey: clean.recipeKey } : undefined);
  if (!dataset) return <p>Load a dataset in the Upload step first.</p>;
  const columns = [...new Set([...rawSchema.map((c) => c.name), ...(clean?.schema.map((c) => c.name) ?? [])])];
  const profiles = clean?.profile.columnProfiles ?? dataset.rawProfile.columnProfiles;
  return (
    <div className="clean-layout">
      <div className="clean-recipe">
        <div className="recipe-toolbar">
          <h3>Recipe</h3>
          <button type="button" className="secondary" onClick={actions.undo} disabled={!canUndo}>
            Undo
          </button>
          <button type="button" className="secondary" onClick={actions.redo} disabled={!canRedo}>
            Redo
          </button>
        </div>
        <RecipeList steps={recipe.steps} reports={clean?.reports ?? []} columns={columns} profiles={profiles} />
        <AddStep columns={columns} profiles={profiles} />
      </div>
      <div className="clean-result">
        <p aria-live="polite" className="clean-summary">
          {cleaning ? 'Applying the recipe…' : clean ? `${fmtInt(dataset.rawProfile.rows)} rows before cleaning → ${fmtInt(clean.profile.rows)} rows after` : ''}
        </p>
        {clean && (
          <Tabs.Root defaultValue="preview" className="tabs">
            <Tabs.List aria-label="Cleaned data">
              <Tabs.Trigger value="preview">Cleaned preview</Tabs.Trigger>
              <Tabs.Trigger value="profile">Cleaned profile</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="preview">
              <DataTable label="Cleaned data preview" rowCount={clean.profile.rows} columns={clean.schema.map((c) => ({ name: c.name, note: c.override ?? c.inferred }))} load={load} dataKey={clean.recipeKey} />
            </Tabs.Content>
            <Tabs.Content value="profile">
              <ProfileGrid profile={clean.profile} schema={clean.schema} target={target} />
            </Tabs.Content>
          </Tabs.Root>
        )}
        <div className="next-row">
          <button type="button" className="secondary" onClick={() => actions.goToStep('upload')}>
            ← Back to upload
          </button>
          <button type="button" onClick={() => actions.goToStep('encode')}>
            Next: encode →
          </button>
        </div>
      </div>
    </div>
  );
}
