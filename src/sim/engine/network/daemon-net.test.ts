import { describe, expect, it } from 'vitest';
import { iptablesListRules } from '../../kernel/net/render/iptables.ts';
import { ipAddrShow } from '../../kernel/net/render/ip.ts';
import { sysctlGet } from '../../kernel/net/sysctl.ts';
import { exists } from '../../kernel/fs/index.ts';
import { bootEngine, FRESH_FILTER, FRESH_NAT, lines } from './testkit.ts';
import { setupDaemonNetworking } from './daemon-net.ts';

describe('setupDaemonNetworking', () => {
  it('builds the Docker 28.2 filter and nat tables of a fresh daemon', () => {
    const { k } = bootEngine();
    const hostNs = k.state.ns.initial.net;
    expect(iptablesListRules(k.state, hostNs, 'filter')).toBe(lines(FRESH_FILTER));
    expect(iptablesListRules(k.state, hostNs, 'nat')).toBe(lines(FRESH_NAT));
    expect(iptablesListRules(k.state, hostNs, 'raw')).toBe('-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n');
    expect(sysctlGet(k.state.net, hostNs, 'net.ipv4.ip_forward')).toBe('1');
  });

  it('creates docker0 with 172.17.0.1/16, up but without carrier, txqueuelen 0', () => {
    const { k } = bootEngine();
    const text = ipAddrShow(k.state, k.state.ns.initial.net, 'docker0');
    expect(text).toMatch(/^3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default \n/);
    expect(text).toContain('    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n');
  });

  it('creates the predefined networks bridge, host and none', () => {
    const { engine } = bootEngine();
    const nets = engine.state.network.order.map((id) => engine.state.network.networks[id]);
    expect(nets.map((n) => [n?.Name, n?.Driver, n?.bridge])).toEqual([
      ['bridge', 'bridge', 'docker0'],
      ['host', 'host', null],
      ['none', 'null', null],
    ]);
    for (const n of nets) expect(n?.Id).toMatch(/^[0-9a-f]{64}$/);
    expect(nets[0]?.IPAM.Config).toEqual([{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]);
    expect(nets[0]?.allocated).toEqual({ '172.17.0.1': 'gateway' });
    expect(engine.state.network.daemonPid).toBe(Object.values(engine.k.state.proc.byPid).find((p) => p.comm === 'dockerd')?.pid);
  });

  it('installs /usr/bin/docker-proxy and is idempotent on a daemon restart', () => {
    const { k, engine } = bootEngine();
    expect(exists(k, 1, '/usr/bin/docker-proxy')).toBe(true);
    const ids = [...engine.state.network.order];
    setupDaemonNetworking(engine);
    expect(engine.state.network.order).toEqual(ids);
    expect(iptablesListRules(k.state, k.state.ns.initial.net, 'filter')).toBe(lines(FRESH_FILTER));
    expect(iptablesListRules(k.state, k.state.ns.initial.net, 'nat')).toBe(lines(FRESH_NAT));
  });
});
