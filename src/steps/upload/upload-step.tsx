import * as Tabs from '@radix-ui/react-tabs';
import { useCallback, useState } from 'react';
import { actions, useStudio } from '../../store';
import { DataTable } from '../../ui/data-table';
import { ProfileGrid } from '../shared/profile-grid';
import { useTableLoader } from '../shared/use-table-loader';
import { FilePicker } from './file-picker';
import { SampleGallery } from './sample-gallery';
import { FirstRunPaths } from './first-run';
import { ParseOptions } from './parse-options';
import { TargetPanel } from './target-panel';
import { TextModeDialog } from './text-mode-dialog';

export function UploadStep() {
  const dataset = useStudio((s) => s.doc.dataset);
  const schema = useStudio((s) => s.doc.schema);
  const target = useStudio((s) => s.doc.target?.column);
  const load = useTableLoader(dataset ? { datasetId: dataset.datasetId, stage: 'raw' } : undefined);
  // Per-class words follow the chosen target.
  const loadTextProfile = useCallback((column: string) => actions.textProfile(column, target), [target]);
  if (!dataset) {
    return (
      <>
        <FirstRunPaths />
        <FilePicker />
        <SampleGallery />
        <TextModeDialog />
      </>
    );
  }
  const profile = dataset.rawProfile;
  return (
    <>
      <ParseOptions report={dataset.report} fileName={dataset.fileName} />
      <FilePicker compact />
      <TextModeDialog />
      <TargetPanel />
      <Tabs.Root defaultValue="preview" className="tabs">
        <Tabs.List aria-label="Explore the data">
          <Tabs.Trigger value="preview">Preview</Tabs.Trigger>
          <Tabs.Trigger value="profile">Profile</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="preview">
          <DataTable label="Data preview" rowCount={profile.rows} columns={schema.map((c) => ({ name: c.name, note: c.override ?? c.inferred }))} load={load} dataKey={dataset.datasetId} />
        </Tabs.Content>
        <Tabs.Content value="profile">
          <ProfileGrid
            profile={profile}
            schema={schema}
            target={target}
            onTypeChange={(c, t) => void actions.setColumnType(c, t)}
            textProfiles={{ key: `${dataset.datasetId}:${target ?? ''}`, load: loadTextProfile }}
          />
        </Tabs.Content>
      </Tabs.Root>
      <div className="next-row">
        <button type="button" onClick={() => actions.goToStep('clean')}>
          Next: clean the data →
        </button>
      </div>
      <LaterSamples />
    </>
  );
}

/**
 * The gallery under a loaded dataset, drawn once opened: closed, it cost the task that draws a
 * freshly loaded table a second mount of every sample button and a fetch of the sample list
 * (bench load-profile).
 */
function LaterSamples() {
  const [opened, setOpened] = useState(false);
  return (
    <details className="samples-later" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>Load a sample dataset instead</summary>
      {opened && <SampleGallery />}
    </details>
  );
}
