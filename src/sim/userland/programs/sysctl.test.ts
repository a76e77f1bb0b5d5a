import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

describe('sysctl (procps-ng 4.0.2)', () => {
  it('reads and writes /proc/sys, per network namespace', () => {
    const t = testHost();
    expect(t.run('sysctl net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward = 0\n');
    expect(t.run('sysctl -w net.ipv4.ip_forward=1').stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect(t.run('cat /proc/sys/net/ipv4/ip_forward').stdout).toBe('1\n');
    expect(t.run('sysctl -n kernel.hostname').stdout).toBe('docker-host\n');
    expect(t.run('sysctl -a').stdout).toContain('kernel.pid_max = 4194304\n');
    expect(t.run('sysctl nosuch.key')).toMatchObject({ exitCode: 1, stderr: 'sysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\n' });
    expect(t.run('su learner -c "sysctl -w net.ipv4.ip_forward=0"')).toMatchObject({ exitCode: 1, stderr: 'sysctl: permission denied on key "net.ipv4.ip_forward"\n' });
    expect(t.run('sysctl -w foo').stderr).toBe('sysctl: "foo" must be of the form name=value\n');
    t.run("echo 'net.ipv4.ip_forward = 0' > /etc/sysctl.conf");
    expect(t.run('sysctl -p').stdout).toBe('net.ipv4.ip_forward = 0\n');
  });
});
