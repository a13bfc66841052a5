/**
 * CSV file → Table: detects the dialect from the head, then reads the file in one go
 * (csv-read.ts) or, when large and a second thread is offered, as two halves (csv-split.ts).
 */
import { err } from '../util/result';
import { StreamDecoder } from './decode';
import { detectDelimiter, guessNewline, sampleRows, type Delimiter } from './delimiter';
import { detectHeader } from './csv-header';
import type { CsvTokenizerFactory } from './csv-scan';
import { csvScanner, finishBuilders, finishCsv, readCsvPart, type CsvSettings } from './csv-read';
import { SPLIT_MIN_BYTES, splitCsv } from './csv-split';
import { delimiterHintFromName } from './sniff';
import { CANCELLED, type IngestResult, type IngestTuning, type ReadContext } from './ingest-types';

export { raggedRows } from './csv-read';

export async function ingestCsv(ctx: ReadContext, tokenizer: CsvTokenizerFactory = csvScanner, tuning: IngestTuning = {}): Promise<IngestResult> {
  const { options } = ctx;
  const newline = guessNewline(ctx.head);
  const delimiter: Delimiter =
    options.delimiter ??
    detectDelimiter(ctx.head, newline, ctx.headIsAll, delimiterHintFromName(options.fileName)) ??
    ',';
  const hasHeader = options.hasHeader ?? detectHeader(sampleRows(ctx.head, delimiter, newline, ctx.headIsAll));
  const settings: CsvSettings = { delimiter, newline, hasHeader, skipBadRows: options.skipBadRows ?? false };

  const half = tuning.csvHalf;
  if (half && tokenizer === csvScanner && ctx.decoder.encoding === 'utf-8' && ctx.source.size >= (tuning.csvSplitMinBytes ?? SPLIT_MIN_BYTES)) {
    const result = await splitCsv(ctx, settings, half, tuning.csvCutAt);
    if (result) return result;
    if (ctx.signal?.aborted) return err(CANCELLED);
    // The halves could not be merged (a quote open at the cut, a problem to report with its
    // row, not UTF-8 …): read the file in one go, which reports everything as it always has.
    ctx = { ...ctx, decoder: new StreamDecoder(ctx.encoding) };
  }

  const part = await readCsvPart({
    source: ctx.source,
    decoder: ctx.decoder,
    chunkBytes: ctx.chunkBytes,
    signal: ctx.signal,
    settings,
    tokenizer,
    progress: ctx.progress,
  });
  if (part.hugeRow === 0 && ctx.signal?.aborted) return err(CANCELLED);
  return finishCsv(ctx, settings, part, finishBuilders(part));
}
