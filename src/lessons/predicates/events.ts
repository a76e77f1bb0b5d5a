/**
 * Predicates on what happened since the step began: `event` (a kernel or
 * engine event, e.g. fs.copiedUp in container x), `dockerEvent` (an entry of
 * `docker events`, e.g. oom or die) and `command` (a program was run with
 * these arguments; the last resort, since goals should be about state).
 */

import type { LoggedEvent } from '../../sim/events.ts';
import type { PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { containerScope, eventInScope, findContainer } from './lookup.ts';
import { countOk, describeCount, norm, toCount } from './values.ts';

/** Value at a dotted path of an event ("event.Action", "at.path"). */
function field(e: LoggedEvent, path: string): unknown {
  let v: unknown = e;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function scoped(ctx: PredicateCtx, container: unknown): ((e: LoggedEvent) => boolean) | string {
  if (container === undefined) return () => true;
  const c = findContainer(ctx, String(container));
  if (!c) return `there is no container named ${String(container)}`;
  const s = containerScope(ctx, c);
  return (e) => eventInScope(e, s);
}

function counted(n: number, a: Record<string, unknown>, what: string): Verdict {
  const want = toCount(a.count) ?? { min: 1 };
  if (countOk(n, want)) return true;
  return n === 0 ? `no ${what} has happened yet` : `${what} happened ${n} time(s), want ${describeCount(want)}`;
}

export const eventPredicate: PredicateDef = {
  args: { type: 'string', container: 'string', where: 'map', count: 'count' },
  required: [['type']],
  validate(a) {
    return /^[a-z]+\.[a-zA-Z]+$/.test(String(a.type)) ? null : `type: "${String(a.type)}" is not an event type (like fs.copiedUp)`;
  },
  describe(a) {
    const where = a.container !== undefined ? ` in container ${String(a.container)}` : '';
    const count = toCount(a.count);
    const article = /^[aeiou]/.test(String(a.type)) ? 'an ' : 'a ';
    return `${count ? describeCount(count) + ' × ' : article}${String(a.type)} event${where}`;
  },
  evaluate(a, ctx) {
    const inScope = scoped(ctx, a.container);
    if (typeof inScope === 'string') return inScope;
    const where = (a.where ?? {}) as Record<string, unknown>;
    const n = ctx.events.filter((e) => e.type === a.type && inScope(e) && Object.entries(where).every(([k, v]) => field(e, k) === v)).length;
    return counted(n, a, String(a.type));
  },
};

export const dockerEventPredicate: PredicateDef = {
  args: { action: 'string', type: ['container', 'image', 'network', 'volume', 'daemon', 'builder'], container: 'string', count: 'count' },
  required: [['action']],
  describe(a) {
    return `docker events shows ${String(a.type ?? 'a')} "${String(a.action)}"${a.container !== undefined ? ` for ${String(a.container)}` : ''}`;
  },
  evaluate(a, ctx) {
    const c = a.container !== undefined ? findContainer(ctx, String(a.container)) : null;
    if (a.container !== undefined && !c) return `there is no container named ${String(a.container)}`;
    const n = ctx.events.filter(
      (e) =>
        e.type === 'system.eventRecorded' &&
        (e.event.Action === a.action || e.event.Action.startsWith(`${String(a.action)}:`)) &&
        (a.type === undefined || e.event.Type === a.type) &&
        (c === null || e.event.Actor.ID === c.Id),
    ).length;
    return counted(n, a, `docker "${String(a.action)}" event`);
  },
};

export const commandPredicate: PredicateDef = {
  args: { ran: 'string', count: 'count' },
  required: [['ran']],
  describe(a) {
    return `the command \`${String(a.ran)}\` was run`;
  },
  evaluate(a, ctx) {
    const want = norm(String(a.ran));
    const n = ctx.events.filter((e) => {
      if (e.type !== 'process.execed') return false;
      const line = norm(e.argv.join(' '));
      return line === want || line.startsWith(`${want} `);
    }).length;
    return counted(n, a, `\`${want}\``);
  },
};
