/**
 * --network / --network-alias / --ip / --ip6 / --link / --mac-address into
 * HostConfig.NetworkMode and NetworkingConfig.EndpointsConfig (docker/cli
 * cli/command/container/opts.go parseNetworkOpts), including the advanced
 * syntax --network name=mynet,alias=x,ip=172.18.0.9.
 */

import type { Flags } from '../spec/types.ts';
import { flagList, flagStr } from '../spec/parse.ts';
import { csvFields } from './mount.ts';

interface Attachment {
  target: string;
  aliases: string[];
  links: string[];
  ipv4: string;
  ipv6: string;
  mac: string;
  linkLocal: string[];
  driverOpts: Record<string, string>;
  gwPriority: number;
}

const MAC_RE = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

/** A user-defined network: not default, bridge, host, none or container:x. */
export function isUserDefined(mode: string): boolean {
  return !['default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');
}

function parseNetworkFlag(v: string): Attachment {
  const a: Attachment = { target: v, aliases: [], links: [], ipv4: '', ipv6: '', mac: '', linkLocal: [], driverOpts: {}, gwPriority: 0 };
  if (!v.includes('=')) return a;
  a.target = '';
  for (const field of csvFields(v)) {
    const eq = field.indexOf('=');
    const k = field.slice(0, eq).toLowerCase();
    const val = field.slice(eq + 1);
    if (k === 'name') a.target = val;
    else if (k === 'alias') a.aliases.push(val);
    else if (k === 'ip') a.ipv4 = val;
    else if (k === 'ip6') a.ipv6 = val;
    else if (k === 'mac-address') a.mac = val;
    else if (k === 'link-local-ip') a.linkLocal.push(val);
    else if (k === 'gw-priority') a.gwPriority = Number(val);
    else if (k === 'driver-opt') {
      const i = val.indexOf('=');
      a.driverOpts[val.slice(0, i)] = val.slice(i + 1);
    }
  }
  return a;
}

function endpoint(a: Attachment): { ep: Record<string, unknown> } | { error: string } {
  if (a.target.trim() === '') return { error: 'no name set for network' };
  if (!isUserDefined(a.target)) {
    if (a.aliases.length) return { error: 'network-scoped aliases are only supported for user-defined networks' };
    if (a.links.length) return { error: 'links are only supported for user-defined networks' };
  }
  let ipam: Record<string, unknown> | null = null;
  if (a.ipv4 || a.ipv6 || a.linkLocal.length) {
    ipam = {};
    if (a.ipv4) ipam.IPv4Address = a.ipv4;
    if (a.ipv6) ipam.IPv6Address = a.ipv6;
    if (a.linkLocal.length) ipam.LinkLocalIPs = a.linkLocal;
  }
  if (a.mac && !MAC_RE.test(a.mac)) return { error: `${a.mac} is not a valid mac address` };
  const ep = {
    IPAMConfig: ipam,
    Links: a.links.length ? a.links : null,
    Aliases: a.aliases.length ? a.aliases : null,
    MacAddress: a.mac,
    DriverOpts: Object.keys(a.driverOpts).length ? a.driverOpts : null,
    GwPriority: a.gwPriority,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
  return { ep };
}

function isEmptyEndpoint(a: Attachment): boolean {
  return !a.aliases.length && !a.links.length && !a.ipv4 && !a.ipv6 && !a.mac && !a.linkLocal.length && !Object.keys(a.driverOpts).length && !a.gwPriority;
}

function applyContainerOptions(a: Attachment, f: Flags, mac: string): string | null {
  const aliases = [...flagList(f, 'network-alias'), ...flagList(f, 'net-alias')];
  const links = flagList(f, 'link');
  if (a.aliases.length && aliases.length) return 'conflicting options: cannot specify both --network-alias and per-network alias';
  if (a.ipv4 && flagStr(f, 'ip')) return 'conflicting options: cannot specify both --ip and per-network IPv4 address';
  if (a.ipv6 && flagStr(f, 'ip6')) return 'conflicting options: cannot specify both --ip6 and per-network IPv6 address';
  if (a.mac && mac) return 'conflicting options: cannot specify both --mac-address and per-network MAC address';
  if (aliases.length) a.aliases = [...aliases];
  if (isUserDefined(a.target) && links.length) a.links = [...links];
  if (flagStr(f, 'ip')) a.ipv4 = flagStr(f, 'ip');
  if (flagStr(f, 'ip6')) a.ipv6 = flagStr(f, 'ip6');
  if (mac) a.mac = mac;
  if (flagList(f, 'link-local-ip').length) a.linkLocal = [...flagList(f, 'link-local-ip')];
  return null;
}

export function endpointsConfig(f: Flags, mac: string): { networkMode: string; endpoints: Record<string, unknown> } | { error: string } {
  const nets = [...flagList(f, 'network'), ...flagList(f, 'net')].map(parseNetworkFlag);
  const endpoints: Record<string, unknown> = {};
  if (!nets.length) {
    const a = parseNetworkFlag('default');
    const err = applyContainerOptions(a, f, mac);
    if (err) return { error: err };
    const ep = endpoint(a);
    if ('error' in ep) return ep;
    endpoints.default = ep.ep;
  }
  let user = false;
  let nonUser = false;
  for (let i = 0; i < nets.length; i++) {
    const a = nets[i] as Attachment;
    if (isUserDefined(a.target)) user = true;
    else nonUser = true;
    if (i === 0) {
      const err = applyContainerOptions(a, f, mac);
      if (err) return { error: err };
    }
    const ep = endpoint(a);
    if ('error' in ep) return ep;
    if (a.target in endpoints) return { error: `network ${JSON.stringify(a.target)} is specified multiple times` };
    if (i === 0 && nets.length === 1 && isEmptyEndpoint(a)) continue;
    endpoints[a.target] = ep.ep;
  }
  if (user && nonUser) return { error: 'conflicting options: cannot attach both user-defined and non-user-defined network-modes' };
  return { networkMode: nets[0]?.target ?? 'default', endpoints };
}
