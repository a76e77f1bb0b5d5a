import { describe, expect, test } from 'vitest';
import { createHost } from '../../host/host.ts';
import type { LoggedEvent } from '../../events.ts';

type Denied = Extract<LoggedEvent, { type: 'caps.denied' }>;
const denials = (events: readonly LoggedEvent[]): Denied[] => events.filter((e): e is Denied => e.type === 'caps.denied');

describe('caps.denied: the kernel records what it refused and which capability was missing', () => {
  test('hostname in a container without CAP_SYS_ADMIN', () => {
    const host = createHost({ seed: 3 });
    host.run('docker pull alpine');
    const r = host.run('docker run --rm alpine hostname demo');
    expect(r.stderr).toContain('Operation not permitted');
    const d = denials(r.events);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ comm: 'hostname', syscall: 'sethostname', cap: 'CAP_SYS_ADMIN', errno: 'EPERM' });
  });
  test('ip link add in a container without CAP_NET_ADMIN; the same command with --cap-add NET_ADMIN is not refused', () => {
    const host = createHost({ seed: 3 });
    host.run('docker pull alpine');
    const r = host.run('docker run --rm alpine ip link add br9 type bridge');
    expect(r.exitCode).not.toBe(0);
    expect(denials(r.events).map((e) => e.cap)).toContain('CAP_NET_ADMIN');
    const ok = host.run('docker run --rm --cap-add NET_ADMIN alpine ip link add br9 type bridge');
    expect(ok.exitCode).toBe(0);
    expect(denials(ok.events)).toHaveLength(0);
  });
  test('nginx without NET_BIND_SERVICE in the host network namespace binding port 80 (EACCES); a user killing PID 1 (EPERM)', () => {
    const host = createHost({ seed: 3 });
    host.run('docker pull nginx');
    // In its own network namespace a container may bind low ports anyway (Docker sets ip_unprivileged_port_start=0).
    const own = host.run('docker run -d --name ok --cap-drop NET_BIND_SERVICE nginx');
    expect(denials(own.events)).toHaveLength(0);
    const r = host.run('docker run --rm --network host --cap-drop NET_BIND_SERVICE nginx');
    expect(r.output).toContain('bind() to 0.0.0.0:80 failed (13: Permission denied)');
    expect(denials(r.events)[0]).toMatchObject({ comm: 'nginx', syscall: 'bind', cap: 'CAP_NET_BIND_SERVICE', errno: 'EACCES' });
    const k = host.run('su learner -c "kill 1"');
    expect(k.stderr).toContain('Operation not permitted');
    expect(denials(k.events)[0]).toMatchObject({ syscall: 'kill', cap: 'CAP_KILL', errno: 'EPERM' });
  });
  test('filesystem refusals: mount without CAP_SYS_ADMIN, chown without CAP_CHOWN, mknod without CAP_MKNOD', () => {
    const host = createHost({ seed: 3 });
    host.run('docker pull alpine');
    const m = host.run('docker run --rm alpine mount -t tmpfs none /mnt');
    expect(denials(m.events)[0]).toMatchObject({ comm: 'mount', syscall: 'mount', cap: 'CAP_SYS_ADMIN' });
    const c = host.run('docker run --rm --cap-drop CHOWN alpine chown nobody /etc/hostname');
    expect(denials(c.events)[0]).toMatchObject({ comm: 'chown', syscall: 'chown', cap: 'CAP_CHOWN' });
    const n = host.run('docker run --rm --cap-drop MKNOD alpine mknod /tmp/null c 1 3');
    expect(denials(n.events).map((e) => e.cap)).toContain('CAP_MKNOD');
  });
  test('root on the host is never refused for sethostname', () => {
    const host = createHost({ seed: 3 });
    const r = host.run('hostname demo');
    expect(r.exitCode).toBe(0);
    expect(denials(r.events)).toHaveLength(0);
  });
});
