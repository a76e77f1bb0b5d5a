/**
 * What dockerd does for networking when it starts (moby daemon/daemon_unix.go
 * initNetworkController, initBridgeDriver; libnetwork bridge driver setup):
 * the predefined networks `bridge` (Linux bridge docker0, 172.17.0.0/16,
 * gateway 172.17.0.1), `host` and `none`; net.ipv4.ip_forward=1; the
 * iptables chains and rules of Docker 28 (see firewall.ts); /usr/bin/docker-proxy.
 *
 * Models: a restart of the daemon keeps the networks it knows (same ids) and
 * re-checks the bridge device and rules, adding only what is missing.
 * SIMPLIFICATIONS:
 * - No daemon.json (bip, default-address-pools, mtu, iptables=false, userland-proxy=false).
 */

import type { Engine } from '../engine.ts';
import type { NetworkRecord } from './types.ts';
import { setupDaemonChains, addNetworkRules } from './firewall.ts';
import { newNetworkRecord, setupBridgeDevice, type NetworkSpec } from './networks.ts';
import { ensureProxyBinary } from './ports.ts';

/** Options of the default bridge as `docker network inspect bridge` shows them. */
export const DEFAULT_BRIDGE_OPTIONS: Readonly<Record<string, string>> = {
  'com.docker.network.bridge.default_bridge': 'true',
  'com.docker.network.bridge.enable_icc': 'true',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
  'com.docker.network.bridge.name': 'docker0',
  'com.docker.network.driver.mtu': '1500',
};

function findDockerd(engine: Engine): number | null {
  for (const p of Object.values(engine.k.state.proc.byPid)) if (p.comm === 'dockerd' && p.state !== 'Z') return p.pid;
  return null;
}

function predefined(engine: Engine, name: string): NetworkRecord | undefined {
  return Object.values(engine.state.network.networks).find((n) => n.predefined && n.Name === name);
}

function ensureNetwork(engine: Engine, spec: NetworkSpec): NetworkRecord {
  const have = predefined(engine, spec.name);
  if (have) return have;
  const n = newNetworkRecord(engine, spec);
  engine.emit({ type: 'network.created', network: n });
  return engine.state.network.networks[n.Id] ?? n;
}

/**
 * Set up the daemon's networking. dockerd's pid defaults to the first live
 * process named dockerd (PID 1 if there is none, for tests without a daemon).
 */
export function setupDaemonNetworking(engine: Engine, opts: { daemonPid?: number } = {}): void {
  const pid = opts.daemonPid ?? findDockerd(engine) ?? 1;
  if (engine.state.network.daemonPid !== pid) engine.emit({ type: 'network.daemonConfigured', daemonPid: pid });
  setupDaemonChains(engine);
  const bridge = ensureNetwork(engine, {
    name: 'bridge',
    driver: 'bridge',
    subnet: { Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' },
    options: { ...DEFAULT_BRIDGE_OPTIONS },
    labels: {},
    ipamOptions: null,
    predefined: true,
    bridge: 'docker0',
  });
  setupBridgeDevice(engine, bridge);
  addNetworkRules(engine, bridge);
  ensureNetwork(engine, { name: 'host', driver: 'host', ipamOptions: null, predefined: true });
  ensureNetwork(engine, { name: 'none', driver: 'null', ipamOptions: null, predefined: true });
  ensureProxyBinary(engine);
}
