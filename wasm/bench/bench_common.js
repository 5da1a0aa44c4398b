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

/// Median milliseconds per decision (request JSON, routing and reply JSON included) after at least 300 ms of warm-up
/// decisions (the engine tiers its compiled wasm up meanwhile; the zoo's capability tokens get cached). A decision
/// shorter than 5 ms is timed `repeats` times in a row and the time divided, so that one timing spans about 5 ms:
/// browsers coarsen performance.now() (Chromium without cross-origin isolation: 0.1 ms).
function benchmark(router, texts, now) {
  const warmUp = now();
  let warmed = 0;
  while (now() - warmUp < 300 || warmed < 5) router.route(texts[warmed++ % texts.length]);
  const probe = now();
  for (let i = 0; i < 5; ++i) router.route(texts[i % texts.length]);
  const repeats = Math.max(1, Math.ceil(5 / Math.max((now() - probe) / 5, 0.01)));
  const ms = texts.map((text) => {
    const begin = now();
    for (let r = 0; r < repeats; ++r) router.route(text);
    return (now() - begin) / repeats;
  }).sort((a, b) => a - b);
  const n = ms.length;
  const median = n % 2 ? ms[(n - 1) / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  return {median_ms: Number(median.toFixed(3)), decisions: n, repeats, candidates: router.candidates.length};
}

if (typeof module !== 'undefined') module.exports = {makeRouter, benchmark};
