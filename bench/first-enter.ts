/**
 * `npm run bench:first-enter -- [REV] [--pages 8] [--lines 'sleep 1000 &|sleep 1001 &']`:
 * how long after Enter the app shows a command's effect, the first time and
 * the times after, in fresh pages of the production build in the system
 * Chromium; with REV, the working tree (B) against git revision REV (A), their
 * pages taken in turns so both meet the machine's slow spells alike.
 *
 * Why: bench/browser.ts gives one first Enter per run, rounded by where Enter
 * fell in the display's 16.7 ms frame interval, and the machine's speed swings
 * by a third within minutes, so a few milliseconds of first-command work (the
 * idle-time warm-up, src/app/warmup.ts) cannot be told apart there. Each line
 * typed gives three times from Enter's keydown: `ran`, the simulator running
 * the command (the app's cs:enter to cs:ran marks); `changed`, the view's DOM
 * changed and the app's update after it done (a MutationObserver on the tab
 * panel, which runs after the update's microtasks); `frame`, the start of the
 * next frame (requestAnimationFrame), which adds the wait for the display;
 * `rendered`, that frame's style, layout and paint done (a message posted from
 * the frame's callback). `changed` is the steadiest; `rendered` is what the
 * learner waits for (work moved from before the frame into its rendering
 * shows there, not in `frame`). Each figure is the median over the pages.
 * A development tool, not part of `npm run bench` (~4 s a page, plus a build
 * of each version).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { findChromium, launchChromium, NO_CHROMIUM } from '../test/browser/chromium.ts';
import { serveStatic } from '../test/browser/static-server.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** In-page probe (run as written): resolves window.__csFirst with [ran, changed, frame, rendered] in ms after Enter's keydown. */
const PROBE = `(window.__csFirst = new Promise((done) => {
  let enterAt = -1, changed = -1;
  const onKey = (e) => { if (e.key === 'Enter' && enterAt < 0) enterAt = performance.now(); };
  document.addEventListener('keydown', onKey, { capture: true });
  const mo = new MutationObserver(() => {
    if (enterAt < 0) return;
    mo.disconnect();
    document.removeEventListener('keydown', onKey, { capture: true });
    changed = performance.now() - enterAt;
    requestAnimationFrame(() => {
      const e = performance.getEntriesByName('cs:enter').at(-1), r = performance.getEntriesByName('cs:ran').at(-1);
      const frame = performance.now() - enterAt;
      // A message posted from the frame's callback arrives once that frame's rendering is done.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => done([e && r ? r.startTime - e.startTime : NaN, changed, frame, performance.now() - enterAt]);
      ch.port2.postMessage(0);
    });
  });
  setTimeout(() => { mo.disconnect(); done([NaN, NaN, NaN, NaN]); }, 10000);
  mo.observe(document.querySelector('[role="tabpanel"]'), { subtree: true, childList: true, characterData: true, attributes: true });
})), true`;

/** A checkout's sources at REV, unpacked in the cache with this tree's node_modules; returns its directory. */
function checkout(rev: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(root, 'node_modules', '.cache', 'container-sim-first-enter', sha);
  if (!existsSync(join(dir, 'index.html'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

async function main(): Promise<number> {
  const executablePath = findChromium();
  if (!executablePath) {
    process.stderr.write(NO_CHROMIUM);
    return 1;
  }
  const rev = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : null;
  const pages = Number(option('--pages') ?? 8);
  if (!Number.isInteger(pages) || pages < 1) throw new Error('--pages needs a whole number of at least 1');
  const lines = (option('--lines') ?? 'sleep 1000 &|sleep 1001 &').split('|');
  const versions: Array<{ name: string; dir: string }> = [];
  if (rev) versions.push({ name: `${rev} (A)`, dir: checkout(rev) });
  versions.push({ name: rev ? 'working tree (B)' : 'working tree', dir: root });
  const servers = [];
  for (const v of versions) {
    const dist = mkdtempSync(join(tmpdir(), 'container-sim-first-enter-'));
    await build({ root: v.dir, configFile: join(v.dir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true, chunkSizeWarningLimit: 8192 } });
    servers.push(await serveStatic(dist));
  }
  const browser = await launchChromium(executablePath);
  // times[version][line] = [ran, changed, frame] per page
  const times = versions.map(() => lines.map(() => [] as number[][]));
  try {
    for (let i = 0; i < pages * versions.length; i++) {
      const vi = i % versions.length;
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto((servers[vi] as { url: string }).url, { waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('cs:terminal-ready').length > 0, null, { timeout: 60_000, polling: 50 });
      // As bench/browser.ts: the learner types once the page has been idle a moment.
      await page.waitForTimeout(1500);
      for (const [li, line] of lines.entries()) {
        await page.getByRole('textbox', { name: 'Terminal input' }).focus();
        await page.keyboard.type(line);
        await page.evaluate(PROBE);
        await page.keyboard.press('Enter');
        (times[vi]?.[li] as number[][]).push((await page.evaluate('window.__csFirst')) as number[]);
        await page.waitForTimeout(400);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
  const fmt = (x: number) => x.toFixed(1);
  console.log(`Enter to effect, ms, median of ${pages} fresh pages${rev ? ' each, in turns' : ''}: ran (the simulator) / changed (the view) / frame / rendered`);
  for (const [li, line] of lines.entries()) {
    console.log(`${li === 0 ? 'first' : `then`} \`${line}\``);
    const meds = versions.map((_, vi) => [0, 1, 2, 3].map((k) => median((times[vi]?.[li] as number[][]).map((t) => t[k] as number))));
    for (const [vi, v] of versions.entries()) console.log(`  ${v.name.padEnd(18)} ${(meds[vi] as number[]).map(fmt).join(' / ')}`);
    if (rev) console.log(`  ${'B - A'.padEnd(18)} ${[0, 1, 2, 3].map((k) => fmt((meds[1]?.[k] as number) - (meds[0]?.[k] as number))).join(' / ')}`);
  }
  return 0;
}

process.exitCode = await main();
