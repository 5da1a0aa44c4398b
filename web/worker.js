// The router's Web Worker: loads msq_router.js/.wasm and a .msq file, answers info and route messages off the main thread.
/* global importScripts, createMsqRouter */
'use strict';

// Messages in:  {type: 'load', id, url} | {type: 'load', id, bytes: ArrayBuffer, name} | {type: 'route', id,
//                instruction, candidates: [name of a model of the file, or {name, aptitude} of an added one]}
// Messages out: {type: 'loaded', id, info, name, ms} | {type: 'routed', id, result, ms} |
//               {type: 'error', id, message, keptPrevious}

let runtimePromise = null;
let lastGood = null;  // {bytes: Uint8Array, name} of the model currently loaded

function runtime() {
  if (!runtimePromise) {
    runtimePromise = (async () => {
      try {
        importScripts('msq_router.js');
      } catch (error) {
        throw new Error('msq_router.js: cannot load the WebAssembly runtime (' + error.message +
                        '); build it (wasm/README.md) and serve it beside this page');
      }
      return createMsqRouter({ locateFile: (path) => path });
    })();
  }
  return runtimePromise;
}

function heap(module) {
  const memory = module.HEAPU8;
  if (!memory) throw new Error('msq_router.js: the runtime does not export HEAPU8 (expected a build with it exported)');
  return memory;
}

function readCString(module, pointer) {
  const memory = heap(module);
  let end = pointer;
  while (memory[end] !== 0) end += 1;
  return new TextDecoder().decode(memory.subarray(pointer, end));
}

function withBytes(module, bytes, use) {
  const pointer = module._malloc(bytes.length + 1);
  if (!pointer) throw new Error('out of memory: cannot copy ' + bytes.length + ' bytes into the runtime');
  try {
    const memory = heap(module);
    memory.set(bytes, pointer);
    memory[pointer + bytes.length] = 0;
    return use(pointer, bytes.length);
  } finally {
    module._free(pointer);
  }
}

function loadBytes(module, bytes) {
  const ok = withBytes(module, bytes, (pointer, length) => module._msq_load(pointer, length));
  if (!ok) throw new Error(readCString(module, module._msq_error()));
  return JSON.parse(readCString(module, module._msq_info()));
}

async function fetchBytes(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(url + ': cannot fetch (' + error.message + ')');
  }
  if (!response.ok) throw new Error(url + ': cannot fetch (HTTP ' + response.status + ')');
  return new Uint8Array(await response.arrayBuffer());
}

async function onLoad(message) {
  const module = await runtime();
  const name = message.url || message.name;
  const bytes = message.url ? await fetchBytes(message.url) : new Uint8Array(message.bytes);
  const start = performance.now();
  try {
    const info = loadBytes(module, bytes);
    const ms = performance.now() - start;
    lastGood = { bytes, name };
    postMessage({ type: 'loaded', id: message.id, info, name, ms });
  } catch (error) {
    let keptPrevious = false;
    if (lastGood) {
      loadBytes(module, lastGood.bytes);
      keptPrevious = true;
    }
    postMessage({ type: 'error', id: message.id, message: name + ': ' + stripSource(error.message), keptPrevious });
  }
}

// msq_load names every source "model.msq"; the page puts the real file name in its place.
function stripSource(text) {
  const runtimeName = 'model.msq: ';
  return text.startsWith(runtimeName) ? text.slice(runtimeName.length) : text;
}

async function onRoute(message) {
  const module = await runtime();
  const request = new TextEncoder().encode(JSON.stringify({
    instruction: message.instruction,
    candidates: message.candidates,
  }));
  const start = performance.now();
  const text = withBytes(module, request, (pointer) => readCString(module, module._msq_route(pointer)));
  const ms = performance.now() - start;
  const result = JSON.parse(text);
  if (result.error) throw new Error(result.error);
  postMessage({ type: 'routed', id: message.id, result, ms });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === 'load') await onLoad(message);
    else if (message.type === 'route') await onRoute(message);
    else throw new Error('worker: unknown message type "' + message.type + '" (expected load or route)');
  } catch (error) {
    postMessage({ type: 'error', id: message.id, message: error.message, keptPrevious: Boolean(lastGood) });
  }
};
