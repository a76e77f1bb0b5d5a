/**
 * Publishing container ports on the host (`-p`, `-P`): the port allocator,
 * the NAT and filter rules, and one docker-proxy per published port
 * (moby daemon/libnetwork/portallocator, drivers/bridge/port_mapping_linux.go,
 * cmd/docker-proxy).
 *
 * Models: bindings from HostConfig.PortBindings ("80/tcp" → [{HostIp,
 * HostPort}]), -P giving every exposed port an ephemeral host port; the host
 * address defaulting to the network's host_binding_ipv4 (0.0.0.0); ephemeral
 * ports taken from net.ipv4.ip_local_port_range (32768-60999) in order, the
 * allocator continuing after the last port it handed out (as portallocator
 * does) and skipping ports in use; a host port range ("8000-8010") taking its
 * first free port; Docker's errors: "Bind for 0.0.0.0:8080 failed: port is
 * already allocated" when another container holds the port, "failed to bind
 * host port for 0.0.0.0:8080:172.17.0.2:80/tcp: address already in use" when
 * another process does; NetworkSettings.Ports (exposed but unpublished ports
 * map to null); docker-proxy as a child of dockerd, listening on the host
 * port (28.x: `-use-listen-fd`, dockerd binds and hands it the socket).
 * SIMPLIFICATIONS:
 * - IPv4 only: no [::] bindings and no IPv6 docker-proxy (an IPv4-only host).
 * - Ports are programmed on the container's gateway endpoint only.
 */

import type { Engine } from '../engine.ts';
import { sysctlGet } from '../../kernel/net/sysctl.ts';
import { readFile, writeFile, mkdirAll, chmod } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import type { NetworkState, PortMapping } from './types.ts';
import { daemonPid } from './kops.ts';
import { portKey } from './apply.ts';
import { addPortRules, removePortRules } from './firewall.ts';
import { pickGateway } from './sandbox.ts';
import type { NetError } from './networks.ts';
import { ELF_MARKER } from '../../userland/userland.ts';

export type PortBindingsIn = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null | undefined;
/** NetworkSettings.Ports. */
export type PortMap = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

export const DOCKER_PROXY = '/usr/bin/docker-proxy';

function normKey(k: string): { port: number; proto: 'tcp' | 'udp'; key: string } | null {
  const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(k);
  if (!m) return null;
  const proto = m[2] === 'udp' ? 'udp' : 'tcp';
  if (m[2] === 'sctp') return null;
  return { port: Number(m[1]), proto, key: `${m[1]}/${proto}` };
}

/** Go's sorted map keys, as the JSON of NetworkSettings.Ports lists them. */
function sortedMap(m: PortMap): PortMap {
  const out: PortMap = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] ?? null;
  return out;
}

function socketClash(engine: Engine, proto: string, ip: string, port: number): boolean {
  const netns = engine.k.state.ns.initial.net;
  for (const so of Object.values(engine.k.state.net.sockets)) {
    if (so.netns !== netns || so.proto !== proto || so.state === 'ESTAB' || so.localPort !== port) continue;
    if (so.localAddr === ip || so.localAddr === '0.0.0.0' || ip === '0.0.0.0') return true;
  }
  return false;
}

function allocated(st: NetworkState, pending: Set<string>, proto: string, ip: string, port: number): boolean {
  const k = portKey(proto, ip, port);
  return st.portsInUse[k] !== undefined || pending.has(k);
}

/** Make /usr/bin/docker-proxy (a placeholder binary of the docker-ce package in the host image) run the simulated program. */
export function ensureProxyBinary(engine: Engine): void {
  const pid = daemonPid(engine);
  const want = `${ELF_MARKER}docker-proxy\n`;
  const have = readFile(engine.k, pid, DOCKER_PROXY);
  if (!isErr(have) && have === want) return;
  mkdirAll(engine.k, pid, '/usr/bin', 0o755);
  writeFile(engine.k, pid, DOCKER_PROXY, want, { mode: 0o755 });
  chmod(engine.k, pid, DOCKER_PROXY, 0o755);
}

/** docker-proxy's command line in Docker 28. */
export function proxyArgv(m: Pick<PortMapping, 'proto' | 'hostIp' | 'hostPort' | 'containerIp' | 'containerPort'>): string[] {
  return [DOCKER_PROXY, '-proto', m.proto, '-host-ip', m.hostIp, '-host-port', String(m.hostPort), '-container-ip', m.containerIp, '-container-port', String(m.containerPort), '-use-listen-fd'];
}

function startProxy(engine: Engine, m: PortMapping): number | null {
  ensureProxyBinary(engine);
  const pid = daemonPid(engine);
  const r = engine.ul.spawn(pid, { argv: proxyArgv(m), path: DOCKER_PROXY, env: {}, fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } } });
  if (typeof r !== 'number') return null;
  const p = engine.k.proc(r);
  if (!p || p.state === 'Z') {
    engine.ul.reapChild(pid, r);
    return null;
  }
  return r;
}

function stopProxy(engine: Engine, proxyPid: number | null): void {
  if (proxyPid === null) return;
  const pid = daemonPid(engine);
  const p = engine.k.proc(proxyPid);
  if (p && p.state !== 'Z') engine.ul.kill(pid, proxyPid, 15);
  engine.ul.reapChild(p?.ppid ?? pid, proxyPid);
}

/**
 * Publish the ports of running container `containerId` (after attachContainer).
 * Returns NetworkSettings.Ports, or Docker's error (the caller fails the start
 * and calls detachContainer).
 */
export function publishPorts(engine: Engine, containerId: string, bindings: PortBindingsIn, exposed: Record<string, unknown> | string[] | null | undefined, publishAll: boolean): PortMap | NetError {
  const st = engine.state.network;
  const sb = st.sandboxes[containerId];
  if (!sb || sb.mode !== 'bridge') return {};
  const ep = pickGateway(engine, sb) ?? Object.values(st.networks).map((n) => n.endpoints[containerId]).find((e) => e?.ip) ?? null;
  const n = ep ? st.networks[ep.networkId] : undefined;
  if (!ep || !ep.ip || !n?.bridge) return {};
  const keys = new Map<string, { port: number; proto: 'tcp' | 'udp' }>();
  for (const k of [...(Array.isArray(exposed) ? exposed : Object.keys(exposed ?? {})), ...Object.keys(bindings ?? {})]) {
    const x = normKey(k);
    if (x) keys.set(x.key, x);
  }
  // Nothing exposed or published (the common `docker run`): no ports, no rules, no proxies.
  if (!keys.size) return sortedMap({});
  const ordered = [...keys.entries()].sort((a, b) => a[1].port - b[1].port || (a[1].proto < b[1].proto ? -1 : 1));
  const defaultIp = n.Options['com.docker.network.bridge.host_binding_ipv4'] ?? '0.0.0.0';
  const [lo, hi] = (sysctlGet(engine.k.state.net, engine.k.state.ns.initial.net, 'net.ipv4.ip_local_port_range') ?? '32768\t60999').split('\t').map(Number) as [number, number];
  const last = { ...st.lastEphemeral };
  const pending = new Set<string>();
  const made: PortMapping[] = [];
  const out: PortMap = {};
  const fail = (inner: string): NetError => {
    for (const m of made.reverse()) {
      removePortRules(engine, m);
      stopProxy(engine, m.proxyPid);
    }
    return { error: `failed to set up container networking: driver failed programming external connectivity on endpoint ${sb.name} (${ep.endpointId}): ${inner}`, status: 500 };
  };
  for (const [key, { port, proto }] of ordered) {
    const raw = bindings?.[key] ?? bindings?.[String(port)] ?? null;
    const list = raw && raw.length ? raw : publishAll ? [{}] : [];
    if (!list.length) {
      out[key] = null;
      continue;
    }
    const entries: Array<{ HostIp: string; HostPort: string }> = [];
    for (const b of list) {
      const hostIp = b.HostIp || defaultIp;
      if (hostIp.includes(':')) continue;
      const spec = (b.HostPort ?? '').trim();
      let hostPort: number | null = null;
      if (spec === '' || spec === '0') {
        const span = hi - lo + 1;
        const start = last[proto] >= lo && last[proto] <= hi ? last[proto] + 1 : lo;
        for (let i = 0; i < span && hostPort === null; i++) {
          const cand = lo + ((start - lo + i) % span);
          if (!allocated(st, pending, proto, hostIp, cand) && !socketClash(engine, proto, hostIp, cand)) hostPort = cand;
        }
        if (hostPort === null) return fail(`Bind for ${hostIp}:0 failed: port is already allocated`);
        last[proto] = hostPort;
      } else {
        const r = /^(\d+)(?:-(\d+))?$/.exec(spec);
        if (!r) return fail(`invalid port specification: ${spec}`);
        const from = Number(r[1]);
        const to = r[2] ? Number(r[2]) : from;
        for (let c = from; c <= to && hostPort === null; c++) if (!allocated(st, pending, proto, hostIp, c) && (from === to || !socketClash(engine, proto, hostIp, c))) hostPort = c;
        if (hostPort === null) return fail(`Bind for ${hostIp}:${from} failed: port is already allocated`);
        if (socketClash(engine, proto, hostIp, hostPort)) return fail(`failed to bind host port for ${hostIp}:${hostPort}:${ep.ip}:${port}/${proto}: address already in use`);
      }
      const m: PortMapping = { proto, hostIp, hostPort, containerIp: ep.ip, containerPort: port, bridge: n.bridge, proxyPid: null };
      addPortRules(engine, m);
      m.proxyPid = startProxy(engine, m);
      made.push(m);
      pending.add(portKey(proto, hostIp, hostPort));
      entries.push({ HostIp: hostIp, HostPort: String(hostPort) });
    }
    out[key] = entries;
  }
  if (made.length) engine.emit({ type: 'network.portsPublished', containerId, mappings: made, lastEphemeral: last });
  return sortedMap(out);
}

/** Remove a container's published ports: rules, proxies, allocations. */
export function unpublishPorts(engine: Engine, containerId: string): void {
  const list = engine.state.network.published[containerId];
  if (!list) return;
  for (const m of [...list].reverse()) {
    removePortRules(engine, m);
    stopProxy(engine, m.proxyPid);
  }
  engine.emit({ type: 'network.portsUnpublished', containerId });
}

/** NetworkSettings.Ports of a running container from what was published (exposed-only ports are the caller's). */
export function publishedPorts(engine: Engine, containerId: string): PortMap {
  const out: PortMap = {};
  for (const m of engine.state.network.published[containerId] ?? []) {
    (out[`${m.containerPort}/${m.proto}`] ??= [])?.push({ HostIp: m.hostIp, HostPort: String(m.hostPort) });
  }
  return sortedMap(out);
}
