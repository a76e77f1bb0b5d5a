/**
 * dockerd's iptables rules, Docker 28.2 layout (the iptables backend of
 * moby daemon/libnetwork/drivers/bridge/setup_ip_tables_linux.go, port_mapping_linux.go
 * and libnetwork/firewall_linux.go), programmed through the kernel's iptables
 * so `iptables -S`, `iptables -t nat -S` and the packet path all see them.
 *
 * The layout modelled (fresh daemon, default bridge only):
 *   filter: -P FORWARD DROP (dockerd enabled ip_forward itself)
 *           -A FORWARD -j DOCKER-USER; -A FORWARD -j DOCKER-FORWARD
 *           -A DOCKER-FORWARD -j DOCKER-CT / -j DOCKER-ISOLATION-STAGE-1 / -j DOCKER-BRIDGE
 *           per network: -A DOCKER ! -i br -o br -j DROP; -A DOCKER-BRIDGE -o br -j DOCKER;
 *             -A DOCKER-CT -o br -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT;
 *             -A DOCKER-FORWARD -i br -j ACCEPT (icc) ;
 *             -A DOCKER-ISOLATION-STAGE-1 -i br ! -o br -j DOCKER-ISOLATION-STAGE-2;
 *             -I DOCKER-ISOLATION-STAGE-2 -o br -j DROP
 *           per published port: -I DOCKER -d CIP/32 ! -i br -o br -p tcp -m tcp --dport CP -j ACCEPT
 *   nat:    -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
 *           -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
 *           per network: -I POSTROUTING -s SUBNET ! -o br -j MASQUERADE; -I DOCKER -i br -j RETURN
 *           per published port: -A DOCKER ! -i br -p tcp -m tcp --dport HP -j DNAT --to-destination CIP:CP
 *   raw:    per endpoint (28.2, moby#49829): -A PREROUTING -d CIP/32 ! -i br -j DROP
 *           per port published on a loopback host address: -A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport HP -j DROP
 * Docker 28.0 split its FORWARD rules into DOCKER-FORWARD/-CT/-BRIDGE but kept
 * the DOCKER-ISOLATION-STAGE-1/2 chains (dropped in 29.0, moby 1ad9599da7);
 * 28.2.2 stopped adding `-A DOCKER-USER -j RETURN` (moby#50098). Which rules
 * are appended and which inserted follows moby's generated iptablesdoc files
 * (integration/network/bridge/iptablesdoc, 28.x).
 * SIMPLIFICATIONS:
 * - Userland proxy on (the default), so no hairpin MASQUERADE rules per port.
 * - Internal networks get the two ISOLATION-STAGE-1 DROP rules of older
 *   releases and an intra-network ACCEPT (inferred, not read from a 28 doc).
 * - No ip6tables, no nftables backend, no `--iptables=false`.
 */

import type { Engine } from '../engine.ts';
import type { IptTableName } from '../../kernel/net/types.ts';
import { iptables, type IptCommand } from '../../kernel/net/iptables/ops.ts';
import { sysctlSet } from '../../kernel/net/sysctl.ts';
import { isErr } from '../../kernel/errno.ts';
import type { NetworkRecord, PortMapping } from './types.ts';
import { daemonPid } from './kops.ts';

function run(engine: Engine, table: IptTableName, c: IptCommand): boolean {
  const r = iptables(engine.k, daemonPid(engine), table, c);
  return !isErr(r) && r.ok;
}

const split = (spec: string): string[] => spec.split(' ').filter(Boolean);

export function chainExists(engine: Engine, table: IptTableName, chain: string): boolean {
  const ns = engine.k.state.net.byNs[engine.k.state.ns.initial.net];
  return !!ns?.iptables[table].chains[chain];
}

export function ensureChain(engine: Engine, table: IptTableName, chain: string): void {
  if (!chainExists(engine, table, chain)) run(engine, table, { cmd: '-N', chain });
}

export function ruleExists(engine: Engine, table: IptTableName, chain: string, spec: string): boolean {
  return run(engine, table, { cmd: '-C', chain, rule: split(spec) });
}

/** Append (or insert at `pos`, 1-based) unless an identical rule is there already. */
export function ensureRule(engine: Engine, table: IptTableName, chain: string, spec: string, pos?: number): void {
  if (ruleExists(engine, table, chain, spec)) return;
  if (pos !== undefined) run(engine, table, { cmd: '-I', chain, pos, rule: split(spec) });
  else run(engine, table, { cmd: '-A', chain, rule: split(spec) });
}

/** Delete one rule matching `spec` (iptables -D), if any. */
export function deleteRule(engine: Engine, table: IptTableName, chain: string, spec: string): void {
  run(engine, table, { cmd: '-D', chain, rule: split(spec) });
}

const FILTER_CHAINS = ['DOCKER', 'DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'];

/** The daemon's chains and jumps, ip_forward=1 and the FORWARD DROP policy (idempotent: a restart re-checks). */
export function setupDaemonChains(engine: Engine): void {
  const pid = daemonPid(engine);
  sysctlSet(engine.k, pid, 'net.ipv4.ip_forward', '1');
  ensureChain(engine, 'nat', 'DOCKER');
  ensureRule(engine, 'nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER');
  ensureRule(engine, 'nat', 'OUTPUT', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
  for (const c of FILTER_CHAINS) ensureChain(engine, 'filter', c);
  // setupIPForwarding: dockerd turned forwarding on itself, so it sets the policy to DROP.
  run(engine, 'filter', { cmd: '-P', chain: 'FORWARD', policy: 'DROP' });
  ensureRule(engine, 'filter', 'FORWARD', '-j DOCKER-USER');
  ensureRule(engine, 'filter', 'FORWARD', '-j DOCKER-FORWARD');
  ensureRule(engine, 'filter', 'DOCKER-FORWARD', '-j DOCKER-CT');
  ensureRule(engine, 'filter', 'DOCKER-FORWARD', '-j DOCKER-ISOLATION-STAGE-1');
  ensureRule(engine, 'filter', 'DOCKER-FORWARD', '-j DOCKER-BRIDGE');
}

interface RuleSpec {
  table: IptTableName;
  chain: string;
  spec: string;
  /** Insert at this position instead of appending. */
  pos?: number;
}

function opt(n: NetworkRecord, key: string, dflt: boolean): boolean {
  const v = n.Options[key];
  return v === undefined ? dflt : v === 'true' || v === '1';
}

/** The rules a bridge network owns, in the order dockerd adds them. */
export function networkRules(n: NetworkRecord): RuleSpec[] {
  const br = n.bridge;
  const subnet = n.IPAM.Config?.[0]?.Subnet;
  if (!br || !subnet) return [];
  if (n.Internal) {
    return [
      { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', spec: `! -d ${subnet} -i ${br} -j DROP`, pos: 1 },
      { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', spec: `! -s ${subnet} -o ${br} -j DROP`, pos: 1 },
      { table: 'filter', chain: 'DOCKER-FORWARD', spec: `-i ${br} -o ${br} -j ACCEPT` },
    ];
  }
  const rules: RuleSpec[] = [];
  if (opt(n, 'com.docker.network.bridge.enable_ip_masquerade', true)) {
    rules.push({ table: 'nat', chain: 'POSTROUTING', spec: `-s ${subnet} ! -o ${br} -j MASQUERADE`, pos: 1 });
  }
  rules.push(
    { table: 'nat', chain: 'DOCKER', spec: `-i ${br} -j RETURN`, pos: 1 },
    { table: 'filter', chain: 'DOCKER', spec: `! -i ${br} -o ${br} -j DROP` },
    { table: 'filter', chain: 'DOCKER-BRIDGE', spec: `-o ${br} -j DOCKER` },
    { table: 'filter', chain: 'DOCKER-CT', spec: `-o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT` },
  );
  if (opt(n, 'com.docker.network.bridge.enable_icc', true)) rules.push({ table: 'filter', chain: 'DOCKER-FORWARD', spec: `-i ${br} -j ACCEPT` });
  else {
    rules.push({ table: 'filter', chain: 'DOCKER-FORWARD', spec: `-i ${br} -o ${br} -j DROP` }, { table: 'filter', chain: 'DOCKER-FORWARD', spec: `-i ${br} ! -o ${br} -j ACCEPT` });
  }
  rules.push(
    { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', spec: `-i ${br} ! -o ${br} -j DOCKER-ISOLATION-STAGE-2` },
    { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-2', spec: `-o ${br} -j DROP`, pos: 1 },
  );
  return rules;
}

export function addNetworkRules(engine: Engine, n: NetworkRecord): void {
  for (const r of networkRules(n)) ensureRule(engine, r.table, r.chain, r.spec, r.pos);
}

export function removeNetworkRules(engine: Engine, n: NetworkRecord): void {
  for (const r of [...networkRules(n)].reverse()) deleteRule(engine, r.table, r.chain, r.spec);
}

/** raw PREROUTING: drop packets addressed straight to a container from outside its bridge (28.2). */
export function directAccessRule(n: NetworkRecord, ip: string): RuleSpec | null {
  if (!n.bridge || n.Internal) return null;
  return { table: 'raw', chain: 'PREROUTING', spec: `-d ${ip}/32 ! -i ${n.bridge} -j DROP` };
}

/** Appended without an -C check: each endpoint has its own address, so the rule cannot be there already. */
export function addEndpointRules(engine: Engine, n: NetworkRecord, ip: string): void {
  const r = directAccessRule(n, ip);
  if (r) run(engine, r.table, { cmd: '-A', chain: r.chain, rule: split(r.spec) });
}

export function removeEndpointRules(engine: Engine, n: NetworkRecord, ip: string): void {
  const r = directAccessRule(n, ip);
  if (r) deleteRule(engine, r.table, r.chain, r.spec);
}

function isLoopbackHostIp(ip: string): boolean {
  return ip.startsWith('127.');
}

/** The rules of one published port, in the order they are added. */
export function portRules(m: PortMapping): RuleSpec[] {
  const p = `-p ${m.proto} -m ${m.proto}`;
  const dst = m.hostIp === '0.0.0.0' ? '' : `-d ${m.hostIp}/32 `;
  const rules: RuleSpec[] = [
    { table: 'filter', chain: 'DOCKER', spec: `-d ${m.containerIp}/32 ! -i ${m.bridge} -o ${m.bridge} ${p} --dport ${m.containerPort} -j ACCEPT`, pos: 1 },
    { table: 'nat', chain: 'DOCKER', spec: `${dst}! -i ${m.bridge} ${p} --dport ${m.hostPort} -j DNAT --to-destination ${m.containerIp}:${m.containerPort}` },
  ];
  // filterPortMappedOnLoopback (28.0): a port published on 127.0.0.1 is not reachable from other hosts.
  if (isLoopbackHostIp(m.hostIp)) rules.push({ table: 'raw', chain: 'PREROUTING', spec: `-d ${m.hostIp}/32 ! -i lo ${p} --dport ${m.hostPort} -j DROP` });
  return rules;
}

/** Per-port rules are added once per binding (two bindings of one container port give two ACCEPT rules). */
export function addPortRules(engine: Engine, m: PortMapping): void {
  for (const r of portRules(m)) {
    if (r.pos !== undefined) run(engine, r.table, { cmd: '-I', chain: r.chain, pos: r.pos, rule: split(r.spec) });
    else run(engine, r.table, { cmd: '-A', chain: r.chain, rule: split(r.spec) });
  }
}

export function removePortRules(engine: Engine, m: PortMapping): void {
  for (const r of [...portRules(m)].reverse()) deleteRule(engine, r.table, r.chain, r.spec);
}
