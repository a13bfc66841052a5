import { NO_RUNS } from '../../store/modeling';
import type { FittedEncoders } from '../../core/features';
import { TextPlayground } from '../shared/text-playground';
import { downloadBlob } from '../shared/download';
import { runMatchesEncoders } from '../../store/actions/bundle';
import { useShallow } from 'zustand/react/shallow';
import { useRef, useState } from 'react';
import { getModelInfo } from '../../core/models/catalog';
import { actions, useStudio } from '../../store';
import { PredictionForm } from '../shared/prediction-form';
import { mainMetricText } from './metric-text';
import { DemoExportButton } from '../shared/demo-export';
import { ServerKitExport } from './server-kit-export';
import { DatasetsSection } from './datasets-section';
import { PredictFilePanel } from './predict-file-panel';
import { ChallengePanel } from './challenge-panel';
import { BertHfExport } from './bert-hf-export';

/** The raw text columns of an imported model's text input (none for tabular models). */
const importedText = (features: unknown): string[] => (features as FittedEncoders).text?.columns ?? [];

/** Download a trained run as one bundle file; import a bundle to use its model here. */
export function ExportStep() {
  // Only runs whose encoders the project still holds can be bundled with them.
  const runs = useStudio(useShallow((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.model && r.metrics && runMatchesEncoders(r, s.doc))));
  const imported = useStudio((s) => s.doc.imported);
  const [chosen, setChosen] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const run = runs.find((r) => r.id === chosen) ?? runs.at(-1);
  const download = () => {
    if (!run) return;
    const b = actions.exportBundle(run.id);
    if (!b) return;
    downloadBlob(b.bytes as BlobPart, b.fileName, 'application/zip');
  };
  return (
    <>
      <section aria-labelledby="export-title">
        <h3 id="export-title">Download a model</h3>
        {run ? (
          <>
            <label>
              Run{' '}
              <select value={run.id} onChange={(e) => setChosen(e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    #{r.number} {getModelInfo(r.family)?.label} — {mainMetricText(r)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" onClick={download}>
              Download bundle (.zip)
            </button>
            <p className="muted small">
              One file with the model, the cleaning recipe and its fitted statistics, the encoders, class names, test metrics, training settings and seed, and a README model card. Import it into any ML Studio to get the same
              predictions.
            </p>
            <BertHfExport run={run} />
            <DemoExportButton key={run.id} source={{ runId: run.id }} />
          </>
        ) : (
          <p className="muted">Train a model with the current encode settings to export it.</p>
        )}
      </section>
      <ServerKitExport runId={run?.id} />
      <section aria-labelledby="import-title">
        <h3 id="import-title">Import a model bundle</h3>
        <button type="button" className="secondary" onClick={() => input.current?.click()}>
          Choose a bundle…
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          aria-label="Choose a model bundle"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void actions.importBundle(f, f.name);
            e.target.value = '';
          }}
        />
        {imported && (
          <div className="imported">
            <p>
              Loaded <strong>{imported.fileName}</strong>: a {imported.contents.meta.task} model ({getModelInfo(imported.contents.meta.modelFamily)?.label ?? imported.contents.meta.modelFamily}).{' '}
              <button type="button" className="link" onClick={actions.clearImported}>
                Remove
              </button>
            </p>
            <details>
              <summary>Model card (README.md)</summary>
              <pre className="model-card-text">{imported.contents.modelCard}</pre>
            </details>
            {importedText(imported.contents.features).length > 0 && imported.contents.meta.task === 'classification' && (
              <TextPlayground key={`t${imported.fileName}`} source="imported" textColumns={importedText(imported.contents.features)} />
            )}
            <PredictionForm key={imported.fileName} source="imported" columns={imported.contents.rawSchema.filter((c) => c.name !== (imported.contents.features as FittedEncoders).target.name)} />
          </div>
        )}
      </section>
      <DatasetsSection />
      <PredictFilePanel />
      <ChallengePanel />
    </>
  );
}
