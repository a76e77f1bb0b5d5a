/**
 * Networks as the Engine API shows them (GET /networks, GET /networks/{id};
 * api/types/network Inspect and Summary, API 1.50): field order as Docker's
 * structs marshal, map keys sorted as Go marshals maps, Containers filled only
 * when inspecting one network. Plus `filters` for the list.
 */

import type { Engine } from '../engine.ts';
import type { NetworkRecord } from './types.ts';

function sorted(m: Record<string, string> | null): Record<string, string> | null {
  if (m === null) return null;
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as string;
  return out;
}

export function networkJson(engine: Engine, n: NetworkRecord, detailed: boolean): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  if (detailed) {
    for (const id of Object.keys(n.endpoints).sort()) {
      const ep = n.endpoints[id];
      if (!ep) continue;
      containers[id] = { Name: ep.name, EndpointID: ep.endpointId, MacAddress: ep.mac, IPv4Address: ep.ip ? `${ep.ip}/${ep.prefixLen}` : '', IPv6Address: '' };
    }
  }
  return {
    Name: n.Name,
    Id: n.Id,
    Created: n.Created,
    Scope: n.Scope,
    Driver: n.Driver,
    EnableIPv4: n.EnableIPv4,
    EnableIPv6: n.EnableIPv6,
    IPAM: {
      Driver: n.IPAM.Driver,
      Options: sorted(n.IPAM.Options),
      Config: n.IPAM.Config === null ? null : n.IPAM.Config.map((c) => ({ Subnet: c.Subnet, ...(c.IPRange ? { IPRange: c.IPRange } : {}), ...(c.Gateway ? { Gateway: c.Gateway } : {}) })),
    },
    Internal: n.Internal,
    Attachable: n.Attachable,
    Ingress: n.Ingress,
    ConfigFrom: { Network: n.ConfigFrom.Network },
    ConfigOnly: n.ConfigOnly,
    Containers: containers,
    Options: sorted(n.Options),
    Labels: sorted(n.Labels),
  };
}

/** The `filters` query parameter: {"name":["x"]} or the older {"name":{"x":true}}. */
export function parseFilters(raw: string | string[] | undefined): Record<string, string[]> | string {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'invalid filter';
  }
  if (typeof v !== 'object' || v === null) return 'invalid filter';
  const out: Record<string, string[]> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(val)) out[k] = val.map(String);
    else if (typeof val === 'object' && val !== null) out[k] = Object.keys(val);
    else return 'invalid filter';
  }
  return out;
}

function labelMatch(labels: Record<string, string>, want: string): boolean {
  const eq = want.indexOf('=');
  if (eq < 0) return want in labels;
  return labels[want.slice(0, eq)] === want.slice(eq + 1);
}

const NETWORK_FILTERS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'];

/** Does network `n` pass every filter? A string is the error for an unknown filter. */
export function networkMatches(n: NetworkRecord, f: Record<string, string[]>): boolean | string {
  for (const key of Object.keys(f)) if (!NETWORK_FILTERS.includes(key)) return `invalid filter '${key}'`;
  const any = (key: string, pred: (v: string) => boolean): boolean => !f[key]?.length || (f[key] ?? []).some(pred);
  const t = f.type?.find((v) => v !== 'custom' && v !== 'builtin');
  if (t !== undefined) return `invalid filter: 'type'='${t}'`;
  return (
    any('name', (v) => n.Name.includes(v)) &&
    any('id', (v) => n.Id.startsWith(v)) &&
    any('driver', (v) => n.Driver === v) &&
    any('scope', (v) => n.Scope === v) &&
    any('type', (v) => (v === 'builtin') === n.predefined) &&
    any('label', (v) => labelMatch(n.Labels, v)) &&
    any('dangling', (v) => (v === 'true' || v === '1') === (!n.predefined && Object.keys(n.endpoints).length === 0))
  );
}
