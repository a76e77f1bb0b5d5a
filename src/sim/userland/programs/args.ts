/**
 * Command-line parsing as getopt_long(3) does it for the GNU tools (clustered
 * short flags, options with values, --long and --long=value, `--`), with the
 * GNU and busybox texts for a bad option.
 * SIMPLIFICATIONS: long options must be spelt in full (no unique-prefix matching).
 */

import type { Ctx } from '../types.ts';

export interface OptSpec {
  /** Short flags without a value, e.g. "alR". */
  flags?: string;
  /** Short options that take a value, e.g. "nc". */
  withValue?: string;
  /** Long names: value true = takes a value. Mapped to a short letter or kept as the long name. */
  long?: Record<string, { short?: string; value?: boolean }>;
  /** Stop at the first operand (like POSIXLY_CORRECT / "+" optstring): for env, nsenter, unshare. */
  stopAtOperand?: boolean;
  /** Treat "-NUM" as an option "n" with value NUM (head -5). */
  numberOpt?: string;
}

export interface Parsed {
  has(o: string): boolean;
  count(o: string): number;
  /** Last value of an option. */
  value(o: string): string | undefined;
  values(o: string): string[];
  operands: string[];
}

export type ParseResult = { ok: true; p: Parsed } | { ok: false; error: string };

export function parseArgs(args: string[], spec: OptSpec): ParseResult {
  const seen: Array<[string, string | true]> = [];
  const operands: string[] = [];
  const flags = spec.flags ?? '';
  const withValue = spec.withValue ?? '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const def = spec.long?.[name];
      if (!def) return { ok: false, error: `unrecognized option '${a}'` };
      const key = def.short ?? name;
      if (def.value) {
        let v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { ok: false, error: `option '--${name}' requires an argument` };
        seen.push([key, v]);
        void v;
        v = undefined;
      } else seen.push([key, eq >= 0 ? a.slice(eq + 1) : true]);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.numberOpt && /^-[0-9]+$/.test(a)) {
        seen.push([spec.numberOpt, a.slice(1)]);
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (withValue.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { ok: false, error: `option requires an argument -- '${c}'` };
          seen.push([c, v]);
          break;
        }
        if (!flags.includes(c)) return { ok: false, error: `invalid option -- '${c}'` };
        seen.push([c, true]);
      }
      continue;
    }
    operands.push(a);
    if (spec.stopAtOperand) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  const p: Parsed = {
    has: (o) => seen.some(([k]) => k === o),
    count: (o) => seen.filter(([k]) => k === o).length,
    value(o) {
      const v = [...seen].reverse().find(([k]) => k === o);
      return v && v[1] !== true ? v[1] : undefined;
    },
    values: (o) => seen.filter(([k, v]) => k === o && v !== true).map(([, v]) => v as string),
    operands,
  };
  return { ok: true, p };
}

/** Report a usage error as the tool would and return its exit status. */
export function usageError(ctx: Ctx, name: string, error: string, status = 1): { exit: number } {
  if (ctx.flavour === 'busybox') ctx.stderr.write(`${name}: ${error.replace(/ -- '(.)'/, " -- '$1'")}\n`);
  else ctx.stderr.write(`${name}: ${error}\nTry '${name} --help' for more information.\n`);
  return { exit: status };
}

/** argv[0]'s basename: how a tool names itself in messages. */
export function progName(ctx: Ctx, fallback: string): string {
  const a = ctx.argv[0] ?? fallback;
  const i = a.lastIndexOf('/');
  return i >= 0 ? a.slice(i + 1) : a;
}
