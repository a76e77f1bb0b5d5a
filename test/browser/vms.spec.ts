/**
 * VMs beside containers in the browser: the app's host has QEMU/KVM and
 * libvirt, so `virt-install --import` creates a VM with its own guest kernel
 * and `docker run` a container on the host kernel; the VMs tab's Stacks view
 * shows both side by side. Screenshots at projector and phone sizes go to
 * test-results/screenshots/ (look at them). Also: all view tabs fit on one
 * row at 1280×720.
 */

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { assert, openApp, typeInTerminal, waitForLine, type BrowserTest, type TestContext } from './harness.ts';
import { checkAxe } from './axe.ts';

const VIRT_INSTALL = 'virt-install --name web1 --memory 2048 --vcpus 2 --disk size=20 --os-variant ubuntu22.04 --import --noautoconsole';

async function stacks(page: Page, ctx: TestContext, width: number, height: number, file: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width, height });
  await openApp(page, ctx);
  await typeInTerminal(page, `${VIRT_INSTALL}\r`);
  await waitForLine(page, (l) => l.includes('Domain creation completed.'), 'virt-install to finish');
  await typeInTerminal(page, 'docker run -d nginx\r');
  await waitForLine(page, (l) => l.startsWith('Status: Downloaded newer image'), 'the nginx image to be pulled');
  await typeInTerminal(page, 'virsh list\r');
  await waitForLine(page, (l) => /^\s*\d+\s+web1\s+running/.test(l), '`virsh list` to show web1 running');

  await page.getByRole('tab', { name: 'VMs' }).click();
  const view = page.getByRole('region', { name: 'VMs and containers' });
  const picture = view.getByRole('img');
  await picture.waitFor();
  // The picture's caption (its accessible name) counts the kernels: the host's and the guest's.
  const caption = (await page.locator('figcaption').textContent()) ?? '';
  assert(/^left, 1 virtual machine, so 2 kernels in all/.test(caption.trim()), `caption: ${caption}`);
  assert(/1 container on the one host kernel/.test(caption), `caption: ${caption}`);
  const svgText = (await picture.textContent()) ?? '';
  assert(/web1/.test(svgText), `the VM side does not show web1: ${svgText}`);
  assert(/guest kernel|Linux \d/i.test(svgText), `the VM side shows no guest kernel: ${svgText}`);
  assert(/nginx/.test(svgText), `the container side does not show nginx: ${svgText}`);
  // The text alternative says where the kernels are.
  await view.getByText(/VM web1 \([a-z ]+\): its own Linux kernel/).waitFor();
  await view.getByText(/Container [0-9a-f]{12}: nginx, \d+ process/).waitFor();

  await page.evaluate(() => document.fonts.ready);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(scrollWidth <= width, `page is ${scrollWidth}px wide at a ${width}px viewport`);
  await page.screenshot({ path: join(ctx.screenshotDir, file), fullPage: width < 600 });
  await checkAxe(page, `VMs, ${width}x${height}`);
}

export const tests: BrowserTest[] = [
  {
    name: 'all view tabs fit on one row at 1280x720',
    async fn(page, ctx) {
      await openApp(page, ctx);
      const tops = await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
      assert(tops.length === 9, `${tops.length} tabs`);
      assert(new Set(tops).size === 1, `the tabs wrap onto ${new Set(tops).size} rows (tops ${tops.join(', ')})`);
    },
  },
  {
    name: 'Stacks: a VM (its own kernel) beside a container (the host kernel), 1280x720',
    fn: (page, ctx) => stacks(page, ctx, 1280, 720, 'vm-stacks-1280x720.png'),
  },
  {
    name: 'Stacks: a VM beside a container, 390x844 (phone)',
    fn: (page, ctx) => stacks(page, ctx, 390, 844, 'vm-stacks-390x844.png'),
  },
];
