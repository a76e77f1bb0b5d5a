import { describe, expect, it } from 'vitest';
import { bootNet, inNewNetns, must } from './testkit.ts';
import { registerDnsServer, resolveName, lookupHostsFile, unregisterDnsServer } from './dns.ts';
import { linkSet } from './link.ts';
import { iptables } from './iptables/ops.ts';

const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n# comment\n172.17.0.2\tweb  web.local # trailing\n';

describe('resolveName', () => {
  it('reads /etc/hosts first, and takes IP literals as they are', () => {
    const { k, hostNs } = bootNet();
    expect(resolveName(k, hostNs, 'web.local', [], HOSTS)).toEqual({ addr: '172.17.0.2' });
    expect(resolveName(k, hostNs, 'LOCALHOST.', [], HOSTS)).toEqual({ addr: '127.0.0.1' });
    expect(resolveName(k, hostNs, '9.9.9.9', [], '')).toEqual({ addr: '9.9.9.9' });
    expect(lookupHostsFile(HOSTS, 'ip6-localhost')).toBeNull();
  });

  it('asks the slirp resolver (10.0.2.3) or public resolvers, which answer from the internet table', () => {
    const { k, hostNs, log } = bootNet();
    expect(resolveName(k, hostNs, 'example.com', ['10.0.2.3'], '')).toEqual({ addr: '93.184.215.14' });
    expect(log.at(-1)).toMatchObject({ type: 'net.packetTraced', kind: 'udp', dst: '10.0.2.3', dport: 53, result: 'ok' });
    expect(resolveName(k, hostNs, 'github.com', ['8.8.8.8'], '')).toEqual({ addr: '140.82.121.4' });
    expect(resolveName(k, hostNs, 'no-such-name.example', ['10.0.2.3'], '')).toEqual({ error: 'NXDOMAIN' });
  });

  it('times out when no server can be reached, and tries the next server', () => {
    const { k, host, hostNs } = bootNet();
    // No nameserver line means 127.0.0.1, where nothing listens.
    expect(resolveName(k, hostNs, 'example.com', [], '')).toEqual({ error: 'TIMEOUT' });
    expect(resolveName(k, hostNs, 'example.com', ['203.0.113.53', '1.1.1.1'], '')).toEqual({ addr: '93.184.215.14' });
    must(iptables(k, host, 'filter', { cmd: '-A', chain: 'OUTPUT', rule: ['-p', 'udp', '--dport', '53', '-j', 'DROP'] }));
    expect(resolveName(k, hostNs, 'example.com', ['10.0.2.3'], '')).toEqual({ error: 'TIMEOUT' });
  });

  it('answers from an embedded DNS server in a netns, forwarding other names from the host', () => {
    const { k } = bootNet();
    const c = inNewNetns(k);
    must(linkSet(k, c.pid, 'lo', { up: true }));
    must(registerDnsServer(k, c.netns, '127.0.0.11', { 'Web': ['172.18.0.2'] }, ['10.0.2.3']));
    expect(resolveName(k, c.netns, 'web', ['127.0.0.11'], '')).toEqual({ addr: '172.18.0.2' });
    // The container itself has no route out, but dockerd forwards from the host.
    expect(resolveName(k, c.netns, 'example.com', ['127.0.0.11'], '')).toEqual({ addr: '93.184.215.14' });
    expect(resolveName(k, c.netns, 'nope.invalid', ['127.0.0.11'], '')).toEqual({ error: 'NXDOMAIN' });
    must(registerDnsServer(k, c.netns, '127.0.0.11', {}, ['203.0.113.53']));
    expect(resolveName(k, c.netns, 'example.com', ['127.0.0.11'], '')).toEqual({ error: 'SERVFAIL' });
    must(unregisterDnsServer(k, c.netns, '127.0.0.11'));
    expect(resolveName(k, c.netns, 'web', ['127.0.0.11'], '')).toEqual({ error: 'TIMEOUT' });
    expect(registerDnsServer(k, 12345, '127.0.0.11', {}, [])).toEqual({ errno: 'EINVAL' });
  });
});
