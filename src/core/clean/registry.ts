/**
 * Every cleaning op, keyed by type. Adding an op = one file + one line in OP_LIST.
 * The UI renders op cards and forms from this list; the recipe runner looks ops up here.
 */
import { changeType } from './change-type';
import { dropColumns } from './drop-columns';
import { dropMissingRows } from './drop-missing-rows';
import { filterRowsOp } from './filter-rows';
import { impute } from './impute';
import { mapValues } from './map-values';
import { normalizeCategories } from './normalize-categories';
import { eraseOp, type AnyOp } from './op';
import { outliers } from './outliers';
import { removeDuplicates } from './remove-duplicates';
import { renameColumn } from './rename-column';
import { textDuplicates } from './text-duplicates';
import { textStripHtml } from './text-html';
import { textLengthFilter } from './text-length';
import { textLowercase } from './text-lowercase';
import { textReplacePatterns } from './text-patterns';
import { textStopwords } from './text-stopwords';
import { textNormalizeUnicode } from './text-unicode';
import { textCollapseWhitespace } from './text-whitespace';
import { writtenNumbers } from './written-numbers';

const OP_LIST: readonly AnyOp[] = [
  eraseOp(dropColumns),
  eraseOp(dropMissingRows),
  eraseOp(impute),
  eraseOp(removeDuplicates),
  eraseOp(outliers),
  eraseOp(changeType),
  eraseOp(writtenNumbers),
  eraseOp(filterRowsOp),
  eraseOp(renameColumn),
  eraseOp(mapValues),
  eraseOp(normalizeCategories),
  // Text, in the order they are usually applied.
  eraseOp(textStripHtml),
  eraseOp(textNormalizeUnicode),
  eraseOp(textLowercase),
  eraseOp(textReplacePatterns),
  eraseOp(textStopwords),
  eraseOp(textCollapseWhitespace),
  eraseOp(textLengthFilter),
  eraseOp(textDuplicates),
];

export const OPS: Readonly<Record<string, AnyOp>> = Object.fromEntries(OP_LIST.map((op) => [op.type, op]));

export const listOps = (): readonly AnyOp[] => OP_LIST;

export const getOp = (type: string): AnyOp | undefined => (Object.hasOwn(OPS, type) ? OPS[type] : undefined);
