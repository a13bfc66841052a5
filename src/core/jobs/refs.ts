/** References to data the workers hold, as they cross between the UI and the workers. */

/** A table held by the data worker: a dataset's raw table or its cleaned table for one recipe key. */
export type TableRef = { datasetId: string; stage: 'raw' } | { datasetId: string; stage: 'clean'; recipeKey: string };

/** One plain-text file for `ingest-texts`: its path (folder/…/name.txt, which gives its label) and bytes. */
export interface TextFileRef {
  path: string;
  file: Blob;
}
