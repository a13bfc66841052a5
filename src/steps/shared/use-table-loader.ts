import { useCallback } from 'react';
import { studio } from '../../store';
import type { TableRef } from '../../core/jobs';
import type { CellBlock } from '../../ui/data-table';

/** A DataTable loader that reads windows of a worker-held table. */
export function useTableLoader(ref: TableRef | undefined) {
  const datasetId = ref?.datasetId;
  const recipeKey = ref?.stage === 'clean' ? ref.recipeKey : undefined;
  return useCallback(
    async (start: number, end: number, colStart: number, colEnd: number): Promise<CellBlock | undefined> => {
      if (!datasetId) return undefined;
      const table: TableRef = recipeKey ? { datasetId, stage: 'clean', recipeKey } : { datasetId, stage: 'raw' };
      const res = await studio.deps.data.run({ type: 'rows', table, start, end, colStart, colEnd });
      return res.ok ? res.value : undefined;
    },
    [datasetId, recipeKey],
  );
}
