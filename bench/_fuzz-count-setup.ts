/**
 * Vitest setup for `npm run bench -- reliability`: counts every fast-check run that passed, by
 * appending each assert's run count to FUZZ_COUNT_FILE (one line per fc.assert; vitest runs test
 * files in several processes). A failed property still throws as fast-check's own reporter does.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

const file = process.env.FUZZ_COUNT_FILE;
if (file) {
  fc.configureGlobal({
    ...fc.readConfigureGlobal(),
    reporter(out) {
      appendFileSync(file, `${out.failed ? 0 : out.numRuns}\n`);
      if (out.failed) throw new Error(fc.defaultReportMessage(out));
    },
  });
}
