/**
 * Predicates on processes and namespaces, read from the kernel's process table
 * and namespace records: `process` (some live process matches every field) and
 * `namespace` (some live namespace of a type matches).
 */

import type { Process } from '../../sim/kernel/process/types.ts';
import { NS_TYPES, type NsType, type UserNamespace } from '../../sim/kernel/ns/types.ts';
import { CAPABILITIES, hasCap, type CapName } from '../../sim/kernel/caps/caps.ts';
import type { PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { findContainer, inContainer, liveProcesses } from './lookup.ts';
import { asStrings, capName, countOk, describeCount, norm, toCount } from './values.ts';

/** The UID a process has inside its own user namespace (65534 if unmapped). */
export function uidInside(ctx: PredicateCtx, p: Process): number {
  const chain: UserNamespace[] = [];
  let ns = ctx.kernel.ns.byInum[p.ns.user] as UserNamespace | undefined;
  while (ns && ns.parent !== null) {
    chain.unshift(ns);
    ns = ctx.kernel.ns.byInum[ns.parent] as UserNamespace | undefined;
  }
  let id = p.cred.euid;
  for (const u of chain) {
    const r = (u.uidMap ?? []).find((m) => id >= m.outside && id < m.outside + m.count);
    if (!r) return 65534;
    id = r.inside + (id - r.outside);
  }
  return id;
}

function isCap(s: string): s is CapName {
  return (CAPABILITIES as readonly string[]).includes(s);
}

function nsTypesArg(v: unknown): NsType[] {
  return asStrings(v) as NsType[];
}

function validateNsTypes(v: unknown, field: string): string | null {
  for (const t of asStrings(v)) if (!(NS_TYPES as readonly string[]).includes(t)) return `${field}: unknown namespace type "${t}" (expected ${NS_TYPES.join(', ')})`;
  return null;
}

function validateCaps(v: unknown, field: string): string | null {
  for (const c of asStrings(v)) if (!isCap(capName(c))) return `${field}: unknown capability "${c}"`;
  return null;
}

function processMatches(ctx: PredicateCtx, p: Process, a: Record<string, unknown>): boolean {
  const initial = ctx.kernel.ns.initial;
  if (a.comm !== undefined && p.comm !== a.comm) return false;
  if (a.argv !== undefined) {
    const have = norm(p.argv.join(' '));
    const want = norm(String(a.argv));
    if (have !== want && !have.startsWith(`${want} `)) return false;
  }
  if (a.inOwnPidNs !== undefined && (p.pidNs !== initial.pid) !== a.inOwnPidNs) return false;
  if (a.nsPid !== undefined && p.nspids[p.nspids.length - 1] !== a.nsPid) return false;
  for (const t of nsTypesArg(a.newNs)) if (p.ns[t] === initial[t]) return false;
  for (const t of nsTypesArg(a.hostNs)) if (p.ns[t] !== initial[t]) return false;
  if (a.container !== undefined) {
    if (a.container === true) {
      if (!p.containerId) return false;
    } else {
      const c = findContainer(ctx, String(a.container));
      if (!c || !inContainer(ctx, p, c)) return false;
    }
  }
  if (a.uid !== undefined && p.cred.euid !== a.uid) return false;
  if (a.uidInside !== undefined && uidInside(ctx, p) !== a.uidInside) return false;
  for (const c of asStrings(a.hasCap)) if (!hasCap(p.caps.effective, capName(c) as CapName)) return false;
  for (const c of asStrings(a.lacksCap)) if (hasCap(p.caps.effective, capName(c) as CapName)) return false;
  if (a.cgroup !== undefined && p.cgroup !== a.cgroup) return false;
  if (a.hostname !== undefined) {
    const uts = ctx.kernel.ns.byInum[p.ns.uts];
    if (!uts || uts.type !== 'uts' || uts.hostname !== a.hostname) return false;
  }
  if (a.frozen !== undefined && p.frozen !== a.frozen) return false;
  return true;
}

export const processPredicate: PredicateDef = {
  args: {
    comm: 'string',
    argv: 'string',
    inOwnPidNs: 'boolean',
    nsPid: 'number',
    newNs: 'strings',
    hostNs: 'strings',
    container: 'scalar',
    uid: 'number',
    uidInside: 'number',
    hasCap: 'strings',
    lacksCap: 'strings',
    cgroup: 'string',
    hostname: 'string',
    frozen: 'boolean',
    count: 'count',
    exists: 'boolean',
  },
  validate(a) {
    if (typeof a.container === 'number') return 'container: expected a container name or true';
    return validateNsTypes(a.newNs, 'newNs') ?? validateNsTypes(a.hostNs, 'hostNs') ?? validateCaps(a.hasCap, 'hasCap') ?? validateCaps(a.lacksCap, 'lacksCap');
  },
  describe(a) {
    const parts: string[] = [];
    if (a.comm) parts.push(`named ${String(a.comm)}`);
    if (a.argv) parts.push(`running "${String(a.argv)}"`);
    if (a.inOwnPidNs === true) parts.push('in its own PID namespace');
    if (a.nsPid !== undefined) parts.push(`with PID ${String(a.nsPid)} in its namespace`);
    const newNs = nsTypesArg(a.newNs);
    if (newNs.length) parts.push(`in new ${newNs.join(', ')} namespace(s)`);
    if (a.container === true) parts.push('in a container');
    else if (a.container) parts.push(`in container ${String(a.container)}`);
    if (a.uid !== undefined) parts.push(`with host UID ${String(a.uid)}`);
    if (a.uidInside !== undefined) parts.push(`that is UID ${String(a.uidInside)} in its user namespace`);
    for (const c of asStrings(a.hasCap)) parts.push(`holding ${capName(c)}`);
    for (const c of asStrings(a.lacksCap)) parts.push(`without ${capName(c)}`);
    if (a.cgroup) parts.push(`in cgroup ${String(a.cgroup)}`);
    if (a.hostname) parts.push(`that sees hostname ${String(a.hostname)}`);
    if (a.frozen === true) parts.push('frozen');
    const count = toCount(a.count);
    const lead = a.exists === false ? 'no process' : count ? `${describeCount(count)} process(es)` : 'a process';
    return `${lead} ${parts.join(', ')}`.trim();
  },
  evaluate(a, ctx): Verdict {
    const n = liveProcesses(ctx).filter((p) => processMatches(ctx, p, a)).length;
    if (a.exists === false) return n === 0 ? true : `${n} such process(es) still run`;
    const want = toCount(a.count) ?? { min: 1 };
    return countOk(n, want) ? true : n === 0 ? 'no running process matches yet' : `${n} processes match, want ${describeCount(want)}`;
  },
};

export const namespacePredicate: PredicateDef = {
  args: { type: NS_TYPES, hostname: 'string', uidMap: 'string', initial: 'boolean', count: 'count' },
  required: [['type']],
  describe(a) {
    const count = toCount(a.count);
    const what = `${a.initial ? 'the initial' : 'a new'} ${String(a.type)} namespace`;
    const extra = [a.hostname ? `with hostname ${String(a.hostname)}` : '', a.uidMap ? `whose uid_map is "${String(a.uidMap)}"` : ''].filter(Boolean).join(' ');
    return `${count ? describeCount(count) + ' × ' : ''}${what}${extra ? ' ' + extra : ''} in use`;
  },
  evaluate(a, ctx) {
    const type = a.type as NsType;
    const initial = ctx.kernel.ns.initial[type];
    const wantInitial = a.initial === true;
    const n = Object.values(ctx.kernel.ns.byInum).filter((ns) => {
      if (ns.type !== type) return false;
      if ((ns.inum === initial) !== wantInitial) return false;
      if (ns.procCount <= 0 && ns.holds <= 0) return false;
      if (a.hostname !== undefined && (ns.type !== 'uts' || ns.hostname !== a.hostname)) return false;
      if (a.uidMap !== undefined) {
        if (ns.type !== 'user' || !ns.uidMap) return false;
        const text = ns.uidMap.map((m) => `${m.inside} ${m.outside} ${m.count}`).join('\n');
        if (norm(text) !== norm(String(a.uidMap))) return false;
      }
      return true;
    }).length;
    const want = toCount(a.count) ?? { min: 1 };
    return countOk(n, want) ? true : `found ${n} such ${type} namespace(s)`;
  },
};
