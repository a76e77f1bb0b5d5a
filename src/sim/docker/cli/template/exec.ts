/**
 * Go's text/template execution: dot and $ variables, field chains on maps
 * (a missing key is "<no value>") and on structs (a missing field is the error
 * "can't evaluate field X in type T"), methods with arguments (.Label "x"),
 * pipelines passing the previous value as the last argument, if/with/range
 * (maps in sorted key order) with else, break/continue, and error texts in Go's
 * form: `template: :1:2: executing "" at <.Foo>: ...`.
 */

import type { Arg, Cmd, Node, Pipe } from './parse.ts';
import { TemplateError } from './parse.ts';
import { NO_VALUE, goTypeOf, isStruct, sprintAction, sprintValue } from './fmt.ts';
import { GoDuration, GoPtr, GoTime } from './govalues.ts';

export type TemplateFunc = (...args: unknown[]) => unknown;

/** No arguments (shared, never written). */
const NO_ARGS: unknown[] = [];

interface Scope {
  vars: Array<[string, unknown]>;
}

export interface ExecOptions {
  /**
   * Missing map keys: 'zero' prints "<no value>" (Go's default), 'error' fails
   * with `map has no entry for key "X"` (missingkey=error, as docker inspect's
   * raw-JSON pass) except in objects reached through a key in `mapKeys`
   * (fields that are Go maps in Docker's typed structs, such as Labels).
   */
  missingKey?: 'zero' | 'error';
  mapKeys?: ReadonlySet<string>;
  /** Name non-object values "interface {}" in errors (data decoded from raw JSON). */
  rawTypes?: boolean;
}

/** Go's truth: false for false, 0, nil, "", empty slices and maps, missing values. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined || v === NO_VALUE || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoDuration) return v.ns !== 0;
  if (v instanceof GoPtr || v instanceof GoTime) return true;
  if (typeof v === 'object' && !isStruct(v)) return Object.keys(v as object).length > 0;
  return true;
}

function argString(a: Arg): string {
  switch (a.t) {
    case 'field':
      return `.${a.names.join('.')}`;
    case 'var':
      return [a.name, ...a.names].join('.');
    case 'ident':
      return a.name;
    case 'string':
      return JSON.stringify(a.value);
    case 'number':
      return a.text;
    case 'bool':
      return String(a.value);
    case 'nil':
      return 'nil';
    case 'dot':
      return '.';
    case 'pipe':
      return `(${pipeString(a.pipe)})${a.names.length ? `.${a.names.join('.')}` : ''}`;
  }
}
function cmdString(c: Cmd): string {
  return c.args.map(argString).join(' ');
}
function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.assign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(cmdString).join(' | ');
}

class Exec {
  private out = '';
  private readonly scopes: Scope[];

  constructor(
    private readonly src: string,
    private readonly funcs: Record<string, TemplateFunc>,
    data: unknown,
    private readonly opts: ExecOptions = {},
  ) {
    this.scopes = [{ vars: [['$', data]] }];
  }

  fail(pos: number, context: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g) ?? []).length;
    const col = nl < 0 ? pos : pos - nl - 1;
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${context}>: ${msg}`);
  }

  run(nodes: Node[], dot: unknown): string {
    this.list(nodes, dot);
    return this.out;
  }

  /** The text written so far. */
  written(): string {
    return this.out;
  }

  private list(nodes: Node[], dot: unknown): 'break' | 'continue' | null {
    for (const n of nodes) {
      const r = this.node(n, dot);
      if (r) return r;
    }
    return null;
  }

  private withScope<T>(fn: () => T): T {
    this.scopes.push({ vars: [] });
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  private node(n: Node, dot: unknown): 'break' | 'continue' | null {
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return null;
      case 'action': {
        const v = this.pipe(n.pipe, dot);
        // Raw JSON (docker inspect's fallback pass): a null is a nil interface{}, which prints as "<no value>".
        if (!n.pipe.decl.length) this.out += v === null && this.opts.rawTypes ? '<no value>' : sprintAction(v);
        return null;
      }
      case 'break':
      case 'continue':
        return n.t;
      case 'if':
      case 'with':
        return this.withScope(() => {
          const v = this.pipe(n.pipe, dot);
          if (truth(v)) return this.list(n.list, n.t === 'with' ? v : dot);
          return n.else ? this.list(n.else, dot) : null;
        });
      case 'range':
        return this.withScope(() => this.range(n, dot));
    }
  }

  private range(n: Extract<Node, { t: 'range' }>, dot: unknown): null {
    let v = this.pipe({ ...n.pipe, decl: [] }, dot);
    if (v instanceof GoPtr) v = v.elem;
    let items: Array<[unknown, unknown]> = [];
    if (Array.isArray(v)) items = v.map((e, i) => [i, e]);
    else if (typeof v === 'number') items = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
    else if (v && typeof v === 'object') {
      if (isStruct(v)) this.fail(n.pos, `range ${pipeString(n.pipe)}`, `range can't iterate over ${sprintValue(v)}`);
      items = Object.keys(v as object)
        .sort()
        .map((k) => [k, (v as Record<string, unknown>)[k]]);
    } else if (v !== null && v !== undefined && v !== NO_VALUE) this.fail(n.pos, `range ${pipeString(n.pipe)}`, `range can't iterate over ${sprintValue(v)}`);
    if (!items.length) {
      if (n.else) this.list(n.else, dot);
      return null;
    }
    const scope = this.scopes[this.scopes.length - 1] as Scope;
    for (const [k, e] of items) {
      scope.vars = [];
      if (n.pipe.decl.length === 1) scope.vars.push([n.pipe.decl[0] as string, e]);
      else if (n.pipe.decl.length === 2) scope.vars.push([n.pipe.decl[0] as string, k], [n.pipe.decl[1] as string, e]);
      const r = this.list(n.list, e);
      if (r === 'break') break;
    }
    return null;
  }

  private lookupVar(name: string, pos: number): unknown {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i] as Scope;
      for (let j = s.vars.length - 1; j >= 0; j--) if ((s.vars[j] as [string, unknown])[0] === name) return (s.vars[j] as [string, unknown])[1];
    }
    return this.fail(pos, name, `undefined variable: ${name}`);
  }

  private pipe(p: Pipe, dot: unknown): unknown {
    let v: unknown = undefined;
    let has = false;
    for (const c of p.cmds) {
      v = this.cmd(c, dot, has ? [v] : NO_ARGS);
      has = true;
    }
    if (p.decl.length) {
      const scope = this.scopes[this.scopes.length - 1] as Scope;
      if (p.assign) {
        for (let i = this.scopes.length - 1; i >= 0; i--) {
          const s = this.scopes[i] as Scope;
          const ent = s.vars.find(([n]) => n === p.decl[0]);
          if (ent) {
            ent[1] = v;
            return v;
          }
        }
        this.fail(p.pos, pipeString(p), `undefined variable: ${p.decl[0]}`);
      }
      scope.vars.push([p.decl[0] as string, v]);
    }
    return v;
  }

  private cmd(c: Cmd, dot: unknown, final: unknown[]): unknown {
    const first = c.args[0] as Arg;
    const nargs = c.args.length;
    if (first.t === 'ident') {
      const fn = this.funcs[first.name];
      if (!fn) this.fail(first.pos, first.name, `"${first.name}" is not a defined function`);
      const args = this.args(c, dot, final);
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof TemplateError) throw e;
        return this.fail(c.pos, cmdString(c), `error calling ${first.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (first.t === 'field' || (first.t === 'var' && first.names.length) || (first.t === 'pipe' && first.names.length)) {
      const base = first.t === 'field' ? dot : first.t === 'var' ? this.lookupVar(first.name, first.pos) : this.pipe(first.pipe, dot);
      return this.fields(base, first.names, nargs === 1 && final.length === 0 ? NO_ARGS : this.args(c, dot, final), first.pos, first);
    }
    if (nargs > 1 || final.length) this.fail(first.pos, cmdString(c), `can't give argument to non-function ${argString(first)}`);
    return this.arg(first, dot);
  }

  /** The arguments after a command's first word, then the piped value. */
  private args(c: Cmd, dot: unknown, final: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (let i = 1; i < c.args.length; i++) out.push(this.arg(c.args[i] as Arg, dot));
    for (const v of final) out.push(v);
    return out;
  }

  private arg(a: Arg, dot: unknown): unknown {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'string':
      case 'number':
      case 'bool':
        return a.value;
      case 'nil':
        return null;
      case 'var':
        return this.fields(this.lookupVar(a.name, a.pos), a.names, NO_ARGS, a.pos, a);
      case 'field':
        return this.fields(dot, a.names, NO_ARGS, a.pos, a);
      case 'pipe':
        return this.fields(this.pipe(a.pipe, dot), a.names, NO_ARGS, a.pos, a);
      case 'ident': {
        const fn = this.funcs[a.name];
        return fn ? fn() : undefined;
      }
    }
  }

  /**
   * Walk .A.B.C from base; methods get `args` when last in the chain. `at` is
   * the argument being evaluated, printed (argString) only in an error.
   */
  private fields(base: unknown, names: string[], args: unknown[], pos: number, at: Arg): unknown {
    let v = base;
    let via = '';
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const last = i === names.length - 1;
      if (v instanceof GoPtr) v = v.elem;
      if (v === null || v === undefined || v === NO_VALUE) this.fail(pos, argString(at), `nil pointer evaluating interface {}.${name}`);
      if (typeof v !== 'object') {
        const t = this.opts.rawTypes ? 'interface {}' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'int' : 'bool';
        this.fail(pos, argString(at), `can't evaluate field ${name} in type ${t}`);
      }
      const o = v as Record<string, unknown>;
      if (isStruct(o)) {
        if (!(name in o) || o instanceof GoTime || o instanceof GoDuration) this.fail(pos, argString(at), `can't evaluate field ${name} in type ${goTypeOf(o)}`);
        if (!/^\p{Lu}/u.test(name) && Object.prototype.propertyIsEnumerable.call(o, name)) this.fail(pos, argString(at), `${name} is an unexported field of struct type ${goTypeOf(o)}`);
        const f = o[name];
        if (typeof f === 'function') {
          const a = last ? args : NO_ARGS;
          if (f.length !== a.length) this.fail(pos, argString(at), `wrong number of args for ${name}: want ${f.length} got ${a.length}`);
          v = (f as TemplateFunc).apply(o, a);
          continue;
        }
        if (last && args.length) this.fail(pos, argString(at), `${name} has arguments but cannot be invoked as function`);
        v = f;
        continue;
      }
      if (Array.isArray(o)) this.fail(pos, argString(at), `can't evaluate field ${name} in type []interface {}`);
      if (last && args.length) this.fail(pos, argString(at), `${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(o, name)) v = o[name];
      else if (this.opts.missingKey === 'error' && !this.opts.mapKeys?.has(via)) this.fail(pos, argString(at), `map has no entry for key "${name}"`);
      else v = NO_VALUE;
      via = name;
    }
    return v;
  }
}

export function execTemplate(src: string, nodes: Node[], funcs: Record<string, TemplateFunc>, data: unknown, opts: ExecOptions = {}): string {
  const ex = new Exec(src, funcs, data, opts);
  try {
    return ex.run(nodes, data);
  } catch (e) {
    if (e instanceof TemplateError && e.partial === undefined) e.partial = ex.written();
    throw e;
  }
}

/** A compiled template for rows: the text, or null when the row needs the full executor. */
export type FastTemplate = (data: unknown) => string | null;

/**
 * The fast path for templates made only of text and `{{.Field}}` actions (the
 * table formats of docker ps, images, ...): on a struct (a formatter context)
 * each field is read, or its method called, directly. A row it cannot do
 * exactly as Exec would (not a struct, a missing field, a method that wants
 * arguments) gives null and the caller runs Exec, which words the error.
 * Returns null when the template has anything else (pipes, functions, ranges).
 */
export function compileFast(nodes: Node[]): FastTemplate | null {
  // Even entries are text, odd entries field names.
  const steps: string[] = [''];
  for (const n of nodes) {
    if (n.t === 'text') {
      steps[steps.length - 1] += n.text;
      continue;
    }
    if (n.t !== 'action' || n.pipe.decl.length || n.pipe.cmds.length !== 1) return null;
    const args = (n.pipe.cmds[0] as Cmd).args;
    const a = args[0] as Arg;
    // An unexported (lower-case) field is an error Exec words.
    if (args.length !== 1 || a.t !== 'field' || a.names.length !== 1 || !/^\p{Lu}/u.test(a.names[0] as string)) return null;
    steps.push(a.names[0] as string, '');
  }
  return (data) => {
    if (!isStruct(data)) return null;
    const o = data as Record<string, unknown>;
    let out = steps[0] as string;
    for (let i = 1; i < steps.length; i += 2) {
      const name = steps[i] as string;
      if (!(name in o)) return null;
      const f = o[name];
      if (typeof f === 'function') {
        if (f.length !== 0) return null;
        out += sprintAction((f as TemplateFunc).call(o));
      } else out += sprintAction(f);
      out += steps[i + 1] as string;
    }
    return out;
  };
}
