import { useEffect, useState } from 'react';
import { studio, useStudio } from '../../store';

/** Rows of the cleaned table as records (column → text), fetched from the data worker. */
export function useRecords(rows: number[]): Record<string, string>[] | undefined {
  const datasetId = useStudio((s) => s.doc.dataset?.datasetId);
  const recipeKey = useStudio((s) => s.doc.clean?.recipeKey);
  const [out, setOut] = useState<Record<string, string>[]>();
  const key = rows.join(',');
  useEffect(() => {
    if (!datasetId || !recipeKey || !key) return setOut(undefined);
    let live = true;
    void studio.deps.data.run({ type: 'records', table: { datasetId, stage: 'clean', recipeKey }, rows: key.split(',').map(Number) }).then((r) => {
      if (live) setOut(r.ok ? r.value : undefined);
    });
    return () => {
      live = false;
    };
  }, [datasetId, recipeKey, key]);
  return out;
}
