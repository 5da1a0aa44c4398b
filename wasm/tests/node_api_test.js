// Node test of the JavaScript API of msq_router.js: load, info, route, and the error messages for bad files and
// bad requests. Usage: node --no-experimental-fetch node_api_test.js path/to/msq_router.js path/to/fixture.msq
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const [modulePath, fixturePath] = process.argv.slice(2);
const createMsqRouter = require(path.resolve(modulePath));

function load(api, bytes) {
  const pointer = api._malloc(bytes.length);
  api.HEAPU8.set(bytes, pointer);
  const ok = api._msq_load(pointer, bytes.length);
  api._free(pointer);
  return ok;
}

function call(api, name, text) {
  const size = api.lengthBytesUTF8(text) + 1;
  const pointer = api._malloc(size);
  api.stringToUTF8(text, pointer, size);
  const result = api.UTF8ToString(api[name](pointer));
  api._free(pointer);
  return JSON.parse(result);
}

createMsqRouter().then((api) => {
  const bytes = fs.readFileSync(fixturePath);

  assert.strictEqual(call(api, '_msq_route', '{}').error, 'no router loaded (call msq_load first)');
  assert.strictEqual(load(api, Buffer.from('<html>not a model</html>')), 0);
  assert.strictEqual(api.UTF8ToString(api._msq_error()), 'model.msq: not a modelsat router file (bad magic)');
  const version = Buffer.from(bytes);
  version[8] = 7;
  assert.strictEqual(load(api, version), 0);
  assert.strictEqual(api.UTF8ToString(api._msq_error()), 'model.msq: format version 7 not supported (expected 2)');
  const corrupted = Buffer.from(bytes);
  corrupted[corrupted.length >> 1] ^= 1;
  assert.strictEqual(load(api, corrupted), 0);
  assert.strictEqual(api.UTF8ToString(api._msq_error()), 'model.msq: checksum mismatch (the file is corrupted)');
  assert.match(api.UTF8ToString(api._msq_error()), /checksum/);
  assert.strictEqual(load(api, bytes.subarray(0, bytes.length - 10)), 0);
  assert.match(api.UTF8ToString(api._msq_error()), /^model\.msq: truncated \(expected \d+ bytes, got \d+\)$/);

  assert.strictEqual(load(api, bytes), 1);
  assert.strictEqual(api.UTF8ToString(api._msq_error()), '');
  const info = JSON.parse(api.UTF8ToString(api._msq_info()));
  assert.strictEqual(info.format_version, 2);
  assert.strictEqual(info.settings.sequence_order, 'capability_first');
  assert.strictEqual(info.tasks.length, 5);
  assert.strictEqual(info.models.length, 3);
  assert.deepStrictEqual(info.zoos.small, ['model_0', 'model_2']);

  const candidates = info.models.map((m) => ({name: m.name, aptitude: m.aptitude}));
  const decision = call(api, '_msq_route', JSON.stringify({instruction: 'is 2+2 4?', candidates}));
  assert.strictEqual(decision.probabilities.length, 3);
  for (const p of decision.probabilities) assert.ok(p > 0 && p < 1);
  assert.strictEqual(decision.probabilities[decision.choice], Math.max(...decision.probabilities));
  assert.strictEqual(decision.truncated, false);
  assert.ok(decision.instruction_tokens > 0);

  // Models of the file by name: the same decision as with their aptitude results spelled out; mixable with objects.
  const byName = call(api, '_msq_route', JSON.stringify({instruction: 'is 2+2 4?', candidates: info.models.map((m) => m.name)}));
  assert.deepStrictEqual(byName, decision);
  const mixed = call(api, '_msq_route',
                     JSON.stringify({instruction: 'is 2+2 4?', candidates: ['model_0', candidates[1], 'model_2']}));
  assert.deepStrictEqual(mixed, decision);
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates: ['model_0', 'nope']})).error,
                     'request: candidates[1]: unknown model "nope" (expected a model of the loaded file, or an object ' +
                     'with its aptitude results)');
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates: [7]})).error,
                     'request: candidates[0]: expected an object or a model name');

  const long = call(api, '_msq_route', JSON.stringify({instruction: 'q'.repeat(400), candidates}));
  assert.strictEqual(long.truncated, true);
  assert.strictEqual(long.instruction_tokens, 24);

  const short = [{name: 'short', aptitude: [0.5, 0.5, 0.5]}];
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates: short})).error,
                     "candidate 'short': aptitude results of the wrong length (expected 5, got 3)");
  const high = [{name: 'high', aptitude: [0.5, 0.5, 0.5, 0.5, 1.5]}];
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates: high})).error,
                     "candidate 'high': aptitude result out of [0, 1] at task 4 (got 1.500000)");
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates: []})).error,
                     'no candidates (expected at least 1)');
  assert.strictEqual(call(api, '_msq_route', 'not json').error, 'request: not valid JSON');
  assert.strictEqual(call(api, '_msq_route', JSON.stringify({instruction: 'x', candidates, extra: 1})).error,
                     'request: unknown key "extra"');
  console.log('node API test passed: ' + JSON.stringify(decision));
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
