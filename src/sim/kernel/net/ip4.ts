/**
 * IPv4 addresses and prefixes as the kernel and iproute2 handle them.
 *
 * Models: dotted-quad parsing (inet_pton(3)), CIDR prefixes, netmasks in either
 * form ("/16" or "/255.255.0.0"), broadcast and network addresses.
 * SIMPLIFICATIONS:
 * - IPv4 only; no shorthand forms such as "10.1" that inet_aton(3) accepts.
 * Addresses live in state as strings (plain data); arithmetic uses unsigned 32-bit numbers.
 */

/** "172.17.0.2" → 2886795266, or null if not a dotted quad (four fields of 1-3 digits, each at most 255). */
export function parseIp(s: string): number | null {
  let n = 0;
  let v = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || v > 255) return null;
      n = n * 256 + v;
      v = 0;
      digits = 0;
      if (++dots > 3) return null;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      v = v * 10 + (c - 48);
    } else return null;
  }
  if (dots !== 3 || digits === 0 || v > 255) return null;
  return n * 256 + v;
}

export function fmtIp(n: number): string {
  const u = n >>> 0;
  return `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
}

export function isIp(s: string): boolean {
  return parseIp(s) !== null;
}

/** Netmask of a prefix length as an unsigned 32-bit number (/0 → 0). */
export function maskOf(len: number): number {
  return len <= 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Prefix length of a contiguous netmask, or null when the mask has holes. */
export function maskLen(mask: number): number | null {
  for (let len = 0; len <= 32; len++) if (maskOf(len) === mask >>> 0) return len;
  return null;
}

export function networkOf(ip: number, len: number): number {
  return (ip & maskOf(len)) >>> 0;
}

export function broadcastOf(ip: number, len: number): number {
  return (networkOf(ip, len) | (~maskOf(len) >>> 0)) >>> 0;
}

export function inPrefix(ip: number, net: number, len: number): boolean {
  return networkOf(ip, len) === networkOf(net, len);
}

/** String form: does `ip` fall inside `net/len`? False for malformed input. */
export function ipInPrefix(ip: string, net: string, len: number): boolean {
  const a = parseIp(ip);
  const b = parseIp(net);
  return a !== null && b !== null && inPrefix(a, b, len);
}

export interface Prefix {
  /** The address as written (host bits kept), e.g. 172.17.0.2 in "172.17.0.2/16". */
  addr: string;
  len: number;
}

/** "10.0.0.1", "10.0.0.0/8" or "10.0.0.0/255.0.0.0" → {addr, len}; a bare address is /32. */
export function parsePrefix(s: string): Prefix | null {
  const slash = s.indexOf('/');
  const a = slash < 0 ? s : s.slice(0, slash);
  if (parseIp(a) === null) return null;
  if (slash < 0) return { addr: a, len: 32 };
  const m = s.slice(slash + 1);
  if (/^\d{1,2}$/.test(m)) {
    const len = Number(m);
    return len <= 32 ? { addr: a, len } : null;
  }
  const mask = parseIp(m);
  if (mask === null) return null;
  const len = maskLen(mask);
  return len === null ? null : { addr: a, len };
}

/** The network address of a prefix as a string: ("172.17.0.2", 16) → "172.17.0.0". */
export function networkStr(addr: string, len: number): string {
  const n = parseIp(addr);
  if (n === null) throw new Error(`bad address ${addr}`);
  return fmtIp(networkOf(n, len));
}

export function broadcastStr(addr: string, len: number): string {
  const n = parseIp(addr);
  if (n === null) throw new Error(`bad address ${addr}`);
  return fmtIp(broadcastOf(n, len));
}

/** 127.0.0.0/8 */
export function isLoopbackIp(ip: string): boolean {
  return ipInPrefix(ip, '127.0.0.0', 8);
}

/** RFC 1918 private ranges, which the internet never routes back to. */
export function isPrivateIp(ip: string): boolean {
  return ipInPrefix(ip, '10.0.0.0', 8) || ipInPrefix(ip, '172.16.0.0', 12) || ipInPrefix(ip, '192.168.0.0', 16);
}

export function isMulticastIp(ip: string): boolean {
  return ipInPrefix(ip, '224.0.0.0', 4);
}
