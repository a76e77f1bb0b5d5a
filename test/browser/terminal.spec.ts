/**
 * The terminal is connected to a real simulated host: it shows a shell prompt
 * and runs what the learner types.
 */

import { assert, openApp, runAndExpect, typeInTerminal, waitForLine, type BrowserTest } from './harness.ts';

/** A shell prompt as bash prints it for root: "root@docker-host:~#". */
const PROMPT = /^\S+@[\w.-]+:\S*\s*[#$]$/;

export const tests: BrowserTest[] = [
  {
    name: 'page loads with title container-sim and a shell prompt',
    async fn(page, ctx) {
      await openApp(page, ctx);
      assert((await page.title()) === 'container-sim', `title is "${await page.title()}"`);
      await page.getByRole('heading', { level: 1, name: 'container-sim' }).waitFor();
      await waitForLine(page, (l) => PROMPT.test(l), 'a shell prompt like "root@docker-host:~#"');
    },
  },
  {
    name: 'typing `echo hello` + Enter prints hello',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await runAndExpect(page, 'echo hello', 'hello');
    },
  },
  {
    name: 'typing `hostname` prints docker-host',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await runAndExpect(page, 'hostname', 'docker-host');
    },
  },
  {
    name: 'the Processes view lists PID 1',
    async fn(page, ctx) {
      await openApp(page, ctx);
      const table = page.getByRole('region', { name: 'Process table' });
      await table.getByRole('row').nth(1).waitFor();
      const firstPid = (await table.getByRole('row').nth(1).getByRole('cell').first().textContent())?.trim();
      assert(firstPid === '1', `first process row has PID ${firstPid}, expected 1`);
    },
  },
  {
    name: 'the Processes view follows the terminal: `sleep 1000 &` appears',
    async fn(page, ctx) {
      await openApp(page, ctx);
      const table = page.getByRole('region', { name: 'Process table' });
      await table.getByRole('row').nth(1).waitFor();
      await typeInTerminal(page, 'sleep 1000 &\r');
      await waitForLine(page, (l) => /^\[1\] \d+$/.test(l), 'the job line "[1] <pid>"');
      // Refreshed by the terminal's onEvents (clock ticks that only move time do not refresh it).
      await table.getByRole('cell', { name: 'sleep 1000', exact: true }).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'virtual time follows real time: a `sleep 1 &` job ends by itself',
    async fn(page, ctx) {
      await openApp(page, ctx);
      const table = page.getByRole('region', { name: 'Process table' });
      await typeInTerminal(page, 'sleep 1 &\r');
      const cell = table.getByRole('cell', { name: 'sleep 1', exact: true });
      await cell.waitFor();
      await cell.waitFor({ state: 'detached', timeout: 5000 });
    },
  },
  {
    name: 'a foreground command that sleeps is moved on frame by frame, and keys typed meanwhile run after it',
    async fn(page, ctx) {
      await openApp(page, ctx);
      // Enter returns at once; the sleep is stepped after painted frames (not skipped in one go on Enter).
      await typeInTerminal(page, 'echo one; sleep 5; echo two\r');
      await waitForLine(page, (l) => l === 'one', 'the line "one"');
      // Typed while the job is in the foreground: the terminal keeps it until the shell reads it.
      await typeInTerminal(page, 'echo three\r');
      await waitForLine(page, (l) => l === 'two', 'the line "two" after the sleep');
      await waitForLine(page, (l) => l === 'three', 'the type-ahead line\'s output "three"');
      await waitForLine(page, (l) => PROMPT.test(l), 'the prompt back');
    },
  },
  {
    name: 'docker run with a pull: the progress comes in parts, then the container runs',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await typeInTerminal(page, 'docker run -d --name pulled busybox sleep 1000\r');
      await waitForLine(page, (l) => l.startsWith("Unable to find image 'busybox:latest' locally"), 'the "Unable to find image" line');
      await waitForLine(page, (l) => /^Status: Downloaded newer image for busybox:latest$/.test(l), 'the pull\'s status line', 20_000);
      await waitForLine(page, (l) => /^[0-9a-f]{40,}$/.test(l), 'the container ID (wrapped at the terminal width)', 20_000);
      await runAndExpect(page, "docker ps --format '{{.Names}} {{.Image}}'", 'pulled busybox');
    },
  },
];
