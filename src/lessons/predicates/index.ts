/**
 * The predicate registry: the only checks a lesson can declare. Parsing turns
 * the YAML of a goal into Predicate values (rejecting unknown names, unknown
 * arguments and wrong types with the line they are on); evaluate() runs them
 * on a PredicateCtx; describe() words them for the learner.
 */

import type { Loc } from '../types.ts';
import type { ArgType, Predicate, PredicateCtx, PredicateDef, Verdict } from './types.ts';
import { containerPredicate, containersPredicate } from './container.ts';
import { processPredicate, namespacePredicate } from './process.ts';
import { cgroupPredicate } from './cgroup.ts';
import { filePredicate, mountPredicate } from './files.ts';
import { eventPredicate, dockerEventPredicate, commandPredicate } from './events.ts';
import { imagePredicate, networkPredicate, volumePredicate } from './docker-objects.ts';
import { linkPredicate } from './link.ts';
import { vmPredicate } from './vm.ts';
import { parseSize, toCount } from './values.ts';

export const PREDICATES: Readonly<Record<string, PredicateDef>> = {
  container: containerPredicate,
  containers: containersPredicate,
  process: processPredicate,
  namespace: namespacePredicate,
  cgroup: cgroupPredicate,
  file: filePredicate,
  mount: mountPredicate,
  link: linkPredicate,
  image: imagePredicate,
  network: networkPredicate,
  volume: volumePredicate,
  event: eventPredicate,
  dockerEvent: dockerEventPredicate,
  command: commandPredicate,
  vm: vmPredicate,
};

const COMBINATORS = ['all', 'any', 'not'] as const;

export type Path = Array<string | number>;

export interface ParseSink {
  loc(path: Path): Loc;
  error(path: Path, message: string): void;
}

function typeName(t: ArgType): string {
  if (Array.isArray(t)) return `one of ${t.join(', ')}`;
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    size: 'a size like 64M',
    count: 'a number or {min, max}',
    scalar: 'a string or a number',
    value: 'a string, a number or {min, max}',
    strings: 'a string or a list of strings',
    map: 'a map of fields',
  };
  return names[t as string] ?? String(t);
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function typeOk(t: ArgType, v: unknown): boolean {
  if (Array.isArray(t)) return typeof v === 'string' && t.includes(v);
  switch (t) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'size':
      return parseSize(v) !== null;
    case 'count':
      return toCount(v) !== null;
    case 'scalar':
      return isScalar(v);
    case 'value':
      return isScalar(v) || toCount(v) !== null;
    case 'strings':
      return typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));
    case 'map':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isScalar);
  }
  return false;
}

/** One predicate from its YAML value (`{container: {name: web}}`), or null after reporting errors. */
export function parsePredicate(raw: unknown, path: Path, sink: ParseSink): Predicate | null {
  const loc = sink.loc(path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    sink.error(path, `a goal is a one-key map like "container: {name: web}"; got ${JSON.stringify(raw)}`);
    return null;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    sink.error(path, `a goal item must have exactly one predicate, got ${keys.length ? keys.join(', ') : 'none'} (write one per list item)`);
    return null;
  }
  const kind = keys[0] as string;
  const body = (raw as Record<string, unknown>)[kind];
  const here = [...path, kind];
  if (kind === 'all' || kind === 'any') {
    if (!Array.isArray(body) || body.length === 0) {
      sink.error(here, `${kind}: expected a non-empty list of predicates`);
      return null;
    }
    const items = body.map((b, i) => parsePredicate(b, [...here, i], sink));
    return items.every((x) => x !== null) ? { kind, items: items as Predicate[], loc } : null;
  }
  if (kind === 'not') {
    const item = parsePredicate(body, here, sink);
    return item ? { kind: 'not', item, loc } : null;
  }
  const def = PREDICATES[kind];
  if (!def) {
    sink.error(path, `unknown predicate "${kind}" (expected one of ${[...Object.keys(PREDICATES), ...COMBINATORS].join(', ')})`);
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    sink.error(here, `${kind}: expected a map of fields, like ${kind}: {${Object.keys(def.args)[0]}: ...}`);
    return null;
  }
  const args = body as Record<string, unknown>;
  let ok = true;
  for (const [k, v] of Object.entries(args)) {
    const t = def.args[k] ?? def.extraArg?.(k) ?? null;
    if (t === null) {
      sink.error([...here, k], `${kind}: unknown field "${k}" (expected ${Object.keys(def.args).join(', ')})`);
      ok = false;
    } else if (!typeOk(t, v)) {
      sink.error([...here, k], `${kind}.${k}: expected ${typeName(t)}, got ${JSON.stringify(v)}`);
      ok = false;
    }
  }
  for (const group of def.required ?? []) {
    if (!group.some((k) => args[k] !== undefined)) {
      sink.error(here, `${kind}: missing field ${group.join(' or ')}`);
      ok = false;
    }
  }
  if (ok && def.validate) {
    const msg = def.validate(args);
    if (msg) {
      sink.error(here, `${kind}: ${msg}`);
      ok = false;
    }
  }
  return ok ? { kind, args, loc } : null;
}

/** A goal: a non-empty list of predicates. */
export function parseGoal(raw: unknown, path: Path, sink: ParseSink): Predicate[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    sink.error(path, 'goal: expected a non-empty list of predicates, like "- container: {name: web, state: running}"');
    return [];
  }
  const out: Predicate[] = [];
  raw.forEach((r, i) => {
    const p = parsePredicate(r, [...path, i], sink);
    if (p) out.push(p);
  });
  return out;
}

/** Evaluate one predicate. */
export function evaluate(p: Predicate, ctx: PredicateCtx): Verdict {
  if (p.kind === 'all' && 'items' in p) {
    for (const i of p.items) {
      const v = evaluate(i, ctx);
      if (v !== true) return v;
    }
    return true;
  }
  if (p.kind === 'any' && 'items' in p) {
    const why: string[] = [];
    for (const i of p.items) {
      const v = evaluate(i, ctx);
      if (v === true) return true;
      why.push(v);
    }
    return why.join('; or ');
  }
  if (p.kind === 'not' && 'item' in p) {
    return evaluate(p.item, ctx) === true ? `this should not hold: ${describe(p.item)}` : true;
  }
  const def = PREDICATES[p.kind];
  if (!def || !('args' in p)) throw new Error(`lessons: unknown predicate ${p.kind} (not validated?)`);
  return def.evaluate(p.args, ctx);
}

export interface GoalResult {
  ok: boolean;
  /** One entry per predicate of the goal: its description and verdict. */
  items: Array<{ text: string; verdict: Verdict }>;
}

/** Evaluate a whole goal (every predicate must hold). */
export function evaluateGoal(goal: readonly Predicate[], ctx: PredicateCtx): GoalResult {
  const items = goal.map((p) => ({ text: describe(p), verdict: evaluate(p, ctx) }));
  return { ok: items.every((i) => i.verdict === true), items };
}

/** The predicate in words. */
export function describe(p: Predicate): string {
  if ((p.kind === 'all' || p.kind === 'any') && 'items' in p) return p.items.map(describe).join(p.kind === 'all' ? ' and ' : ' or ');
  if (p.kind === 'not' && 'item' in p) return `not: ${describe(p.item)}`;
  const def = PREDICATES[p.kind];
  return def && 'args' in p ? def.describe(p.args) : p.kind;
}
