/**
 * Port specs as github.com/docker/go-connections/nat parses them for -p and
 * --expose: [ip:][hostPort:]containerPort[/proto], ranges (8080-8081:80-81),
 * IPv6 hosts in brackets, with nat's error texts; plus the long --publish
 * syntax (published=8080,target=80,protocol=udp) docker/cli converts first.
 */

import { isIp } from '../spec/values.ts';
import { goQuote } from '../util/go.ts';
import { csvFields } from './mount.ts';

export type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }>>;

function parseUint16(s: string): number | { error: string } {
  if (!/^\d+$/.test(s)) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
  const n = Number(s);
  if (n > 65535) return { error: `strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  return n;
}

/** nat.ParsePortRange: "80" or "8000-9000". */
export function parsePortRange(ports: string): [number, number] | { error: string } {
  if (ports === '') return { error: 'empty string specified for ports' };
  if (!ports.includes('-')) {
    const n = parseUint16(ports);
    return typeof n === 'number' ? [n, n] : n;
  }
  const parts = ports.split('-');
  const a = parseUint16(parts[0] as string);
  if (typeof a !== 'number') return a;
  const b = parseUint16(parts[1] as string);
  if (typeof b !== 'number') return b;
  if (b < a) return { error: `invalid range specified for port: ${ports}` };
  return [a, b];
}

/** nat.SplitProtoPort: "80/udp" → ["udp", "80"]; no proto → tcp. */
export function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw.length === 0 || (parts[0] as string).length === 0) return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if ((parts[1] as string).length === 0) return ['tcp', parts[0] as string];
  return [parts[1] as string, parts[0] as string];
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  if (parts.length === 1) return ['', '', parts[0] as string];
  if (parts.length === 2) return ['', parts[0] as string, parts[1] as string];
  if (parts.length === 3) return [parts[0] as string, parts[1] as string, parts[2] as string];
  const n = parts.length;
  return [parts.slice(0, n - 2).join(':'), parts[n - 2] as string, parts[n - 1] as string];
}

export interface PortMapping {
  port: string;
  hostIp: string;
  hostPort: string;
}

/** nat.ParsePortSpec. */
export function parsePortSpec(raw: string): PortMapping[] | { error: string } {
  const parts = splitParts(raw);
  let ip = parts[0];
  const hostPort = parts[1];
  const [protoRaw, containerPort] = splitProtoPort(parts[2]);
  let proto = protoRaw;
  if (ip !== '' && ip[0] === '[') {
    const m = /^\[([^\]]*)\]$/.exec(ip);
    if (!m) return { error: `invalid IP address ${ip}: address ${ip}:: missing port in address` };
    ip = m[1] as string;
  }
  if (ip !== '' && !isIp(ip)) return { error: `invalid IP address: ${ip}` };
  if (containerPort === '') return { error: `no port specified: ${raw}<empty>` };
  const cr = parsePortRange(containerPort);
  if ('error' in cr) return { error: `invalid containerPort: ${containerPort}` };
  let hr: [number, number] = [0, 0];
  if (hostPort.length > 0) {
    const h = parsePortRange(hostPort);
    if ('error' in h) return { error: `invalid hostPort: ${hostPort}` };
    hr = h;
  }
  if (hostPort !== '' && cr[1] - cr[0] !== hr[1] - hr[0] && cr[1] !== cr[0]) {
    return { error: `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}` };
  }
  proto = proto.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { error: `invalid proto: ${proto}` };
  const count = cr[1] - cr[0] + 1;
  const out: PortMapping[] = [];
  for (let i = 0; i < count; i++) {
    let hPort = '';
    if (hostPort !== '') {
      hPort = String(hr[0] + i);
      if (count === 1 && hr[0] !== hr[1]) hPort += `-${hr[1]}`;
    }
    out.push({ port: `${cr[0] + i}/${proto}`, hostIp: ip, hostPort: hPort });
  }
  return out;
}

/** The long --publish syntax (published=,target=,protocol=,mode=) into the short one. */
export function convertToStandardNotation(specs: string[]): string[] | { error: string } {
  const out: string[] = [];
  for (const spec of specs) {
    if (!spec.includes('=')) {
      out.push(spec);
      continue;
    }
    let published = '';
    let target = '';
    let protocol = 'tcp';
    for (const field of csvFields(spec)) {
      const eq = field.indexOf('=');
      if (eq < 0) return { error: `invalid publish opts format (should be name=value but got '${field}')` };
      const k = field.slice(0, eq).toLowerCase();
      const v = field.slice(eq + 1);
      if (k === 'published') published = v;
      else if (k === 'target') target = v;
      else if (k === 'protocol') protocol = v;
      else if (k !== 'mode') return { error: `invalid field key ${k}` };
    }
    out.push(`${published}:${target}/${protocol}`);
  }
  return out;
}

/** nat.ParsePortSpecs: exposed ports and port bindings, keys sorted as Go marshals maps. */
export function parsePortSpecs(specs: string[]): { exposed: string[]; bindings: PortBindings } | { error: string } {
  const exposed = new Set<string>();
  const bindings: PortBindings = {};
  for (const s of specs) {
    const r = parsePortSpec(s);
    if ('error' in r) return r;
    for (const m of r) {
      exposed.add(m.port);
      (bindings[m.port] ??= []).push({ HostIp: m.hostIp, HostPort: m.hostPort });
    }
  }
  return { exposed: [...exposed], bindings };
}

/** Sort map keys as Go's JSON encoding does. */
export function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] as T]));
}
