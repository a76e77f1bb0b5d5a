import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('bridge link and ip link show master', () => {
  it('list the veth ends plugged into docker0', () => {
    const h = createHost({ seed: 8 });
    h.run('docker pull alpine');
    expect(h.run('bridge link').stdout).toBe('');
    h.run('docker run -d --name one alpine sleep 1000');
    const b = h.run('bridge link').stdout;
    expect(b).toMatch(/^\d+: veth[0-9a-f]{7}@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master docker0 state forwarding priority 32 cost 2 \n$/);
    const name = /^\d+: (veth[0-9a-f]{7})@/.exec(b)?.[1];
    expect(h.run('ip link show master docker0').stdout).toContain(`${name}@if`);
    expect(h.run('ip link show master nosuch')).toMatchObject({ exitCode: 1, stderr: 'Device "nosuch" does not exist.\n' });
    expect(h.run('ip link show type bridge').stdout).toMatch(/^\d+: docker0: /);
    expect(h.run('bridge frob')).toMatchObject({ exitCode: 255, stderr: 'Object "frob" is unknown, try "bridge help".\n' });
  });
});
