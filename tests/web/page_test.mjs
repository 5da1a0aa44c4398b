// Browser tests of the routing page in headless Chromium, against `modelsat serve` and its native runtime.
// usage: node page_test.mjs <scenario> --cli PATH --model FILE [--wasm-dir DIR] [--screenshots DIR]
//   scenarios: route (page bars = native API within the parity bound), onboard (add a model in the page),
//              bad-file (a file that is not a model, a wrong version), static (the page copied to a folder with the
//              model and the wasm build, served by a plain static file server, no modelsat code)
// Exit status: 0 passed, 1 failed, 77 skipped (only when no Chromium is installed).
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SKIP, api, findChromium, openPage, readBars, scratchDir, startServer, waitForBars } from './harness.mjs';
import { serveFolder } from './static_server.mjs';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

// wasm and native run the same int8 kernels; float32 sums may differ in order (SIMD), never by more than this.
const PARITY_BOUND = 1e-4;

function parseArgs(argv) {
  const options = { scenario: argv[0] };
  for (let i = 1; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const key of ['cli', 'model']) if (!options[key]) throw new Error('page_test: missing --' + key);
  return options;
}

const parity = { compared: 0, maxDifference: 0 };

/** Page and API agree: same candidates in the same order, probabilities within the bound, same highlighted choice. */
function checkParity(bars, apiReply, label) {
  assert.deepEqual(bars.map((bar) => bar.model), apiReply.candidates, label + ': candidates');
  for (const bar of bars) {
    const expected = apiReply.probabilities[bar.model];
    parity.compared += 1;
    parity.maxDifference = Math.max(parity.maxDifference, Math.abs(bar.probability - expected));
    assert.ok(Math.abs(bar.probability - expected) <= PARITY_BOUND,
      label + ': ' + bar.model + ': page ' + bar.probability + ' vs native ' + expected);
    assert.equal(bar.shown, (bar.probability * 100).toFixed(1) + '%', label + ': shown value of ' + bar.model);
  }
  const chosen = bars.filter((bar) => bar.chosen);
  assert.equal(chosen.length, 1, label + ': exactly one highlighted bar');
  assert.equal(chosen[0].model, apiReply.choice, label + ': choice');
}

async function typeInstruction(page, text) {
  await page.click('#instruction');
  await page.fill('#instruction', '');
  await page.keyboard.type(text, { delay: 5 });
  await waitForBars(page, text);
}

async function scenarioRoute({ page, url, shots }) {
  const instruction = 'Which of these numbers is prime: 21, 27, 29 or 33? Explain briefly.';
  await typeInstruction(page, instruction);
  const native = await api(url, '/v1/route', { instruction });
  assert.equal(native.status, 200);
  checkParity(await readBars(page), native.body, 'all models');
  assert.equal(await page.evaluate(() => typeof createMsqRouter), 'undefined', 'the wasm runtime stays in the worker');
  const ms = Number(await page.getAttribute('#timing', 'data-ms'));
  assert.ok(ms > 0, 'the worker measured the decision time');

  const models = await api(url, '/v1/models');
  const zoos = Object.keys(models.body.zoos);
  if (zoos.length > 0) {
    await page.selectOption('#zoo', zoos[0]);
    await page.waitForFunction((n) => document.querySelectorAll('#bars > li').length === n &&
        document.body.dataset.state === 'routed', models.body.zoos[zoos[0]].length);
    const byZoo = await api(url, '/v1/route', { instruction, zoo: zoos[0] });
    checkParity(await readBars(page), byZoo.body, 'zoo ' + zoos[0]);
    await page.selectOption('#zoo', '');
  }

  const examples = await (await fetch(url + 'examples.json')).json();
  const first = examples.questions[0];
  await page.selectOption('#example', '0');
  await waitForBars(page, first.text);
  const exampleBars = await readBars(page);
  const exampleNative = await api(url, '/v1/route', { instruction: first.text });
  checkParity(exampleBars, exampleNative.body, 'example 0');
  for (const bar of exampleBars) {
    const right = first.correct[bar.model];
    assert.equal(bar.mark, right === true ? '✓' : right === false ? '✗' : '', 'example 0: mark of ' + bar.model);
  }
  assert.match(await page.textContent('#decision'), /candidates with recorded answers got it right/);
  if (shots) await page.screenshot({ path: join(shots, 'route-example.png'), fullPage: true });
}

async function scenarioOnboard({ page, url, shots, scratch }) {
  const models = await api(url, '/v1/models');
  const nTasks = models.body.tasks.length;
  const instruction = 'Summarise the causes of the French Revolution in two sentences.';
  await typeInstruction(page, instruction);

  await page.fill('#new-name', 'too-short');
  await page.fill('#new-aptitude', '0.5, 0.5, 0.5');
  await page.click('#add-button');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error'),
    'too-short: aptitude results of the wrong length (expected ' + nTasks + ', got 3)');

  const aptitude = Array.from({ length: nTasks }, (_, i) => (i % 2 === 0 ? 0.95 : 0.85));
  await page.fill('#new-name', 'my-new-model');
  await page.fill('#new-aptitude', aptitude.join(', '));
  await page.click('#add-button');
  await page.waitForSelector('#bars > li[data-model="my-new-model"]');
  await waitForBars(page, instruction);
  assert.equal(await page.isHidden('#error'), true, 'the error is cleared');

  const uploaded = join(scratch, 'uploaded.json');
  writeFileSync(uploaded, JSON.stringify({ tasks: models.body.tasks, vector: aptitude.map((v) => v / 2), text: '' }));
  await page.fill('#new-name', 'uploaded-model');
  await page.setInputFiles('#new-file', uploaded);
  await page.click('#add-button');
  await page.waitForSelector('#bars > li[data-model="uploaded-model"]');
  await waitForBars(page, instruction);

  const csv = join(scratch, 'aptitude.csv');
  const csvValues = aptitude.map((v) => v / 4);
  writeFileSync(csv, 'task,accuracy\n' + csvValues.map((v, i) => 'task ' + (i + 1) + ',' + v).join('\n') + '\n');
  await page.fill('#new-name', 'csv-model');
  await page.setInputFiles('#new-file', csv);
  await page.click('#add-button');
  await page.waitForSelector('#bars > li[data-model="csv-model"]');
  await waitForBars(page, instruction);

  for (const [name, values] of [['my-new-model', aptitude], ['uploaded-model', aptitude.map((v) => v / 2)],
    ['csv-model', csvValues]]) {
    const added = await api(url, '/v1/models', { name, aptitude: values });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }
  const native = await api(url, '/v1/route', { instruction });
  const bars = await readBars(page);
  checkParity(bars, native.body, 'with three added models');
  assert.match(await page.textContent('#added-models'), /my-new-model/);
  if (shots) await page.screenshot({ path: join(shots, 'onboard.png'), fullPage: true });
}

async function scenarioBadFile({ page, url, scratch, model, shots }) {
  const instruction = 'Translate "good morning" into German.';
  await typeInstruction(page, instruction);
  const notes = join(scratch, 'notes.msq');
  writeFileSync(notes, 'these are my notes, not a router\n');
  await page.setInputFiles('#model-file', notes);
  await page.waitForSelector('#error:not([hidden])');
  const error = await page.textContent('#error');
  assert.match(error, /^notes\.msq: not a modelsat router file \(bad magic\)/);
  assert.match(error, /The previous router is still loaded\./);
  if (shots) await page.screenshot({ path: join(shots, 'bad-file.png'), fullPage: true });

  const bytes = readFileSync(model);
  bytes[8] = 99;  // the u32 format version after the 8-byte magic
  const future = join(scratch, 'future.msq');
  writeFileSync(future, bytes);
  await page.setInputFiles('#model-file', future);
  await page.waitForFunction(() => /future\.msq/.test(document.getElementById('error').textContent));
  assert.match(await page.textContent('#error'), /^future\.msq: format version 99 not supported \(expected 2\)/);

  const again = instruction + ' Please.';
  await typeInstruction(page, again);
  const native = await api(url, '/v1/route', { instruction: again });
  checkParity(await readBars(page), native.body, 'after a refused file');
}

async function scenarioStatic({ page, url }) {
  const instruction = 'What is the boiling point of water at sea level in Kelvin?';
  await typeInstruction(page, instruction);
  const native = await api(url, '/v1/route', { instruction });
  checkParity(await readBars(page), native.body, 'static host');
}

const scenarios = { route: scenarioRoute, onboard: scenarioOnboard, 'bad-file': scenarioBadFile, static: scenarioStatic };

/** For the static scenario: web/, msq_router.js/.wasm, model.msq and examples.json copied into one folder. */
function staticBundle(folder, options) {
  cpSync(WEB_DIR, folder, { recursive: true, filter: (path) => !path.includes('screenshots') });
  for (const file of ['msq_router.js', 'msq_router.wasm']) copyFileSync(join(options['wasm-dir'], file), join(folder, file));
  copyFileSync(options.model, join(folder, 'model.msq'));
  copyFileSync(join(dirname(options.model), 'examples.json'), join(folder, 'examples.json'));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    console.log('SKIPPED: no Chromium at /usr/bin/chromium (install it: apt-get install chromium); the page is untested');
    return SKIP;
  }
  const scenario = scenarios[options.scenario];
  if (!scenario) throw new Error('page_test: unknown scenario ' + options.scenario);
  const serverArgs = ['--model', options.model];
  if (options['wasm-dir']) serverArgs.push('--wasm-dir', options['wasm-dir']);
  const server = await startServer(options.cli, serverArgs);
  const scratch = scratchDir();
  let staticHost = null;
  if (options.scenario === 'static') {
    const folder = join(scratch.path, 'site');
    staticBundle(folder, options);
    staticHost = await serveFolder(folder);
  }
  const pageUrl = staticHost ? staticHost.url : server.url;
  const { browser, page, foreign, consoleErrors } = await openPage(chromiumPath, pageUrl.replace(/\/$/, ''));
  try {
    await page.goto(pageUrl);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'routed',
      null, { timeout: 30000 });
    await scenario({ page, url: server.url, shots: options.screenshots, scratch: scratch.path, model: options.model });
    assert.deepEqual(foreign, [], 'the page reached only its own origin');
    assert.deepEqual(consoleErrors.filter((text) => !/Failed to load resource/.test(text)), [], 'console errors');
    console.log('PASSED: ' + options.scenario + ' (' + parity.compared + ' probabilities compared with the native ' +
                'runtime, max |page - native| = ' + parity.maxDifference.toExponential(2) + ')');
    return 0;
  } finally {
    await browser.close();
    if (staticHost) await staticHost.close();
    const status = await server.stop();
    scratch.remove();
    assert.equal(status, 0, 'modelsat serve stops cleanly on SIGTERM');
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error('FAILED: ' + (error.stack || error));
  process.exit(1);
});
