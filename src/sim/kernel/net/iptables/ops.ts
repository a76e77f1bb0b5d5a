/**
 * The iptables command's changes to a netns's tables (iptables(8), -t TABLE and
 * -A/-I/-D/-C/-N/-X/-F/-Z/-P/-E).
 *
 * Models: per-netns tables, built-in chains and their policies, user chains,
 * rule order, checks the tool and kernel make (chain exists, jump target
 * exists, no jump loops, -i/-o only where an interface is known, NAT targets
 * only in the nat table and hooks that allow them, ACCEPT/DROP policies only on
 * built-in chains, no DROP policy in nat), and the messages iptables 1.8.10
 * (nf_tables) prints. Needs CAP_NET_ADMIN over the netns.
 * SIMPLIFICATIONS:
 * - Reading (-L, -S, iptables-save) is done by the pure renderers in render/iptables.ts.
 */

import type { Kernel } from '../../kernel.ts';
import { isErr, type SysError } from '../../errno.ts';
import type { IptRule, IptTable, IptTableName } from '../types.ts';
import { BUILTIN_CHAINS } from '../types.ts';
import { IPTABLES_VERSION, paramProblem, parseRuleSpec, sameRule, type IptError } from './parse.ts';
import { checkNetCap, procNet } from '../perm.ts';

export type IptCommand =
  | { cmd: '-A'; chain: string; rule: string[] }
  /** `pos` is 1-based, default 1. */
  | { cmd: '-I'; chain: string; pos?: number; rule: string[] }
  | { cmd: '-D'; chain: string; rule: string[] }
  | { cmd: '-D'; chain: string; pos: number }
  | { cmd: '-C'; chain: string; rule: string[] }
  | { cmd: '-N'; chain: string }
  | { cmd: '-X'; chain?: string }
  | { cmd: '-F'; chain?: string }
  | { cmd: '-Z'; chain?: string }
  | { cmd: '-P'; chain: string; policy: string }
  | { cmd: '-E'; chain: string; to: string };

export type IptResult = { ok: true } | ({ ok: false } & IptError);

const NO_CHAIN: IptError = { message: 'iptables: No chain/target/match by that name.', exitCode: 1 };
const fail = (message: string, exitCode = 1): IptResult => ({ ok: false, message, exitCode });
const err = (e: IptError): IptResult => ({ ok: false, ...e });

export function isIptTable(t: string): t is IptTableName {
  return t === 'filter' || t === 'nat' || t === 'mangle' || t === 'raw';
}

/** Chains reachable from `from` by jumps (including itself). */
function reachable(t: IptTable, from: string, seen = new Set<string>()): Set<string> {
  if (seen.has(from)) return seen;
  seen.add(from);
  for (const r of t.chains[from]?.rules ?? []) if (r.target.kind === 'jump') reachable(t, r.target.chain, seen);
  return seen;
}

export function references(t: IptTable, chain: string): number {
  let n = 0;
  for (const c of Object.values(t.chains)) for (const r of c.rules) if (r.target.kind === 'jump' && r.target.chain === chain) n++;
  return n;
}

const NAT_HOOKS: Record<string, string[]> = {
  DNAT: ['PREROUTING', 'OUTPUT'],
  REDIRECT: ['PREROUTING', 'OUTPUT'],
  SNAT: ['POSTROUTING', 'INPUT'],
  MASQUERADE: ['POSTROUTING'],
};

/** Checks a parsed rule against where it is going; an error result or null. */
function validate(table: IptTableName, t: IptTable, chain: string, rule: IptRule, verb: 'APPEND' | 'INSERT'): IptResult | null {
  const builtin = BUILTIN_CHAINS[table].includes(chain);
  if (builtin && rule.inIface && (chain === 'OUTPUT' || chain === 'POSTROUTING')) return err(paramProblem(`Can't use -i with ${chain}`));
  if (builtin && rule.outIface && (chain === 'PREROUTING' || chain === 'INPUT')) return err(paramProblem(`Can't use -o with ${chain}`));
  const tg = rule.target;
  if (tg.kind === 'jump') {
    if (!t.chains[tg.chain] || BUILTIN_CHAINS[table].includes(tg.chain)) return err(paramProblem(`Chain '${tg.chain}' does not exist`));
    if (reachable(t, tg.chain).has(chain)) return fail(`iptables ${IPTABLES_VERSION}: RULE_${verb} failed (Too many levels of symbolic links): rule in chain ${chain}`, 4);
  }
  const hooks = NAT_HOOKS[tg.kind];
  if (hooks && (table !== 'nat' || (builtin && !hooks.includes(chain)))) {
    return fail(`iptables ${IPTABLES_VERSION}: RULE_${verb} failed (Invalid argument): rule in chain ${chain}`, 4);
  }
  return null;
}

function validChainName(name: string): IptResult | null {
  if (name.length >= 29) return err(paramProblem(`chain name \`${name}' too long (must be under 29 chars)`));
  if (name.startsWith('-') || name.startsWith('!')) return err(paramProblem(`chain name not allowed to start with \`${name[0]}'`));
  if (['ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'REJECT', 'LOG'].includes(name)) {
    return err(paramProblem('chain name may not clash with target name'));
  }
  if (/\s/.test(name) || name === '') return err(paramProblem(`Invalid chain name \`${name}'`));
  return null;
}

/** Run one iptables command in the caller's netns: `iptables -t TABLE <command>`. */
export function iptables(k: Kernel, pid: number, table: string, c: IptCommand): IptResult | SysError {
  const pn = procNet(k, pid);
  if (isErr(pn)) return pn;
  const { p, ns } = pn;
  const denied = checkNetCap(k, p, ns.inum);
  if (denied) return denied;
  if (!isIptTable(table)) {
    return fail(`iptables ${IPTABLES_VERSION}: table '${table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3);
  }
  const t = ns.iptables[table];

  switch (c.cmd) {
    case '-A':
    case '-I':
    case '-C': {
      const chain = t.chains[c.chain];
      const rule = parseRuleSpec(c.rule);
      if ('message' in rule) return err(rule);
      if (!chain) return err(NO_CHAIN);
      if (c.cmd === '-C') {
        return chain.rules.some((r) => sameRule(r, rule)) ? { ok: true } : fail('iptables: Bad rule (does a matching rule exist in that chain?).');
      }
      const bad = validate(table, t, c.chain, rule, c.cmd === '-A' ? 'APPEND' : 'INSERT');
      if (bad) return bad;
      if (c.cmd === '-A') {
        k.emit({ type: 'net.ruleAppended', netns: ns.inum, table, chain: c.chain, rule });
        return { ok: true };
      }
      const pos = c.pos ?? 1;
      if (pos < 1) return err(paramProblem(`Invalid rule number \`${pos}'`));
      if (pos > chain.rules.length + 1) return fail('iptables: Index of insertion too big.');
      k.emit({ type: 'net.ruleInserted', netns: ns.inum, table, chain: c.chain, index: pos - 1, rule });
      return { ok: true };
    }
    case '-D': {
      const chain = t.chains[c.chain];
      if ('pos' in c) {
        if (!chain) return err(NO_CHAIN);
        if (c.pos < 1) return err(paramProblem(`Invalid rule number \`${c.pos}'`));
        if (c.pos > chain.rules.length) return fail('iptables: Index of deletion too big.');
        k.emit({ type: 'net.ruleDeleted', netns: ns.inum, table, chain: c.chain, index: c.pos - 1 });
        return { ok: true };
      }
      const rule = parseRuleSpec(c.rule);
      if ('message' in rule) return err(rule);
      if (!chain) return err(NO_CHAIN);
      const i = chain.rules.findIndex((r) => sameRule(r, rule));
      if (i < 0) return fail('iptables: Bad rule (does a matching rule exist in that chain?).');
      k.emit({ type: 'net.ruleDeleted', netns: ns.inum, table, chain: c.chain, index: i });
      return { ok: true };
    }
    case '-N': {
      const bad = validChainName(c.chain);
      if (bad) return bad;
      if (t.chains[c.chain]) return fail('iptables: Chain already exists.');
      k.emit({ type: 'net.chainCreated', netns: ns.inum, table, chain: c.chain });
      return { ok: true };
    }
    case '-X': {
      const names = c.chain !== undefined ? [c.chain] : Object.values(t.chains).filter((x) => !x.builtin).map((x) => x.name);
      for (const name of names) {
        const chain = t.chains[name];
        if (!chain) return err(NO_CHAIN);
        if (chain.builtin) return fail('iptables: Invalid argument.');
        if (references(t, name) > 0) return fail('iptables: Too many links.');
        if (chain.rules.length > 0) return fail('iptables: Directory not empty.');
      }
      for (const name of names) k.emit({ type: 'net.chainDeleted', netns: ns.inum, table, chain: name });
      return { ok: true };
    }
    case '-F':
    case '-Z': {
      if (c.chain !== undefined && !t.chains[c.chain]) return err(NO_CHAIN);
      if (c.cmd === '-F') k.emit({ type: 'net.chainFlushed', netns: ns.inum, table, chain: c.chain ?? null });
      else k.emit({ type: 'net.countersZeroed', netns: ns.inum, table, chain: c.chain ?? null });
      return { ok: true };
    }
    case '-P': {
      const chain = t.chains[c.chain];
      if (!chain) return err(NO_CHAIN);
      if (!chain.builtin) return fail('iptables: Bad built-in chain name.');
      if ((c.policy !== 'ACCEPT' && c.policy !== 'DROP') || (table === 'nat' && c.policy === 'DROP')) {
        return fail("iptables: Bad policy name. Run `dmesg' for more information.");
      }
      k.emit({ type: 'net.policySet', netns: ns.inum, table, chain: c.chain, policy: c.policy });
      return { ok: true };
    }
    case '-E': {
      const chain = t.chains[c.chain];
      if (!chain) return err(NO_CHAIN);
      if (chain.builtin) return fail('iptables: Invalid argument.');
      const bad = validChainName(c.to);
      if (bad) return bad;
      if (t.chains[c.to]) return fail('iptables: File exists.');
      k.emit({ type: 'net.chainRenamed', netns: ns.inum, table, from: c.chain, to: c.to });
      return { ok: true };
    }
  }
}
