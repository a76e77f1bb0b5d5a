/**
 * A busy loop in a container uses a core, as much as cpu.max lets it: docker
 * stats and the cgroups view show the same share.
 */

import { assert, openApp, typeInTerminal, waitForLine, type BrowserTest } from './harness.ts';

export const tests: BrowserTest[] = [
  {
    name: 'a busy container capped by --cpus 0.5: docker stats and the cgroups view show half a core',
    fn: async (page, ctx) => {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await openApp(page, ctx);
      await typeInTerminal(page, "docker run -d --name spin --cpus 0.5 alpine sh -c 'while :; do :; done'\r");
      await waitForLine(page, (l) => l.startsWith('Status: Downloaded'), 'the pull', 20000);
      await typeInTerminal(page, 'sleep 2; docker stats --no-stream\r');
      const row = await waitForLine(page, (l) => /\bspin\b/.test(l) && l.includes('%'), 'the stats row', 20000);
      assert(row.includes('50.00%'), `stats row: ${row}`);
      await page.getByRole('tab', { name: 'cgroups' }).click();
      const cg = page.getByRole('row').filter({ hasText: 'container spin' });
      await cg.waitFor();
      const text = (await cg.textContent()) ?? '';
      assert(text.includes('0.50 / 0.50'), `cgroups row: ${text}`);
    },
  },
];
