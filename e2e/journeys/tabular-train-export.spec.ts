import { test, expect, exportAndImportFresh, openFreshStudio } from '../support/studio';

const BACKENDS = [
  { name: 'wasm', label: 'WebAssembly (CPU)', epochs: 8 },
  { name: 'cpu', label: 'Plain JavaScript (CPU)', epochs: 8 },
  { name: 'webgl', label: 'WebGL', epochs: 4 },
  { name: 'webgpu', label: 'WebGPU', epochs: 2 },
];

const IRIS_ROW = { sepal_length: '6.3', sepal_width: '2.8', petal_length: '5.1', petal_width: '1.5' };

for (const backend of BACKENDS) {
  test(`iris: train on ${backend.name}, evaluate, export, import in a new page, same predictions`, async ({ page, browser }, testInfo) => {
    test.setTimeout(300_000);
    await openFreshStudio(page);
    await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
    await expect(page.getByLabel('Target column')).toHaveValue('species');

    await page.getByRole('button', { name: /Step 3: Encode/ }).click();
    await expect(page.getByText(/The model will see 4 features/)).toBeVisible();
    await expect(page.getByText(/Training \d+ %? ?\(105 rows\)|\(105 rows\)/).first()).toBeVisible();

    await page.getByRole('button', { name: /Step 4: Model/ }).click();
    await page.getByRole('button', { name: /Choose Neural network|Choose MLP|Choose .*MLP/ }).click();
    // Cards estimate training time from a short speed test on this device.
    await expect(page.getByText(/roughly \d+ s for \d+ epochs \(estimated from a speed test on \w+\)/).first()).toBeVisible({ timeout: 60_000 });

    await page.getByRole('button', { name: /Step 5: Train/ }).click();
    await page.getByLabel('Run on').selectOption({ label: backend.label });
    await page.getByLabel('Epochs', { exact: true }).fill(String(backend.epochs));
    await page.getByLabel('Learning rate', { exact: true }).fill('0.05');
    // The 50 ms main-thread budget while training is measured by `npm run bench -- train-ui`.
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });
    await expect(page.getByRole('table').filter({ hasText: 'Compare' }).getByRole('cell', { name: new RegExp(`^${backend.name}`) })).toBeVisible();
    await expect(page.getByRole('figure', { name: 'Loss per epoch' })).toBeVisible();

    await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
    const accuracy = Number(await page.getByTestId('metric-Accuracy').textContent());
    expect(accuracy).toBeGreaterThan(0.6); // 3 balanced classes: chance is 0.33
    await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
    await page.getByRole('button', { name: /rows of true class setosa predicted as setosa/ }).click();
    await expect(page.getByText(/True setosa, predicted setosa: \d+ rows/)).toBeVisible();

    for (const [k, v] of Object.entries(IRIS_ROW)) await page.getByLabel(new RegExp(`^${k}`)).fill(v);
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const probs = async (p: typeof page) => Promise.all(['setosa', 'versicolor', 'virginica'].map((c) => p.getByTestId(`probability-${c}`).textContent()));
    await expect(page.getByTestId('predicted-class')).toBeVisible();
    const before = await probs(page);

    const other = await exportAndImportFresh(page, browser, testInfo.outputPath('bundle.zip'));
    for (const [k, v] of Object.entries(IRIS_ROW)) await other.getByLabel(new RegExp(`^${k}`)).fill(v);
    await other.getByRole('button', { name: 'Predict', exact: true }).click();
    await expect(other.getByTestId('predicted-class')).toBeVisible();
    expect(await probs(other)).toEqual(before);
    await other.context().close();
  });
}
