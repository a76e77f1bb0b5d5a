import { describe, expect, it } from 'vitest';
import { becomeUser, fork } from '../process/testkit.ts';
import { bootNet, exit, inNewNetns, must } from './testkit.ts';
import { closeSocket, listen, sockets } from './socket.ts';
import { connect } from './connect.ts';
import { sysctlSet } from './sysctl.ts';
import { linkSet } from './link.ts';

describe('listen', () => {
  it('needs CAP_NET_BIND_SERVICE below ip_unprivileged_port_start', () => {
    const { k, host } = bootNet();
    const user = fork(k, 1).pid;
    becomeUser(k, user, 1000);
    expect(listen(k, user, 'tcp', '0.0.0.0', 80)).toEqual({ errno: 'EACCES' });
    expect(listen(k, user, 'tcp', '0.0.0.0', 1024)).toMatchObject({ port: 1024 });
    must(sysctlSet(k, host, 'net.ipv4.ip_unprivileged_port_start', '0'));
    expect(listen(k, user, 'tcp', '0.0.0.0', 80)).toMatchObject({ port: 80 });
  });

  it('refuses clashing binds: the wildcard clashes with everything, distinct addresses do not', () => {
    const { k, host } = bootNet();
    must(listen(k, host, 'tcp', '127.0.0.1', 8080));
    must(listen(k, host, 'tcp', '10.0.2.15', 8080));
    expect(listen(k, host, 'tcp', '0.0.0.0', 8080)).toEqual({ errno: 'EADDRINUSE' });
    expect(listen(k, host, 'tcp', '127.0.0.1', 8080)).toEqual({ errno: 'EADDRINUSE' });
    must(listen(k, host, 'udp', '0.0.0.0', 8080));
    expect(listen(k, host, 'tcp', '192.0.2.1', 9000)).toEqual({ errno: 'EADDRNOTAVAIL' });
    const other = inNewNetns(k);
    must(linkSet(k, other.pid, 'lo', { up: true }));
    must(listen(k, other.pid, 'tcp', '0.0.0.0', 8080)); // another netns, another port space
    const eph = must(listen(k, host, 'tcp', '0.0.0.0', 0));
    expect(eph.port).toBeGreaterThanOrEqual(32768);
    expect(eph.port).toBeLessThanOrEqual(60999);
  });

  it('lists sockets for ss, closes them on close(2) and when the process exits', () => {
    const { k, hostNs, log } = bootNet();
    const srv = fork(k, 1).pid;
    const a = must(listen(k, srv, 'tcp', '0.0.0.0', 22));
    const b = must(listen(k, srv, 'udp', '127.0.0.1', 53));
    const cli = fork(k, 1).pid;
    const conn = must(connect(k, cli, '127.0.0.1', 22, 'tcp', { keep: true }));
    const rows = sockets(k, hostNs).map((s) => `${s.proto} ${s.state} ${s.localAddr}:${s.localPort} ${s.peerAddr ?? '*'}:${s.peerPort ?? '*'} ${s.pid}`);
    expect(rows).toEqual([
      `tcp LISTEN 0.0.0.0:22 *:* ${srv}`,
      `udp UNCONN 127.0.0.1:53 *:* ${srv}`,
      `tcp ESTAB 127.0.0.1:22 127.0.0.1:${conn.srcPort} ${srv}`,
      `tcp ESTAB 127.0.0.1:${conn.srcPort} 127.0.0.1:22 ${cli}`,
    ]);
    expect(closeSocket(k, cli, a.inode)).toEqual({ errno: 'EBADF' });
    must(closeSocket(k, srv, b.inode));
    const before = log.length;
    exit(k, srv);
    expect(log.slice(before).filter((e) => e.type === 'net.socketClosed')).toHaveLength(2);
    expect(k.state.net.socketsByPid[srv]).toBeUndefined();
    expect(sockets(k, hostNs)).toHaveLength(1);
  });
});
