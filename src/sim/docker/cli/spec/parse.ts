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

export function parseFlags(specs: FlagSpec[], argv: string[], opts: { interspersed?: boolean; env?: Record<string, string> } = {}): ParseOutcome {
  const env = opts.env ?? {};
  const byName: Record<string, FlagSpec> = {};
  const byShort: Record<string, FlagSpec> = {};
  for (const f of specs) {
    byName[f.name] = f;
    if (f.short) byShort[f.short] = f;
  }
  const values: Record<string, FlagValue> = {};
  for (const f of specs) values[f.name] = defaultFor(f);
  const changed: Record<string, true> = {};
  const args: string[] = [];
  const notices: string[] = [];
  let help = false;
  const interspersed = opts.interspersed !== false;

  const set = (f: FlagSpec, raw: string): string | null => {
    if (f.deprecated) notices.push(`Flag --${f.name} has been deprecated, ${f.deprecated}\n`);
    const r = setByType(f, raw, changed[f.name] ? (values[f.name] as FlagValue) : defaultFor(f), env);
    if ('error' in r) return `invalid argument ${goQuote(raw)} for ${goQuote(flagDisplayName(f))} flag: ${r.error}`;
    values[f.name] = r.value;
    changed[f.name] = true;
    return null;
  };
  const fail = (error: string): ParseOutcome => ({ ok: false, error, notices });

  let i = 0;
  while (i < argv.length) {
    const s = argv[i++] as string;
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      if (!interspersed) {
        args.push(...argv.slice(i));
        break;
      }
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        args.push(...argv.slice(i));
        break;
      }
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return fail(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const f = byName[name];
      if (!f) {
        if (name === 'help') {
          help = true;
          continue;
        }
        return fail(`unknown flag: --${name}`);
      }
      let raw: string;
      if (eq >= 0) raw = body.slice(eq + 1);
      else if (f.type === 'bool') raw = 'true';
      else if (i < argv.length) raw = argv[i++] as string;
      else return fail(`flag needs an argument: ${s}`);
      const err = set(f, raw);
      if (err) return fail(err);
      continue;
    }
    // Short flags: a cluster like -aq, -m512m, -p=80.
    let shorts = s.slice(1);
    while (shorts.length) {
      const c = shorts[0] as string;
      const f = byShort[c];
      if (!f) {
        if (c === 'h') {
          notices.push('Flag shorthand -h has been deprecated, use --help\n');
          help = true;
          shorts = shorts.slice(1);
          continue;
        }
        return fail(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
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
      } else return fail(`flag needs an argument: ${goQuoteRune(c)} in -${shorts}`);
      const err = set(f, raw);
      if (err) return fail(err);
    }
  }
  if (byName.help && values.help === true) help = true;
  return { ok: true, flags: { values, changed }, args, help, notices };
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
