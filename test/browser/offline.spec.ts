/**
 * Offline after the first load: the built app served under a sub-path by a
 * plain static server (no special headers) installs its service worker; with
 * the server gone and the browser offline, a reload still boots the host,
 * the terminal runs commands, and lazily loaded parts (a view, the lessons)
 * still load.
 */

import { assert, runAndExpect, type BrowserTest } from './harness.ts';
import { serveStatic } from './static-server.ts';

const PREFIX = '/course/container-sim/';

export const tests: BrowserTest[] = [
  {
    name: 'offline after the first load, under a sub-path: reload, the terminal works',
    async fn(page, ctx) {
      const srv = await serveStatic(ctx.dist, PREFIX);
      try {
        await page.goto(srv.url, { waitUntil: 'load' });
        await page.getByRole('textbox', { name: 'Terminal input' }).waitFor({ state: 'attached' });
        // The worker registers once the terminal is up, precaches the build, then claims the page.
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
        const info = await page.evaluate(async () => {
          const reg = await navigator.serviceWorker.ready;
          const keys = await caches.keys();
          const cache = await caches.open(keys.find((k) => k.startsWith('container-sim-')) ?? '');
          const urls = (await cache.keys()).map((r) => new URL(r.url).pathname);
          return { scope: reg.scope, keys, urls };
        });
        assert(info.scope === srv.url, `the worker's scope is ${info.scope}, expected the sub-path ${srv.url}`);
        assert(info.keys.length === 1, `one versioned cache expected, found ${info.keys.join(', ')}`);
        for (const part of ['index.html', 'assets/host-', 'assets/TerminalView-', 'assets/LessonPanel-', 'assets/lesson-', 'assets/VmView-']) {
          assert(
            info.urls.some((u) => u.startsWith(PREFIX + part)),
            `the precache has no ${part}* (has ${info.urls.length} files)`,
          );
        }
      } finally {
        await srv.close();
      }

      await page.context().setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('textbox', { name: 'Terminal input' }).waitFor({ state: 'attached' });
      await runAndExpect(page, 'echo offline-ok', 'offline-ok');
      // Lazily loaded chunks come from the cache too.
      await page.getByRole('tab', { name: 'VMs' }).click();
      await page.getByRole('heading', { name: 'VMs and containers' }).waitFor();
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.getByRole('region', { name: 'Lesson' }).getByRole('heading').first().waitFor();
    },
  },
];
