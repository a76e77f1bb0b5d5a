/**
 * Dockerfile instructions that change an image's config (not its files):
 * CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER,
 * VOLUME, WORKDIR, SHELL. Used by the builder and by `docker commit --change`
 * and `docker import --change`.
 *
 * Models: moby builder/dockerfile/dispatchers.go (shell form wrapped in the
 * SHELL, default ["/bin/sh", "-c"]; ENTRYPOINT clearing an inherited CMD;
 * EXPOSE defaulting to /tcp; WORKDIR relative to the previous one;
 * HEALTHCHECK durations in nanoseconds) and the commit "changes" allow-list.
 * SIMPLIFICATIONS: variable substitution handles $VAR and ${VAR}, ${VAR:-x}
 * and ${VAR:+x} only.
 */

import { DockerfileParser } from 'dockerfile-ast';
import type { HealthConfig, ImageConfig } from './types.ts';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

export interface ParsedInstruction {
  /** 1-based line of the instruction in its file. */
  line: number;
  /** Upper-case keyword. */
  keyword: string;
  /** Arguments after the flags, continuation lines joined. */
  args: string;
  /** Exec-form (JSON array) arguments, or null for shell form. */
  json: string[] | null;
  flags: Record<string, string | null>;
  /** Name/value pairs of ENV, LABEL and ARG. */
  props: Array<[string, string | null]>;
  /** "RUN apk add curl" as BuildKit names the step. */
  text: string;
}

/** Parse Dockerfile text into instructions (no validation of keywords). */
export function parseInstructions(text: string): { instructions: ParsedInstruction[]; escape: string } {
  const df = DockerfileParser.parse(text);
  const out: ParsedInstruction[] = [];
  for (const i of df.getInstructions()) {
    const keyword = i.getKeyword().toUpperCase();
    const args = (i.getArgumentsContent() ?? '').trim();
    let json: string[] | null = null;
    if (args.startsWith('[')) {
      try {
        const v = JSON.parse(args) as unknown;
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) json = v as string[];
      } catch {
        json = null;
      }
    }
    const flags: Record<string, string | null> = {};
    const withFlags = i as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
    for (const f of withFlags.getFlags?.() ?? []) flags[f.getName()] = f.getValue();
    const props: Array<[string, string | null]> = [];
    const withProps = i as unknown as { getProperties?: () => Array<{ getName(): string; getValue(): string | null }>; getProperty?: () => { getName(): string; getValue(): string | null } | null };
    if (keyword === 'ARG') {
      const p = withProps.getProperty?.();
      if (p) props.push([p.getName(), p.getValue()]);
    } else if (withProps.getProperties && (keyword === 'ENV' || keyword === 'LABEL')) {
      for (const p of withProps.getProperties()) props.push([p.getName(), p.getValue()]);
    }
    const flagText = Object.entries(flags).map(([k, v]) => (v === null ? `--${k}` : `--${k}=${v}`));
    out.push({ line: i.getRange().start.line + 1, keyword, args, json, flags, props, text: [keyword, ...flagText, args].filter(Boolean).join(' ') });
  }
  return { instructions: out, escape: df.getEscapeCharacter() };
}

/** Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} from `vars`. */
export function expandVars(s: string, vars: Record<string, string>): string {
  return s.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name1?: string, op?: string, word?: string, name2?: string) => {
    if (m === '\\$') return '$';
    const name = name1 ?? name2 ?? '';
    const v = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (op === ':-' || op === '-') return v !== undefined && (op === '-' || v !== '') ? v : (word ?? '');
    if (op === ':+' || op === '+') return v !== undefined && (op === '+' || v !== '') ? (word ?? '') : '';
    return v ?? '';
  });
}

/** Env list → map. */
export function envMap(env: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env ?? []) {
    const i = e.indexOf('=');
    if (i > 0) out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

function setEnv(env: string[] | undefined, key: string, value: string): string[] {
  const list = (env ?? []).filter((e) => e.slice(0, e.indexOf('=')) !== key);
  const at = (env ?? []).findIndex((e) => e.slice(0, e.indexOf('=')) === key);
  if (at === -1) return [...list, `${key}=${value}`];
  const out = [...(env ?? [])];
  out[at] = `${key}=${value}`;
  return out;
}

/** Go duration ("30s", "1m30s", "500ms") to nanoseconds; null if invalid. */
export function parseDuration(s: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    consumed += m[0].length;
  }
  return consumed === s.length && s.length > 0 ? Math.round(total) : null;
}

/** The command of CMD/ENTRYPOINT/RUN: exec form as is, shell form wrapped in the shell. */
export function commandOf(ins: ParsedInstruction, shell: readonly string[] | undefined): string[] {
  return ins.json ?? [...(shell && shell.length ? shell : DEFAULT_SHELL), ins.args];
}

export interface ConfigState {
  config: ImageConfig;
  /** CMD set in this stage (an ENTRYPOINT then keeps it). */
  cmdSet: boolean;
}

/**
 * Apply a config instruction. `vars` are the variables for substitution
 * (build args and ENV). Returns an error text for a bad instruction, null when done.
 */
export function applyConfigInstruction(st: ConfigState, ins: ParsedInstruction, vars: Record<string, string>): string | null {
  const c = st.config;
  const x = (s: string): string => expandVars(s, vars);
  switch (ins.keyword) {
    case 'CMD':
      c.Cmd = commandOf(ins, c.Shell);
      st.cmdSet = true;
      return null;
    case 'ENTRYPOINT':
      c.Entrypoint = ins.json ?? (ins.args ? [...(c.Shell ?? DEFAULT_SHELL), ins.args] : null);
      if (!st.cmdSet) c.Cmd = null;
      return null;
    case 'ENV':
      if (!ins.props.length) return 'ENV requires at least one argument';
      for (const [k, v] of ins.props) {
        const val = x(v ?? '');
        c.Env = setEnv(c.Env, k, val);
        vars[k] = val;
      }
      return null;
    case 'LABEL':
      if (!ins.props.length) return 'LABEL requires at least one argument';
      c.Labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of ins.props) c.Labels[x(k)] = x(v ?? '');
      return null;
    case 'EXPOSE': {
      if (!ins.args) return 'EXPOSE requires at least one argument';
      const ports = { ...(c.ExposedPorts ?? {}) };
      for (const p of x(ins.args).split(/\s+/).filter(Boolean)) {
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(p);
        if (!m) return `invalid containerPort: ${p.split('/')[0]}`;
        const lo = Number(m[1]);
        const hi = m[2] ? Number(m[2]) : lo;
        for (let q = lo; q <= hi; q++) ports[`${q}/${(m[3] ?? 'tcp').toLowerCase()}`] = {};
      }
      c.ExposedPorts = ports;
      return null;
    }
    case 'USER':
      if (!ins.args) return 'USER requires exactly one argument';
      c.User = x(ins.args);
      return null;
    case 'WORKDIR': {
      if (!ins.args) return 'WORKDIR requires exactly one argument';
      const w = x(ins.args);
      const base = c.WorkingDir || '/';
      c.WorkingDir = normalizePath(w.startsWith('/') ? w : `${base}/${w}`);
      return null;
    }
    case 'VOLUME': {
      const vols = ins.json ?? x(ins.args).split(/\s+/).filter(Boolean);
      if (!vols.length) return 'VOLUME requires at least one argument';
      c.Volumes = { ...(c.Volumes ?? {}) };
      for (const v of vols) c.Volumes[v] = {};
      return null;
    }
    case 'STOPSIGNAL':
      if (!ins.args) return 'STOPSIGNAL requires exactly one argument';
      c.StopSignal = x(ins.args);
      return null;
    case 'SHELL':
      if (!ins.json) return 'SHELL requires the arguments to be in JSON form';
      c.Shell = ins.json;
      return null;
    case 'ONBUILD':
      c.OnBuild = [...(c.OnBuild ?? []), ins.args];
      return null;
    case 'HEALTHCHECK': {
      const h = healthcheck(ins);
      if (typeof h === 'string') return h;
      c.Healthcheck = h;
      return null;
    }
    case 'MAINTAINER':
      return null;
    default:
      return `unknown instruction: ${ins.keyword}`;
  }
}

function healthcheck(ins: ParsedInstruction): HealthConfig | string {
  const words = ins.args.split(/\s+/);
  const sub = (words[0] ?? '').toUpperCase();
  if (sub === 'NONE') return { Test: ['NONE'] };
  if (sub !== 'CMD') return 'Unknown type "' + (words[0] ?? '') + '" in HEALTHCHECK (try CMD)';
  const rest = ins.args.slice(words[0]?.length ?? 0).trim();
  let test: string[];
  try {
    const v = rest.startsWith('[') ? (JSON.parse(rest) as unknown) : null;
    test = Array.isArray(v) ? ['CMD', ...(v as string[])] : ['CMD-SHELL', rest];
  } catch {
    test = ['CMD-SHELL', rest];
  }
  const h: HealthConfig = { Test: test };
  const dur = (name: string, key: 'Interval' | 'Timeout' | 'StartPeriod' | 'StartInterval'): string | null => {
    const v = ins.flags[name];
    if (v === undefined || v === null) return null;
    const d = parseDuration(v);
    if (d === null) return `time: invalid duration "${v}"`;
    h[key] = d;
    return null;
  };
  for (const [n, k] of [['interval', 'Interval'], ['timeout', 'Timeout'], ['start-period', 'StartPeriod'], ['start-interval', 'StartInterval']] as const) {
    const e = dur(n, k);
    if (e) return e;
  }
  if (ins.flags.retries !== undefined && ins.flags.retries !== null) h.Retries = Number(ins.flags.retries);
  return h;
}

export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

const CHANGE_COMMANDS = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** `--change` lines of commit/import applied to a config. */
export function parseChanges(lines: readonly string[], base: ImageConfig): { config: ImageConfig } | { error: string } {
  const st: ConfigState = { config: JSON.parse(JSON.stringify(base)) as ImageConfig, cmdSet: true };
  const vars = envMap(st.config.Env);
  for (const line of lines) {
    const { instructions } = parseInstructions(line);
    for (const ins of instructions) {
      if (!CHANGE_COMMANDS.has(ins.keyword)) return { error: `${ins.keyword.toLowerCase()} is not a valid change command` };
      const e = applyConfigInstruction(st, ins, vars);
      if (e) return { error: e };
    }
  }
  return { config: st.config };
}
