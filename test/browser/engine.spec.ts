/**
 * The Engine view: `docker run` step by step, read off the host's events and
 * revealed by the playback cursor (all at once with reduced motion).
 */

import { join } from 'node:path';
import { assert, openApp, typeInTerminal, waitForLine, type BrowserTest } from './harness.ts';
import { checkAxe } from './axe.ts';

const RUN = 'docker run -d --name web -p 8080:80 nginx';

export const tests: BrowserTest[] = [
  {
    name: 'Engine view: docker run unfolds step by step with the playback, CLI to kernel',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await page.getByRole('tab', { name: 'Engine' }).click();
      const view = page.getByRole('region', { name: 'Docker engine' });
      await view.getByText(/Run a container to see the steps/).waitFor();
      await typeInTerminal(page, `${RUN}\r`);
      // Mid-playback only some steps are shown; the one being played is marked current.
      const count = view.locator('h3 .count');
      await count.waitFor();
      const early = (await count.textContent()) ?? '';
      const m = /^(\d+) of (\d+) steps/.exec(early);
      assert(m, `step count reads "${early}"`);
      assert(Number(m[1]) < Number(m[2]), `all ${m[2]} steps were shown at once while playing ("${early}")`);
      await view.locator('.steps [aria-current="step"]').waitFor();
      // The terminal moves the command on frame by frame (its pull, then create and start), so more
      // steps arrive while the first ones play: read the total once the command has finished.
      await waitForLine(page, (l) => l.startsWith('Status: Downloaded newer image'), 'the pull', 20_000);
      await waitForLine(page, (l) => /^[0-9a-f]{40,}$/.test(l), 'the container ID', 20_000);
      const total = /of (\d+) steps/.exec((await count.textContent()) ?? '')?.[1];
      assert(total, 'a step count after the command finished');
      // Then all of them, in order, from the CLI down to the kernel and the container's process.
      await view.getByText(`${total} of ${total} steps`, { exact: true }).waitFor({ timeout: 20_000 });
      const calls = await view.locator('.steps li .call').allTextContents();
      const expectInOrder = [
        /^docker run -d --name web -p 8080:80 nginx$/,
        /^POST \/v1\.50\/containers\/create\?name=web$/,
        /^POST \/v1\.50\/images\/create\?fromImage=nginx&tag=latest$/,
        /^POST \/v1\.50\/containers\/[0-9a-f]{12}\/start$/,
        /^\/usr\/bin\/containerd-shim-runc-v2 /,
        /^\/usr\/bin\/runc .* create /,
        /^mkdir \/sys\/fs\/cgroup\/system\.slice\/docker-/,
        /^clone\(CLONE_NEWNS \| CLONE_NEWUTS \| CLONE_NEWIPC \| CLONE_NEWPID \| CLONE_NEWCGROUP \| CLONE_NEWNET\)$/,
        /^ip link add veth/,
        /^pivot_root\(/,
        /^capset/,
        /^execve\(/,
      ];
      let from = 0;
      for (const re of expectInOrder) {
        const i = calls.findIndex((c, j) => j >= from && re.test(c));
        assert(i >= 0, `no step ${re} after step ${from}; steps:\n    ${calls.join('\n    ')}`);
        from = i + 1;
      }
      await page.screenshot({ path: join(ctx.screenshotDir, 'engine-1280x720.png') });
    },
  },
  {
    name: 'Engine view: axe finds no serious or critical violations (light theme, reduced motion)',
    async fn(page, ctx) {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await openApp(page, ctx);
      await page.getByRole('button', { name: 'Light theme' }).click();
      await page.getByRole('tab', { name: 'Engine' }).click();
      await typeInTerminal(page, 'docker run -d --name cache -m 64m redis\r');
      const view = page.getByRole('region', { name: 'Docker engine' });
      // Reduced motion: every step at once, the -m limit among them.
      await view.getByText(/^echo 67108864 > memory\.max/).waitFor();
      await checkAxe(page, 'engine, light');
    },
  },
];
