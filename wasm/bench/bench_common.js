// Shared by the node and Chromium benchmarks: load a .msq into msq_router.js and time routing decisions.
'use strict';

function makeRouter(api, bytes) {
  const pointer = api._malloc(bytes.length);
  api.HEAPU8.set(bytes, pointer);
  const ok = api._msq_load(pointer, bytes.length);
  api._free(pointer);
  if (!ok) throw new Error(api.UTF8ToString(api._msq_error()));
  const info = JSON.parse(api.UTF8ToString(api._msq_info()));
  const candidates = info.models.map((m) => m.name);  // the file's models by name: no aptitude arrays to parse
  return {
    candidates,
    route(instruction) {
      const request = JSON.stringify({instruction, candidates});
      const size = api.lengthBytesUTF8(request) + 1;
      const p = api._malloc(size);
      api.stringToUTF8(request, p, size);
      const result = JSON.parse(api.UTF8ToString(api._msq_route(p)));
      api._free(p);
      if (result.error) throw new Error(result.error);
      return result;
    },
  };
}

/// Median milliseconds per decision (request JSON, routing and reply JSON included) after one warm-up decision.
function benchmark(router, texts, now) {
  router.route(texts[0]);
  const ms = texts.map((text) => {
    const start = now();
    router.route(text);
    return now() - start;
  }).sort((a, b) => a - b);
  const n = ms.length;
  const median = n % 2 ? ms[(n - 1) / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  return {median_ms: Number(median.toFixed(3)), decisions: n, candidates: router.candidates.length};
}

if (typeof module !== 'undefined') module.exports = {makeRouter, benchmark};
