/**
 * docker/cli's small display helpers (cli/command/formatter): TruncateID,
 * Ellipsis (display width, "…"), DisplayablePorts (the PORTS column: ranges
 * grouped, host mappings last), StripNamePrefix, Go's time.Time.String() and
 * "X ago" from go-units HumanDuration.
 */

import { humanDuration } from './units.ts';

/** stringid.TruncateID: drop "sha256:", keep 12 characters. */
export function truncateID(id: string): string {
  const i = id.indexOf(':');
  const s = i >= 0 ? id.slice(i + 1) : id;
  return s.length > 12 ? s.slice(0, 12) : s;
}

/** Display width of a rune (East Asian wide and fullwidth forms take 2 columns). */
function runeWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** formatter.Ellipsis: cut to a display width, the last column being "…". */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const rs = [...s];
  if (max === 1) return rs[0] ?? '';
  let total = 0;
  const acc: number[] = [];
  for (const r of rs) {
    total += runeWidth(r.codePointAt(0) as number);
    acc.push(total);
  }
  if (total <= max) return s;
  for (let i = 0; i < acc.length; i++) {
    if ((acc[i] as number) <= max - 1 && (acc[i + 1] ?? Infinity) > max - 1) return `${rs.slice(0, i + 1).join('')}…`;
  }
  return s;
}

/** Names without their leading "/" (and without link names when truncating). */
export function stripNamePrefix(names: string[]): string[] {
  return names.map((n) => (n.startsWith('/') ? n.slice(1) : n));
}

export interface ApiPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function comparePorts(a: ApiPort, b: ApiPort): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  if ((a.IP ?? '') !== (b.IP ?? '')) return (a.IP ?? '') < (b.IP ?? '') ? -1 : 1;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
}

function formGroup(key: string, first: number, last: number): string {
  const parts = key.split('/');
  let type = parts[0] as string;
  let ip = '';
  if (parts.length > 1) {
    ip = parts[0] as string;
    type = parts[1] as string;
  }
  let group = first === last ? `${first}` : `${first}-${last}`;
  if (ip) group = `${ip}:${group}->${group}`;
  return `${group}/${type}`;
}

/** formatter.DisplayablePorts: "443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp". */
export function displayablePorts(ports: ApiPort[]): string {
  const sorted = [...ports].sort(comparePorts);
  const groups: Record<string, { first: number; last: number }> = {};
  const keys: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of sorted) {
    const cur = p.PrivatePort;
    let key = p.Type;
    if (p.IP) {
      if ((p.PublicPort ?? 0) !== cur) {
        hostMappings.push(`${joinHostPort(p.IP, p.PublicPort ?? 0)}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups[key];
    if (!g) {
      groups[key] = { first: cur, last: cur };
      keys.push(key);
      continue;
    }
    if (cur === g.last + 1) {
      g.last = cur;
      continue;
    }
    result.push(formGroup(key, g.first, g.last));
    groups[key] = { first: cur, last: cur };
  }
  for (const k of keys) {
    const g = groups[k] as { first: number; last: number };
    result.push(formGroup(k, g.first, g.last));
  }
  return [...result, ...hostMappings].join(', ');
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.Time.String() in UTC: "2025-06-01 12:00:00 +0000 UTC". */
export function goTimeString(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 UTC`;
}

/** RFC 3339 with nanoseconds, as the API and `docker logs -t` print times. */
export function rfc3339Nano(ms: number, nanos?: number): string {
  const d = new Date(Math.floor(ms));
  const frac = nanos !== undefined ? String(nanos).padStart(9, '0') : String(Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6)).padStart(9, '0');
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${frac}Z`;
}

/** "5 minutes ago" from two instants in ms. */
export function ago(nowMs: number, thenMs: number): string {
  return `${humanDuration(Math.max(0, nowMs - thenMs))} ago`;
}

/** Parse an RFC 3339 timestamp from the API to ms (sub-ms precision dropped). */
export function parseApiTime(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) ? 0 : t;
}
