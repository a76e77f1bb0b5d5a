/**
 * Browser test runner (`npm run test:browser [-- <filter>]`).
 *
 * 1. Finds Chromium (CHROMIUM_PATH, then the usual Debian/Ubuntu paths). Never
 *    skips: without a browser the run fails and says how to install one.
 * 2. Builds the app with Vite's JS API into a temp directory and serves it
 *    with a small static server on 127.0.0.1 (random port).
 * 3. Runs every `test/browser/*.spec.ts` (optionally only files whose name
 *    contains <filter>), each test in a fresh browser context, failing a test
 *    on any console error or uncaught page error.
 * Prints `ok - name` / `not ok - name` per test and `N passed, M failed`.
 */

import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import type { BrowserTest, TestContext } from './harness.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { findChromium, launchChromium, NO_CHROMIUM } from './chromium.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const TEST_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function loadSpecs(filter: string | undefined): Promise<Array<{ file: string; tests: BrowserTest[] }>> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.spec.ts') && (!filter || f.includes(filter)))
    .sort();
  const specs = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { tests?: BrowserTest[] };
    if (!Array.isArray(mod.tests)) throw new Error(`${file} does not export \`tests: BrowserTest[]\``);
    specs.push({ file, tests: mod.tests });
  }
  return specs;
}

async function runTest(browser: Browser, t: BrowserTest, ctx: TestContext): Promise<string | null> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.stack ?? err.message}`));
  try {
    await withTimeout(t.fn(page, ctx), TEST_TIMEOUT_MS, t.name);
    if (consoleErrors.length > 0) return consoleErrors.join('\n');
    return null;
  } catch (err) {
    const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return [msg, ...consoleErrors].join('\n');
  } finally {
    await context.close();
  }
}

async function main(): Promise<number> {
  const executablePath = findChromium();
  if (!executablePath) {
    process.stderr.write(NO_CHROMIUM);
    return 1;
  }

  const specs = await loadSpecs(process.argv[2]);
  if (specs.length === 0) {
    process.stderr.write(`No browser specs matched ${process.argv[2] ?? ''}\n`);
    return 1;
  }

  const outDir = mkdtempSync(join(tmpdir(), 'container-sim-browser-'));
  const screenshotDir = join(root, 'test-results', 'screenshots');
  mkdirSync(screenshotDir, { recursive: true });

  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      // The app is one chunk for now; the size warning is the lead's to act on, not test noise.
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
    });
    server = await serveStatic(outDir);
    const ctx: TestContext = { url: server.url, screenshotDir, root, dist: outDir };

    browser = await launchChromium(executablePath);
    console.log(`# ${browser.version()} at ${executablePath}, app at ${ctx.url}`);

    for (const spec of specs) {
      console.log(`# ${spec.file}`);
      for (const t of spec.tests) {
        const failure = await runTest(browser, t, ctx);
        if (failure === null) {
          passed++;
          console.log(`ok - ${t.name}`);
        } else {
          failed++;
          console.log(`not ok - ${t.name}`);
          console.log(failure.replace(/^/gm, '  '));
        }
      }
    }
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
