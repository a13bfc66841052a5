import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Problem } from '../../core/util/result';
import { getModelInfo } from '../../core/models/catalog';
import { actions, useStudio } from '../../store';
import type { LeaderboardEntry } from '../../store/challenge-doc';
import { downloadBlob } from '../shared/download';
import { fmtNum } from '../shared/format';

const NO_ENTRIES: LeaderboardEntry[] = [];

/**
 * Classroom challenge (teacher's side): write the challenge files from this dataset, then score
 * the students' model bundles on the hidden test labels into a local leaderboard.
 */
export function ChallengePanel() {
  const key = useStudio((s) => s.doc.challenge?.key);
  const entries = useStudio(useShallow((s) => s.doc.challenge?.entries ?? NO_ENTRIES));
  const fileName = useStudio((s) => s.doc.dataset?.fileName);
  const [name, setName] = useState('');
  const [student, setStudent] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [note, setNote] = useState<string>();
  const bundles = useRef<HTMLInputElement>(null);
  const keyFile = useRef<HTMLInputElement>(null);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    setNote(undefined);
    await f();
    setBusy(false);
  };
  const make = () =>
    run(async () => {
      const res = await actions.makeChallengeFiles(name || (fileName ?? 'challenge').replace(/\.[^.]+$/, ''));
      if (!res.ok) return setProblem(res.error);
      for (const f of res.value) downloadBlob(f.text, f.fileName, f.fileName.endsWith('.json') ? 'application/json' : 'text/csv');
      setNote(`Wrote ${res.value.map((f) => f.fileName).join(', ')}. Give students the first two; keep the key.`);
    });
  const submit = (files: File[]) =>
    run(async () => {
      for (const f of files) {
        const res = await actions.submitToChallenge(f, f.name, files.length === 1 ? student : '');
        if (!res.ok) return setProblem({ ...res.error, message: `${f.name}: ${res.error.message}` });
      }
      setStudent('');
      setNote(`Scored ${files.length} model${files.length === 1 ? '' : 's'}.`);
    });
  const ranked = [...entries].sort((a, b) => b.score - a.score || a.submittedAt - b.submittedAt);
  return (
    <section aria-labelledby="challenge-title" className="challenge-panel">
      <h3 id="challenge-title">Classroom challenge</h3>
      <p className="muted small">
        For teachers. The challenge uses this project’s cleaned data and its Encode split: students get the training part (with labels) and the test part with every label replaced by a salted
        hash, so they cannot read it. They train a model on the training file and hand in its bundle; this studio scores each bundle on the hidden labels. Everything stays in files on this
        computer.
      </p>
      <label>
        Challenge name <input value={name} onChange={(e) => setName(e.target.value)} placeholder={(fileName ?? 'challenge').replace(/\.[^.]+$/, '')} />
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => void make()}>
        Make the challenge files
      </button>{' '}
      <button type="button" className="secondary" disabled={busy} onClick={() => keyFile.current?.click()}>
        Open a teacher key…
      </button>
      <input
        ref={keyFile}
        type="file"
        accept=".json,application/json"
        aria-label="Choose a challenge teacher key"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void run(async () => {
            const res = await actions.openChallengeKey(f);
            if (!res.ok) setProblem(res.error);
            else setNote(`Opened the key of “${res.value.name}”.`);
          });
        }}
      />
      {note && <p className="small" role="status">{note}</p>}
      {problem && (
        <p className="problem-inline" role="alert">
          {problem.message} {problem.hint}
        </p>
      )}
      {key && (
        <>
          <p className="small" data-testid="challenge-key">
            Challenge “{key.name}”: {key.test.length} hidden test rows, target {key.target}, scored by {key.task === 'classification' ? 'accuracy' : 'R²'}.
          </p>
          <label>
            Student name <input value={student} onChange={(e) => setStudent(e.target.value)} placeholder="from the file name" />
          </label>{' '}
          <button type="button" disabled={busy} onClick={() => bundles.current?.click()}>
            {busy ? 'Scoring…' : 'Score student models…'}
          </button>
          <input
            ref={bundles}
            type="file"
            accept=".zip,application/zip"
            multiple
            aria-label="Choose student model bundles"
            hidden
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length) void submit(files);
            }}
          />
          {ranked.length > 0 && (
            <div className="matrix-scroll" role="region" aria-label="Leaderboard, scroll" tabIndex={0}>
              <table className="per-class" aria-label="Leaderboard">
                <thead>
                  <tr>
                    <th scope="col">rank</th>
                    <th scope="col">name</th>
                    <th scope="col">model</th>
                    <th scope="col">{ranked[0]!.metric}</th>
                    <th scope="col">stamp</th>
                    <th scope="col"><span className="sr-only">remove</span></th>
                  </tr>
                </thead>
                <tbody>
                  {ranked.map((e, i) => (
                    <tr key={e.id} data-testid="leaderboard-row">
                      <td>{i + 1}</td>
                      <th scope="row">{e.name}</th>
                      <td>{getModelInfo(e.family)?.label ?? e.family}</td>
                      <td data-testid="leaderboard-score">{fmtNum(e.score, 4)}</td>
                      <td className="small">{e.stamp}</td>
                      <td>
                        <button type="button" className="link" aria-label={`Remove ${e.name}`} onClick={() => actions.removeChallengeEntry(e.id)}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
