import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('dmesg (util-linux 2.38.1)', () => {
  it('dmesg needs CAP_SYSLOG in the initial user namespace', () => {
    const h = createHost({ seed: 4 });
    expect(h.run('dmesg').stdout.split('\n')[0]).toMatch(/^\[ {4}0\.000000\] Linux version 6\.1\.0-37-amd64 /);
    expect(h.run('dmesg | grep Hostname').stdout).toBe('[    2.013208] systemd[1]: Hostname set to <docker-host>.\n');
    expect(h.run('su learner -c dmesg')).toMatchObject({ exitCode: 1, stderr: 'dmesg: read kernel buffer failed: Operation not permitted\n' });
    expect(h.run('unshare -Ur dmesg').exitCode).toBe(1);
    h.run('docker pull -q alpine');
    expect(h.run('docker run --rm alpine dmesg')).toMatchObject({ exitCode: 1, stderr: 'dmesg: klogctl: Operation not permitted\n' });
  });
});
