/**
 * Flag parsing as spf13/pflag FlagSet.Parse does it for docker: --name=value,
 * --name value, -abc clusters, -nVALUE, -n=VALUE, "--" ends flags, and with
 * interspersed off (docker run/exec) the first argument ends flags. Error
 * texts are pflag's ("unknown flag: --foo", "unknown shorthand flag: 'x' in
 * -x", "flag needs an argument: --name", "invalid argument ... for ... flag").
 * --help (and the deprecated -h) ask for help unless the command defines them.
 */

import type { FlagSpec, FlagValue, Flags } from './types.ts';
import { defaultFor, setByType } from './values.ts';
import { goQuote, goQuoteRune } from '../util/go.ts';

export type ParseOutcome =
  | { ok: true; flags: Flags; args: string[]; help: boolean; notices: string[] }
  | { ok: false; error: string; notices: string[] };

/** The name pflag shows for a flag in "invalid argument" errors: "-m, --memory" or "--cpus". */
export function flagDisplayName(f: FlagSpec): string {
  return f.short && !f.deprecated ? `-${f.short}, --${f.name}` : `--${f.name}`;
}

/**
 * What parsing needs from a flag table, derived once per table (the tables are
 * constant): flags by name and shorthand, and the defaults, which each parse
 * copies (lists as new arrays).
 */
interface FlagTable {
  byName: Map<string, FlagSpec>;
  byShort: Map<string, FlagSpec>;
  /** The defaults of the flags whose default is not a list, in table order (lists hold [] here). */
  defaults: Readonly<Record<string, FlagValue>>;
  /** Flags whose default is a list: each parse gets its own copy. */
  lists: Array<[string, readonly string[]]>;
  hasHelp: boolean;
}

const tables = new WeakMap<readonly FlagSpec[], FlagTable>();

function flagTable(specs: readonly FlagSpec[]): FlagTable {
  let t = tables.get(specs);
  if (t) return t;
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  const defaults: Record<string, FlagValue> = {};
  const lists: Array<[string, readonly string[]]> = [];
  for (const f of specs) {
    byName.set(f.name, f);
    if (f.short) byShort.set(f.short, f);
    const d = defaultFor(f);
    defaults[f.name] = Array.isArray(d) ? [] : d;
    if (Array.isArray(d)) lists.push([f.name, d]);
  }
  // Rebuilt as JSON makes: an object with its keys in one shape, which a spread copies whole.
  t = { byName, byShort, defaults: JSON.parse(JSON.stringify(defaults)) as Record<string, FlagValue>, lists, hasHelp: byName.has('help') };
  tables.set(specs, t);
  return t;
}

/** Parses one command line; `set` records a flag's occurrence (pflag Value.Set). */
class FlagParse {
  readonly values: Record<string, FlagValue>;
  readonly changed: Record<string, true> = {};
  readonly notices: string[] = [];

  constructor(
    table: FlagTable,
    private readonly env: Record<string, string>,
  ) {
    const values: Record<string, FlagValue> = { ...table.defaults };
    for (const [name, d] of table.lists) values[name] = d.length ? d.slice() : [];
    this.values = values;
  }

  set(f: FlagSpec, raw: string): string | null {
    if (f.deprecated) this.notices.push(`Flag --${f.name} has been deprecated, ${f.deprecated}\n`);
    const r = setByType(f, raw, this.changed[f.name] ? (this.values[f.name] as FlagValue) : defaultFor(f), this.env);
    if ('error' in r) return `invalid argument ${goQuote(raw)} for ${goQuote(flagDisplayName(f))} flag: ${r.error}`;
    this.values[f.name] = r.value;
    this.changed[f.name] = true;
    return null;
  }

  fail(error: string): ParseOutcome {
    return { ok: false, error, notices: this.notices };
  }
}

export function parseFlags(specs: readonly FlagSpec[], argv: string[], opts: { interspersed?: boolean; env?: Record<string, string> } = {}): ParseOutcome {
  const table = flagTable(specs);
  const { byName, byShort } = table;
  const p = new FlagParse(table, opts.env ?? {});
  const { values, notices } = p;
  const args: string[] = [];
  let help = false;
  const interspersed = opts.interspersed !== false;

  let i = 0;
  while (i < argv.length) {
    const s = argv[i++] as string;
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      if (!interspersed) {
        for (; i < argv.length; i++) args.push(argv[i] as string);
        break;
      }
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        for (; i < argv.length; i++) args.push(argv[i] as string);
        break;
      }
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return p.fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const f = byName.get(name);
      if (!f) {
        if (name === 'help') {
          help = true;
          continue;
        }
        return p.fail(`unknown flag: --${name}`);
      }
      let raw: string;
      if (eq >= 0) raw = body.slice(eq + 1);
      else if (f.type === 'bool') raw = 'true';
      else if (i < argv.length) raw = argv[i++] as string;
      else return p.fail(`flag needs an argument: ${s}`);
      const err = p.set(f, raw);
      if (err) return p.fail(err);
      continue;
    }
    // Short flags: a cluster like -aq, -m512m, -p=80.
    let shorts = s.slice(1);
    while (shorts.length) {
      const c = shorts[0] as string;
      const f = byShort.get(c);
      if (!f) {
        if (c === 'h') {
          notices.push('Flag shorthand -h has been deprecated, use --help\n');
          help = true;
          shorts = shorts.slice(1);
          continue;
        }
        return p.fail(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
      }
      let raw: string;
      if (shorts.length > 2 && shorts[1] === '=') {
        raw = shorts.slice(2);
        shorts = '';
      } else if (f.type === 'bool') {
        raw = 'true';
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        raw = shorts.slice(1);
        shorts = '';
      } else if (i < argv.length) {
        raw = argv[i++] as string;
        shorts = '';
      } else return p.fail(`flag needs an argument: ${goQuoteRune(c)} in -${shorts}`);
      const err = p.set(f, raw);
      if (err) return p.fail(err);
    }
  }
  if (table.hasHelp && values.help === true) help = true;
  return { ok: true, flags: { values, changed: p.changed }, args, help, notices };
}

/** Typed readers over parsed flags. */
export function flagStr(f: Flags, name: string): string {
  const v = f.values[name];
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}
export function flagBool(f: Flags, name: string): boolean {
  return f.values[name] === true;
}
export function flagNum(f: Flags, name: string): number {
  const v = f.values[name];
  return typeof v === 'number' ? v : 0;
}
export function flagList(f: Flags, name: string): string[] {
  const v = f.values[name];
  return Array.isArray(v) ? v : [];
}
export function flagChanged(f: Flags, name: string): boolean {
  return !!f.changed[name];
}
