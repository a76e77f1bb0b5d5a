/**
 * docker network ls|create|inspect|rm|connect|disconnect|prune
 * (cli/command/network): request bodies as the client builds them, the list
 * sorted by name, rm checking each network first and ending with "exit
 * status 1" when one failed.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, FORMAT_JSON_USAGE, fail } from './common.ts';
import { setLink } from '../spec/values.ts';
import { flagBool, flagChanged, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { filtersQuery } from '../api/client.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_NETWORK_TABLE, compareNatural, networkContext, networkHeader, type ApiNetwork } from '../format/objects.ts';
import { inspectTyped } from './inspect.ts';
import { startPrune } from './prune.ts';
import { eachArg } from '../seq.ts';
import { kvMap } from '../util/kv.ts';

export const networkLsCmd: CommandSpec = {
  name: 'ls',
  use: 'ls [OPTIONS]',
  short: 'List networks',
  aliases: ['list'],
  aliasesLine: 'docker network ls, docker network list',
  args: { kind: 'none' },
  flags: [
    { name: 'filter', short: 'f', type: 'filter', usage: 'Provide filter values (e.g. "driver=bridge")' },
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'no-trunc', type: 'bool', usage: 'Do not truncate the output' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only display network IDs' },
  ],
  execute: executeNetworkLs,
};

export const networkCreateCmd: CommandSpec = {
  name: 'create',
  use: 'create [OPTIONS] NETWORK',
  short: 'Create a network',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'attachable', type: 'bool', usage: 'Enable manual container attachment' },
    { name: 'aux-address', type: 'map', usage: 'Auxiliary IPv4 or IPv6 addresses used by Network driver', defText: 'map[]' },
    { name: 'config-from', type: 'string', usage: 'The network from which to copy the configuration' },
    { name: 'config-only', type: 'bool', usage: 'Create a configuration only network' },
    { name: 'driver', short: 'd', type: 'string', usage: 'Driver to manage the Network', defText: '"bridge"' },
    { name: 'gateway', type: 'strings', usage: 'IPv4 or IPv6 Gateway for the master subnet' },
    { name: 'ingress', type: 'bool', usage: 'Create swarm routing-mesh network' },
    { name: 'internal', type: 'bool', usage: 'Restrict external access to the network' },
    { name: 'ip-range', type: 'strings', usage: 'Allocate container ip from a sub-range' },
    { name: 'ipam-driver', type: 'string', usage: 'IP Address Management Driver', defText: '"default"' },
    { name: 'ipam-opt', type: 'map', usage: 'Set IPAM driver specific options', defText: 'map[]' },
    { name: 'ipv4', type: 'bool', usage: 'Enable or disable IPv4 address assignment', defText: 'true' },
    { name: 'ipv6', type: 'bool', usage: 'Enable or disable IPv6 address assignment' },
    { name: 'label', type: 'list', usage: 'Set metadata on a network' },
    { name: 'opt', short: 'o', type: 'map', usage: 'Set driver specific options', defText: 'map[]' },
    { name: 'scope', type: 'string', usage: "Control the network's scope" },
    { name: 'subnet', type: 'strings', usage: 'Subnet in CIDR format that represents a network segment' },
  ],
  execute: executeNetworkCreate,
};

export const networkInspectCmd: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] NETWORK [NETWORK...]',
  short: 'Display detailed information on one or more networks',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
    { name: 'verbose', short: 'v', type: 'bool', usage: 'Verbose output for diagnostics' },
  ],
  execute: executeNetworkInspect,
};

export const networkRmCmd: CommandSpec = {
  name: 'rm',
  use: 'rm NETWORK [NETWORK...]',
  short: 'Remove one or more networks',
  aliases: ['remove'],
  aliasesLine: 'docker network rm, docker network remove',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not error if the network does not exist' },
  ],
  execute: eachArg('network-rm', (c) => ({ force: flagBool(c.flags, 'force') ? '1' : undefined })),
};

export const networkConnectCmd: CommandSpec = {
  name: 'connect',
  use: 'connect [OPTIONS] NETWORK CONTAINER',
  short: 'Connect a container to a network',
  args: { kind: 'exact', n: 2 },
  flags: [
    { name: 'alias', type: 'strings', usage: 'Add network-scoped alias for the container' },
    { name: 'driver-opt', type: 'strings', usage: 'driver options for the network' },
    { name: 'gw-priority', type: 'int', usage: 'Highest gw-priority provides the default gateway. Accepts positive and negative values.' },
    { name: 'ip', type: 'string', usage: 'IPv4 address (e.g., "172.30.100.104")' },
    { name: 'ip6', type: 'string', usage: 'IPv6 address (e.g., "2001:db8::33")' },
    { name: 'link', type: 'list', usage: 'Add link to another container', set: setLink },
    { name: 'link-local-ip', type: 'strings', usage: 'Add a link-local address for the container' },
  ],
  execute: executeNetworkConnect,
};

export const networkDisconnectCmd: CommandSpec = {
  name: 'disconnect',
  use: 'disconnect [OPTIONS] NETWORK CONTAINER',
  short: 'Disconnect a container from a network',
  args: { kind: 'exact', n: 2 },
  flags: [
    { name: 'force', short: 'f', type: 'bool', usage: 'Force the container to disconnect from a network' },
  ],
  execute: executeNetworkDisconnect,
};

export const networkPruneCmd: CommandSpec = {
  name: 'prune',
  use: 'prune [OPTIONS]',
  short: 'Remove all unused networks',
  args: { kind: 'none' },
  flags: [
    { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  execute: executeNetworkPrune,
};


function executeNetworkLs(c: CliCtx): CmdResult {
  const f = c.flags;
  const r = c.api.get('/networks', { filters: filtersQuery(flagList(f, 'filter')) });
  if (!r.ok) return fail(c, r.error);
  const list = [...((r.body as ApiNetwork[] | null) ?? [])].sort((a, b) => compareNatural(a.Name, b.Name));
  const format = flagBool(f, 'quiet') ? '{{.ID}}' : flagStr(f, 'format') || 'table';
  const trunc = !flagBool(f, 'no-trunc');
  const out = renderList(format, DEFAULT_NETWORK_TABLE, list.map((n) => networkContext(n, { trunc })), networkHeader());
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  return 0;
}

function executeNetworkCreate(c: CliCtx): CmdResult {
  const f = c.flags;
  const subnets = flagList(f, 'subnet');
  const ranges = flagList(f, 'ip-range');
  const gateways = flagList(f, 'gateway');
  if (ranges.length > subnets.length || gateways.length > subnets.length) {
    return fail(c, gateways.length > subnets.length ? 'every gateway must have a corresponding subnet' : 'every ip-range must have a corresponding subnet');
  }
  const config = subnets.map((s, i) => {
    const o: Record<string, unknown> = { Subnet: s };
    if (ranges[i]) o.IPRange = ranges[i];
    if (gateways[i]) o.Gateway = gateways[i];
    const aux = kvMap(flagList(f, 'aux-address'));
    if (Object.keys(aux).length) o.AuxiliaryAddresses = aux;
    return o;
  });
  const body: Record<string, unknown> = { Driver: flagStr(f, 'driver'), Scope: flagStr(f, 'scope') };
  if (flagChanged(f, 'ipv4')) body.EnableIPv4 = flagBool(f, 'ipv4');
  if (flagChanged(f, 'ipv6')) body.EnableIPv6 = flagBool(f, 'ipv6');
  Object.assign(body, {
    IPAM: { Driver: flagStr(f, 'ipam-driver'), Options: kvMap(flagList(f, 'ipam-opt')), Config: config },
    Internal: flagBool(f, 'internal'),
    Attachable: flagBool(f, 'attachable'),
    Ingress: flagBool(f, 'ingress'),
    ConfigOnly: flagBool(f, 'config-only'),
    ConfigFrom: flagStr(f, 'config-from') ? { Network: flagStr(f, 'config-from') } : null,
    Options: kvMap(flagList(f, 'opt')),
    Labels: kvMap(flagList(f, 'label')),
    Name: c.args[0],
  });
  const r = c.api.post('/networks/create', undefined, body);
  if (!r.ok) return fail(c, r.error);
  const b = r.body as { Id?: string; Warning?: string };
  if (b.Warning) c.io.err(`${b.Warning}\n`);
  c.io.out(`${b.Id ?? ''}\n`);
  return 0;
}

function executeNetworkInspect(c: CliCtx): CmdResult {
  return inspectTyped(c, 'network');
}

function endpointConfig(c: CliCtx): Record<string, unknown> {
  const f = c.flags;
  const ipam: Record<string, unknown> = {};
  if (flagStr(f, 'ip')) ipam.IPv4Address = flagStr(f, 'ip');
  if (flagStr(f, 'ip6')) ipam.IPv6Address = flagStr(f, 'ip6');
  if (flagList(f, 'link-local-ip').length) ipam.LinkLocalIPs = flagList(f, 'link-local-ip');
  return {
    IPAMConfig: ipam,
    Links: flagList(f, 'link').length ? flagList(f, 'link') : null,
    Aliases: flagList(f, 'alias'),
    MacAddress: '',
    DriverOpts: kvMap(flagList(f, 'driver-opt')),
    GwPriority: flagNum(f, 'gw-priority'),
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
}

function executeNetworkConnect(c: CliCtx): CmdResult {
  const [net, ctr] = c.args as [string, string];
  const r = c.api.post(`/networks/${encodeURIComponent(net)}/connect`, undefined, { Container: ctr, EndpointConfig: endpointConfig(c) });
  return r.ok ? 0 : fail(c, r.error);
}

function executeNetworkDisconnect(c: CliCtx): CmdResult {
  const [net, ctr] = c.args as [string, string];
  const r = c.api.post(`/networks/${encodeURIComponent(net)}/disconnect`, undefined, { Container: ctr, Force: flagBool(c.flags, 'force') });
  return r.ok ? 0 : fail(c, r.error);
}

function executeNetworkPrune(c: CliCtx): CmdResult {
  return startPrune(c, { k: 'prune', kind: 'network', all: false, volumes: false, filters: flagList(c.flags, 'filter'), answer: '' }, flagBool(c.flags, 'force'));
}

export const networkCommands: CommandSpec[] = [networkConnectCmd, networkCreateCmd, networkDisconnectCmd, networkInspectCmd, networkLsCmd, networkPruneCmd, networkRmCmd];
