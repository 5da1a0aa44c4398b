// Benchmark: time per routing decision in the page (wasm, in the worker) vs the native runtime behind `modelsat serve`.
// usage: node bench_page.mjs --cli PATH --model FILE --wasm-dir DIR [--repeats R]
// Routes every question of examples.json (beside the model) R times in the page and through POST /v1/route, and
// prints the medians and their ratio. Page: the worker's msq_route call including JSON in and out. Native: the
// server's Router::route call (its "ms"). Not a test: run it by hand; figures go to README's Performance section.
import { api, findChromium, openPage, startServer } from './harness.mjs';

function parseArgs(argv) {
  const options = { repeats: '3' };
  for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
  return options;
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('no Chromium at /usr/bin/chromium');
  const server = await startServer(options.cli, ['--model', options.model, '--wasm-dir', options['wasm-dir']]);
  const { browser, page } = await openPage(chromiumPath, server.url.replace(/\/$/, ''));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => ['ready', 'routed'].includes(document.body.dataset.state), null, { timeout: 60000 });
    const examples = await (await fetch(server.url + 'examples.json')).json();
    const questions = examples.questions.map((question) => question.text);
    const pageMs = [];
    const nativeMs = [];
    for (let r = 0; r < Number(options.repeats); ++r) {
      for (const [index, text] of questions.entries()) {
        const marked = text + ' '.repeat(r);  // a new instruction each repeat, so the page routes it again
        await page.fill('#instruction', marked);
        await page.waitForFunction((t) => document.body.dataset.state === 'routed' &&
            document.getElementById('bars').dataset.instruction === t, marked, { timeout: 60000 });
        pageMs.push(Number(await page.getAttribute('#timing', 'data-ms')));
        const reply = await api(server.url, '/v1/route', { instruction: marked });
        nativeMs.push(reply.body.ms);
        if (r === 0 && index === 0) console.log('candidates per decision: ' + reply.body.candidates.length);
      }
    }
    const pageMedian = median(pageMs);
    const nativeMedian = median(nativeMs);
    console.log('decisions: ' + pageMs.length + ' (' + questions.length + ' questions x ' + options.repeats + ')');
    console.log('page (wasm, worker) median ms: ' + pageMedian.toFixed(3));
    console.log('native (server) median ms:     ' + nativeMedian.toFixed(3));
    console.log('ratio page / native:           ' + (pageMedian / nativeMedian).toFixed(2));
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
