// Milliseconds per routing decision of msq_router.wasm under node (median over every question of EXAMPLES.json).
// Usage: node --no-experimental-fetch bench_node.js path/to/msq_router.js MODEL.msq EXAMPLES.json
'use strict';
const fs = require('fs');
const path = require('path');
const {makeRouter, benchmark} = require('./bench_common.js');

const [modulePath, modelPath, examplesPath] = process.argv.slice(2);
require(path.resolve(modulePath))().then((api) => {
  const router = makeRouter(api, fs.readFileSync(modelPath));
  const texts = JSON.parse(fs.readFileSync(examplesPath, 'utf8')).questions.map((q) => q.text);
  const result = benchmark(router, texts, () => Number(process.hrtime.bigint()) / 1e6);
  console.log(`wasm int8 (node ${process.version}): ${result.median_ms} ms per decision, ${result.candidates} ` +
              `candidates (median of ${result.decisions}, each timed over ${result.repeats} run(s))`);
});
