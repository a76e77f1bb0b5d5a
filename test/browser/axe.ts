/**
 * axe-core in the page: fails with the serious and critical violations it
 * finds (the budget of the a11y checks in the browser tests).
 */

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { AssertionError } from './harness.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

export async function checkAxe(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations;
  });
  const bad = (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const detail = bad
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes
            .slice(0, 5)
            .map((n) => `      ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`)
            .join('\n'),
      )
      .join('\n    ');
    throw new AssertionError(`${label}: ${bad.length} serious/critical axe violations:\n    ${detail}`);
  }
}
