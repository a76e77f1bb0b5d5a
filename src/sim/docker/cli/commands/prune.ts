/**
 * The prune commands (container/image/network/volume/system prune): a
 * confirmation prompt unless -f ("Are you sure you want to continue? [y/N]",
 * anything but y/yes cancels quietly with exit 0), then the prune calls and
 * "Deleted ...:" sections with "Total reclaimed space: <size>".
 */

import type { CmdResult, Continuation, ResumeCtx } from '../context.ts';
import { filtersQuery } from '../api/client.ts';
import { humanSize } from '../format/units.ts';

export type PruneKind = 'container' | 'image' | 'network' | 'volume' | 'system';

export interface PruneCont extends Continuation {
  k: 'prune';
  kind: PruneKind;
  all: boolean;
  volumes: boolean;
  filters: string[];
  answer: string;
}

export function pruneWarning(p: PruneCont): string {
  switch (p.kind) {
    case 'container':
      return 'WARNING! This will remove all stopped containers.';
    case 'network':
      return 'WARNING! This will remove all custom networks not used by at least one container.';
    case 'volume':
      return p.all ? 'WARNING! This will remove all local volumes not used by at least one container.' : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
    case 'image':
      return p.all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
    case 'system': {
      const items = ['all stopped containers', 'all networks not used by at least one container'];
      if (p.volumes) items.push('all anonymous volumes not used by at least one container');
      items.push(p.all ? 'all images without at least one container associated to them' : 'all dangling images');
      items.push(p.all ? 'all build cache' : 'unused build cache');
      return `WARNING! This will remove:\n${items.map((i) => `  - ${i}`).join('\n')}\n`;
    }
  }
}

function section(c: ResumeCtx, title: string, lines: string[]): void {
  if (!lines.length) return;
  c.io.out(`${title}\n${lines.map((l) => `${l}\n`).join('')}\n`);
}

/** Run one kind's prune call; returns reclaimed bytes, or an error. */
function pruneOne(c: ResumeCtx, kind: Exclude<PruneKind, 'system'>, filters: string[], all: boolean): number | { error: string } {
  let fl = [...filters];
  if (kind === 'image') fl = [...fl, `dangling=${all ? 'false' : 'true'}`];
  if (kind === 'volume' && all) fl = [...fl, 'all=true'];
  const path = { container: '/containers/prune', image: '/images/prune', network: '/networks/prune', volume: '/volumes/prune' }[kind];
  const r = c.api.post(path, { filters: filtersQuery(fl) });
  if (!r.ok) return { error: r.error };
  const b = (r.body ?? {}) as Record<string, unknown>;
  if (kind === 'container') section(c, 'Deleted Containers:', (b.ContainersDeleted as string[] | null) ?? []);
  if (kind === 'network') section(c, 'Deleted Networks:', (b.NetworksDeleted as string[] | null) ?? []);
  if (kind === 'volume') section(c, 'Deleted Volumes:', (b.VolumesDeleted as string[] | null) ?? []);
  if (kind === 'image') {
    const lines = ((b.ImagesDeleted as Array<{ Untagged?: string; Deleted?: string }> | null) ?? []).map((d) => (d.Untagged ? `untagged: ${d.Untagged}` : `deleted: ${d.Deleted ?? ''}`));
    section(c, 'Deleted Images:', lines);
  }
  return typeof b.SpaceReclaimed === 'number' ? b.SpaceReclaimed : 0;
}

export function runPrune(c: ResumeCtx, p: PruneCont): number {
  let total = 0;
  const kinds: Array<Exclude<PruneKind, 'system'>> = p.kind === 'system' ? ['container', 'network', ...(p.volumes ? (['volume'] as const) : []), 'image'] : [p.kind];
  for (const k of kinds) {
    const r = pruneOne(c, k, p.filters, k === 'volume' && p.kind === 'system' ? false : p.all);
    if (typeof r !== 'number') {
      c.io.err(`${r.error}\n`);
      return 1;
    }
    total += r;
  }
  if (p.kind === 'system') {
    const r = c.api.post('/build/prune', { all: p.all ? '1' : undefined, filters: filtersQuery(p.filters) ?? '' });
    if (r.ok) total += ((r.body as { SpaceReclaimed?: number } | null)?.SpaceReclaimed ?? 0);
  }
  if (p.kind !== 'network') c.io.out(`Total reclaimed space: ${humanSize(total)}\n`);
  return 0;
}

/** Ask, or go ahead with -f. */
export function startPrune(c: ResumeCtx, p: PruneCont, force: boolean): CmdResult {
  if (force) return runPrune(c, p);
  c.api.ping();
  const w = pruneWarning(p);
  c.io.out(`${w}${w.endsWith('\n') ? '' : '\n'}Are you sure you want to continue? [y/N] `);
  return resumePrune(c, p);
}

export function resumePrune(c: ResumeCtx, data: Continuation): CmdResult {
  const p = data as PruneCont;
  const { data: got, eof } = c.io.readIn();
  p.answer += got;
  const nl = p.answer.indexOf('\n');
  if (nl < 0 && !eof) return { pending: p, wait: { kind: 'input' } };
  const ans = (nl >= 0 ? p.answer.slice(0, nl) : p.answer).trim().toLowerCase();
  if (ans === 'y' || ans === 'yes') return runPrune(c, p);
  return 0;
}
