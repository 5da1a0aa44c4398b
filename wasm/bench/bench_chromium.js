// Milliseconds per routing decision of msq_router.wasm in headless Chromium (median over every question of
// EXAMPLES.json), driven by playwright-core. Usage (playwright-core from tests/web/node_modules):
//   NODE_PATH=tests/web/node_modules node wasm/bench/bench_chromium.js BUILD_WASM_DIR MODEL.msq EXAMPLES.json
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const {chromium} = require('playwright-core');

const [wasmDir, modelPath, examplesPath] = process.argv.slice(2);
const files = {
  '/msq_router.js': [path.join(wasmDir, 'msq_router.js'), 'text/javascript'],
  '/msq_router.wasm': [path.join(wasmDir, 'msq_router.wasm'), 'application/wasm'],
  '/bench_common.js': [path.join(__dirname, 'bench_common.js'), 'text/javascript'],
  '/model.msq': [modelPath, 'application/octet-stream'],
  '/examples.json': [examplesPath, 'application/json'],
};
const page = `<!doctype html><script src="bench_common.js"></script><script src="msq_router.js"></script><script>
  (async () => {
    const api = await createMsqRouter();
    const bytes = new Uint8Array(await (await fetch('model.msq')).arrayBuffer());
    const texts = (await (await fetch('examples.json')).json()).questions.map((q) => q.text);
    window.result = benchmark(makeRouter(api, bytes), texts, () => performance.now());
  })().catch((e) => { window.result = {error: String(e)}; });
</script>`;

const server = http.createServer((request, response) => {
  const file = files[request.url];
  if (request.url === '/') {
    response.writeHead(200, {'Content-Type': 'text/html'});
    response.end(page);
  } else if (file) {
    response.writeHead(200, {'Content-Type': file[1]});
    response.end(fs.readFileSync(file[0]));
  } else {
    response.writeHead(404);
    response.end();
  }
});
server.listen(0, '127.0.0.1', async () => {
  const browser = await chromium.launch({executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync']});
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.result !== undefined, null, {timeout: 600000});
    const result = await tab.evaluate(() => window.result);
    if (result.error) throw new Error(result.error);
    console.log(`wasm int8 (Chromium ${browser.version()}): ${result.median_ms} ms per decision, ${result.candidates} ` +
                `candidates (median of ${result.decisions}, each timed over ${result.repeats} run(s))`);
  } finally {
    await browser.close();
    server.close();
  }
});
