// Shared pieces of the browser tests: start `modelsat serve`, launch headless Chromium, read the page's bars.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The flags of shared/docs/toolchain.md; playwright adds --headless and its own fresh --user-data-dir.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SKIP = 77;  // ctest's SKIP_RETURN_CODE for these tests

/** The Chromium binary, or null when none is installed (the only reason to skip). */
export function findChromium() {
  for (const path of [process.env.MODELSAT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (path && existsSync(path)) return path;
  }
  return null;
}

/** Starts `modelsat serve --port 0 ...args` and resolves to {url, stop} once it prints its address. */
export function startServer(cli, args) {
  const child = spawn(cli, ['serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MODELSAT_PLUGIN_PATH: '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error('modelsat serve did not start in 60 s: ' + stderr)), 60000);
    child.on('exit', (code) => reject(new Error('modelsat serve exited with ' + code + ': ' + stderr)));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /serving on (http:\/\/[^/\s]+\/)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done(child.exitCode);
          child.removeAllListeners('exit');
          child.on('exit', (code) => done(code));
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

/** Launches Chromium and opens a page that may only reach origin; foreign requests are aborted and recorded. */
export async function openPage(chromiumPath, origin) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    throw new Error('playwright-core is not installed: run `npm ci` in tests/web (.ci/build does) (' + error.message + ')');
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
  const page = await context.newPage();
  const foreign = [];
  const consoleErrors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { browser, page, foreign, consoleErrors };
}

/** Waits until the page shows the routing result for exactly this instruction. */
export async function waitForBars(page, instruction) {
  await page.waitForFunction((text) => {
    const bars = document.getElementById('bars');
    return document.body.dataset.state === 'routed' && bars.dataset.instruction === text;
  }, instruction, { timeout: 30000 });
}

/** The bars as the page shows them: [{model, probability, shown, chosen, mark}] and the highlighted choice. */
export function readBars(page) {
  return page.$$eval('#bars > li', (items) => items.map((item) => ({
    model: item.dataset.model,
    probability: Number(item.dataset.probability),
    shown: item.querySelector('.value').textContent,
    chosen: item.classList.contains('chosen'),
    mark: item.querySelector('.mark').textContent,
  })));
}

/** POSTs JSON to the server's API and returns {status, body}. */
export async function api(url, path, body) {
  const response = await fetch(url + path.replace(/^\//, ''), body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), 'modelsat-web-'));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
