/** Moved to steps/shared (the text Model step reads BERT folders the same way). */
export { asModelFiles, filesOfDrop } from '../shared/drop-files';
