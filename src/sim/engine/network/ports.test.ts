import { describe, expect, it } from 'vitest';
import { iptablesListRules } from '../../kernel/net/render/iptables.ts';
import { connect } from '../../kernel/net/connect.ts';
import { listen } from '../../kernel/net/socket.ts';
import { fork } from '../../kernel/process/testkit.ts';
import { isErr } from '../../kernel/errno.ts';
import { runLine } from '../../userland/index.ts';
import { bootEngine, fakeContainer, FRESH_FILTER, FRESH_NAT, lines, type EngineHost } from './testkit.ts';
import { attachContainer, detachContainer } from './attach.ts';
import { publishPorts, unpublishPorts } from './ports.ts';
import { isNetError } from './networks.ts';

function must<T>(x: T | { error: string; status: number }): T {
  if (isNetError(x)) throw new Error(x.error);
  return x;
}

function run(h: EngineHost, name: string, ports: Record<string, Array<{ HostIp?: string; HostPort?: string }>>, exposed: string[] = [], all = false) {
  const c = fakeContainer(h, { serve: 80 });
  must(attachContainer(h.engine, c.id, c.pid, { name }));
  return { ...c, ports: publishPorts(h.engine, c.id, ports, exposed, all) };
}

describe('publishPorts', () => {
  it('adds the DNAT, ACCEPT and raw rules of `-p 8080:80` exactly as Docker 28.2 does', () => {
    const h = bootEngine();
    const c = run(h, 'web', { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, ['80/tcp']);
    expect(c.ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
    const hostNs = h.k.state.ns.initial.net;
    expect(iptablesListRules(h.k.state, hostNs, 'nat')).toBe(lines([...FRESH_NAT, '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80']));
    const filter = [...FRESH_FILTER];
    filter.splice(filter.indexOf('-A DOCKER ! -i docker0 -o docker0 -j DROP'), 0, '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT');
    expect(iptablesListRules(h.k.state, hostNs, 'filter')).toBe(lines(filter));
    expect(iptablesListRules(h.k.state, hostNs, 'raw')).toBe('-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP\n');
  });

  it('starts docker-proxy as a child of dockerd, listening on the host port', () => {
    const h = bootEngine();
    run(h, 'web', { '80/tcp': [{ HostPort: '8080' }] });
    const proxy = Object.values(h.k.state.proc.byPid).find((p) => p.comm === 'docker-proxy');
    expect(proxy?.ppid).toBe(h.dockerd);
    expect(proxy?.argv).toEqual(['/usr/bin/docker-proxy', '-proto', 'tcp', '-host-ip', '0.0.0.0', '-host-port', '8080', '-container-ip', '172.17.0.2', '-container-port', '80', '-use-listen-fd']);
    const socks = Object.values(h.k.state.net.sockets).filter((s) => s.pid === proxy?.pid);
    expect(socks.map((s) => [s.localAddr, s.localPort, s.state])).toEqual([['0.0.0.0', 8080, 'LISTEN']]);
  });

  it('carries host → 10.0.2.15:8080 through DNAT to the container listener, and localhost:8080 through docker-proxy', () => {
    const h = bootEngine();
    const c = run(h, 'web', { '80/tcp': [{ HostPort: '8080' }] });
    const client = fork(h.k, 1).pid;
    const r = connect(h.k, client, '10.0.2.15', 8080);
    if (isErr(r)) throw new Error(r.errno);
    expect(r.listener.pid).toBe(c.pid);
    expect(r.dst).toBe('172.17.0.2');
    expect(r.path.map((x) => x.what)).toEqual(['dnat', 'route', 'bridge', 'veth', 'deliver']);
    const out = runLine(h.ul, h.shell, 'curl -s localhost:8080');
    expect(out.stdout).toBe(`hello from ${c.id.slice(0, 12)} (client 172.17.0.1)\n`);
    const direct = runLine(h.ul, h.shell, 'curl -s http://10.0.2.15:8080/');
    expect(direct.stdout).toBe(`hello from ${c.id.slice(0, 12)} (client 10.0.2.15)\n`);
  });

  it('refuses a host port another container holds, and one a host process listens on', () => {
    const h = bootEngine();
    run(h, 'web', { '80/tcp': [{ HostPort: '8080' }] });
    const second = fakeContainer(h, { serve: 80 });
    const at = must(attachContainer(h.engine, second.id, second.pid, { name: 'web2' }));
    const epId = at.networks.bridge?.EndpointID;
    expect(publishPorts(h.engine, second.id, { '80/tcp': [{ HostPort: '8080' }] }, [], false)).toEqual({
      error: `failed to set up container networking: driver failed programming external connectivity on endpoint web2 (${epId}): Bind for 0.0.0.0:8080 failed: port is already allocated`,
      status: 500,
    });
    const nginxOnHost = fork(h.k, 1).pid;
    if (isErr(listen(h.k, nginxOnHost, 'tcp', '0.0.0.0', 9090))) throw new Error('listen');
    expect(publishPorts(h.engine, second.id, { '80/tcp': [{ HostPort: '9090' }] }, [], false)).toEqual({
      error: `failed to set up container networking: driver failed programming external connectivity on endpoint web2 (${epId}): failed to bind host port for 0.0.0.0:9090:172.17.0.3:80/tcp: address already in use`,
      status: 500,
    });
    // Nothing of the failed attempts is left behind.
    expect(h.engine.state.network.published[second.id]).toBeUndefined();
    expect(iptablesListRules(h.k.state, h.k.state.ns.initial.net, 'nat')).not.toContain('172.17.0.3');
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy' && p.state !== 'Z')).toHaveLength(1);
  });

  it('-P maps every exposed port to ephemeral ports from 32768 upward, per protocol, in port order', () => {
    const h = bootEngine();
    const a = run(h, 'a', {}, ['443/tcp', '80/tcp', '53/udp'], true);
    expect(a.ports).toEqual({
      '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '32769' }],
      '53/udp': [{ HostIp: '0.0.0.0', HostPort: '32768' }],
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }],
    });
    unpublishPorts(h.engine, a.id);
    const b = run(h, 'b', { '80/tcp': [{ HostPort: '' }] }, ['80/tcp']);
    // The allocator continues after the last port it gave (per protocol), it does not reuse 32768 at once.
    expect(b.ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32770' }] });
  });

  it('lists exposed but unpublished ports as null, publishes on a given host address with a loopback guard', () => {
    const h = bootEngine();
    const c = run(h, 'web', { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }, ['80/tcp', '443/tcp']);
    expect(c.ports).toEqual({ '443/tcp': null, '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
    const hostNs = h.k.state.ns.initial.net;
    expect(iptablesListRules(h.k.state, hostNs, 'nat')).toContain('-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n');
    expect(iptablesListRules(h.k.state, hostNs, 'raw')).toContain('-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP\n');
  });

  it('detachContainer removes rules, proxies and allocations', () => {
    const h = bootEngine();
    const c = run(h, 'web', { '80/tcp': [{ HostPort: '8080' }, { HostPort: '8081' }] });
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy')).toHaveLength(2);
    detachContainer(h.engine, c.id);
    const hostNs = h.k.state.ns.initial.net;
    expect(iptablesListRules(h.k.state, hostNs, 'nat')).toBe(lines(FRESH_NAT));
    expect(iptablesListRules(h.k.state, hostNs, 'filter')).toBe(lines(FRESH_FILTER));
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.comm === 'docker-proxy')).toHaveLength(0);
    expect(h.engine.state.network.portsInUse).toEqual({});
    const again = run(h, 'web2', { '80/tcp': [{ HostPort: '8080' }] });
    expect(again.ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
  });
});
