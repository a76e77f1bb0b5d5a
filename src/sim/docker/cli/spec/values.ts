/**
 * Flag value types: pflag's Value.Set for each type word the help shows, and
 * docker/cli's opts validators (opts/opts.go, opts/env.go, opts/hosts.go,
 * go-units ParseUlimit/RAMInBytes) with their exact error texts.
 * SIMPLIFICATIONS: list and map values are kept as string arrays; mounts and
 * advanced --network values are validated here and parsed again where used.
 */

import type { FlagSpec, FlagValue, SetResult } from './types.ts';
import { parseGoBool, parseGoDuration, parseGoInt, parseGoUint, goQuote } from '../util/go.ts';
import { ramInBytes } from '../format/units.ts';
import { parseMountSpec } from '../opts/mount.ts';

const LIST_TYPES = new Set(['list', 'filter', 'strings', 'stringArray', 'ulimit', 'mount', 'map', 'gpu-request', 'network', 'pos']);

/** The value a flag has when it is not given. */
export function defaultFor(f: FlagSpec): FlagValue {
  if (f.def !== undefined) return Array.isArray(f.def) ? [...f.def] : f.def;
  if (f.type === 'bool') return f.defText === 'true';
  if (LIST_TYPES.has(f.type)) return [];
  if (['int', 'uint', 'uint16', 'int64', 'uint64', 'bytes', 'decimal', 'duration'].includes(f.type)) {
    const n = f.defText !== undefined ? Number(f.defText) : 0;
    return Number.isFinite(n) ? n : 0;
  }
  if (f.defText && f.defText.startsWith('"')) return f.defText.slice(1, -1);
  return '';
}

const v = (value: FlagValue): SetResult => ({ value });
const e = (error: string): SetResult => ({ error });
const append = (prev: FlagValue, s: string): SetResult => v([...(Array.isArray(prev) ? prev : []), s]);

/** pflag Value.Set by type word. */
export function setByType(f: FlagSpec, raw: string, prev: FlagValue, env: Record<string, string>): SetResult {
  if (f.set) return f.set(raw, prev, env);
  switch (f.type) {
    case 'bool': {
      const r = parseGoBool(raw);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'int':
    case 'int64': {
      const r = parseGoInt(raw);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'uint':
    case 'uint64': {
      const r = parseGoUint(raw);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'uint16': {
      const r = parseGoUint(raw, 16);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'duration': {
      const r = parseGoDuration(raw);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'bytes': {
      const r = ramInBytes(raw);
      return 'error' in r ? e(r.error) : v(r.value);
    }
    case 'decimal':
      return setNanoCpus(raw);
    case 'filter':
      return raw.includes('=') ? append(prev, raw) : e('bad format of filter (expected name=value)');
    case 'ulimit':
      return setUlimit(raw, prev);
    case 'mount': {
      const r = parseMountSpec(raw);
      return 'error' in r ? e(r.error) : append(prev, raw);
    }
    case 'network':
      return setNetwork(raw, prev);
    case 'strings':
      return v([...(Array.isArray(prev) ? prev : []), ...raw.split(',')]);
    default:
      return LIST_TYPES.has(f.type) ? append(prev, raw) : v(raw);
  }
}

/** opts.NanoCPUs: a decimal number of CPUs as nano-CPUs. */
export function setNanoCpus(raw: string): SetResult {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return e(`failed to parse ${raw} as a rational number`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > 9) return e('value is too precise');
  const n = Number(m[2] || '0') * 1e9 + Number(frac.padEnd(9, '0') || '0');
  return v(m[1] === '-' ? -n : n);
}

/** opts.MemSwapBytes: like --memory, and "-1" for unlimited. */
export function setMemSwap(raw: string): SetResult {
  if (raw === '-1') return v(-1);
  const r = ramInBytes(raw);
  return 'error' in r ? e(r.error) : v(r.value);
}

const ULIMITS = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** go-units ParseUlimit: name=soft[:hard]. */
export function setUlimit(raw: string, prev: FlagValue): SetResult {
  const eq = raw.indexOf('=');
  if (eq < 0) return e(`invalid ulimit argument: ${raw}`);
  const name = raw.slice(0, eq);
  if (!ULIMITS.includes(name)) return e(`invalid ulimit type: ${name}`);
  const parts = raw.slice(eq + 1).split(':');
  if (parts.length > 2) return e(`too many limit value arguments - ${raw.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  const nums: number[] = [];
  for (const p of parts) {
    if (!/^[+-]?\d+$/.test(p)) return e(`strconv.ParseInt: parsing ${goQuote(p)}: invalid syntax`);
    nums.push(Number(p));
  }
  const [soft, hard] = [nums[0] as number, nums[1] ?? (nums[0] as number)];
  if (soft > hard) return e(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  // Later values for the same name replace earlier ones.
  const list = (Array.isArray(prev) ? prev : []).filter((u) => !u.startsWith(`${name}=`));
  return v([...list, raw]);
}

const NETWORK_KEYS = ['name', 'alias', 'ip', 'ip6', 'mac-address', 'link-local-ip', 'driver-opt', 'gw-priority'];

/** opts.NetworkOpt: a name, or name=...,alias=...,ip=... */
export function setNetwork(raw: string, prev: FlagValue): SetResult {
  if (raw.includes('=')) {
    for (const field of raw.split(',')) {
      const key = field.split('=')[0] ?? '';
      if (!NETWORK_KEYS.includes(key.toLowerCase())) return e(`invalid field key ${key}`);
    }
  }
  return append(prev, raw);
}

/** opts.ValidateEnv: KEY=VAL, or KEY taken from the CLI's environment when set there. */
export function setEnv(raw: string, prev: FlagValue, env: Record<string, string>): SetResult {
  const eq = raw.indexOf('=');
  const k = eq < 0 ? raw : raw.slice(0, eq);
  if (k === '') return e(`invalid environment variable: ${raw}`);
  if (eq < 0 && Object.prototype.hasOwnProperty.call(env, k)) return append(prev, `${k}=${env[k]}`);
  return append(prev, raw);
}

export function isIp(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith('0')));
  return /^[0-9a-fA-F:]+(:\d+\.\d+\.\d+\.\d+)?$/.test(s) && s.includes(':') && (s.match(/::/g) ?? []).length <= 1;
}

/** opts.ValidateIPAddress. */
export function setIp(raw: string, prev: FlagValue): SetResult {
  const s = raw.trim();
  return isIp(s) ? append(prev, s) : e(`IP address is not correctly formatted: ${raw}`);
}

/** opts.ValidateExtraHost: host:ip, host=ip or host:host-gateway. */
export function setExtraHost(raw: string, prev: FlagValue): SetResult {
  let sep = raw.indexOf('=');
  if (sep < 0) sep = raw.indexOf(':');
  const k = sep < 0 ? '' : raw.slice(0, sep);
  let ip = sep < 0 ? '' : raw.slice(sep + 1);
  if (sep < 0 || k === '' || k.includes(':')) return e(`bad format for add-host: ${goQuote(raw)}`);
  if (ip !== 'host-gateway') {
    if (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    if (!isIp(ip)) return e(`invalid IP address in add-host: ${goQuote(ip)}`);
  }
  return append(prev, raw);
}

/** opts.ValidateAttach. */
export function setAttach(raw: string, prev: FlagValue): SetResult {
  const s = raw.toLowerCase();
  return ['stdin', 'stdout', 'stderr'].includes(s) ? append(prev, s) : e('valid streams are STDIN, STDOUT and STDERR');
}

/** opts.ValidateLink: name or name:alias. */
export function setLink(raw: string, prev: FlagValue): SetResult {
  const parts = raw.split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) return e(`bad format for links: ${raw}`);
  return append(prev, raw);
}

const SYSCTL_KEYS = ['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'];

/** opts.ValidateSysctl. */
export function setSysctl(raw: string, prev: FlagValue): SetResult {
  const eq = raw.indexOf('=');
  const k = eq < 0 ? '' : raw.slice(0, eq);
  if (eq >= 0 && (SYSCTL_KEYS.includes(k) || k.startsWith('fs.mqueue.') || k.startsWith('net.'))) return append(prev, raw);
  return e(`sysctl '${raw}' is not allowed`);
}

/** opts.ValidateLabel: any key, "=value" optional. */
export function setLabel(raw: string, prev: FlagValue): SetResult {
  return append(prev, raw);
}

/** --gpus: "all", a count, or count=/device=/capabilities= fields. */
export function setGpus(raw: string, prev: FlagValue): SetResult {
  for (const field of raw.split(',')) {
    const [k, val] = field.includes('=') ? [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)] : ['count', field];
    if (k === 'count' && val !== 'all' && !/^\d+$/.test(val)) return e(`invalid count (${val}): value must be either "all" or an integer: invalid syntax`);
  }
  return append(prev, raw);
}
