import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { layoutCgroupTree } from './cgroup-tree.ts';

describe('layoutCgroupTree', () => {
  it('lists the systemd hierarchy in preorder with depths', () => {
    const host = createHost({ seed: 1 });
    const rows = layoutCgroupTree(host.kernel.state);
    expect(rows[0]).toMatchObject({ path: '/', name: '/', depth: 0 });
    const sys = rows.find((r) => r.path === '/system.slice');
    expect(sys?.depth).toBe(1);
    const docker = rows.find((r) => r.path === '/system.slice/docker.service');
    expect(docker?.depth).toBe(2);
    expect(rows.indexOf(docker!)).toBeGreaterThan(rows.indexOf(sys!));
  });

  it('shows a new cgroup with its 64 MiB memory.max', () => {
    const host = createHost({ seed: 1 });
    host.run('mkdir /sys/fs/cgroup/demo; echo 64M > /sys/fs/cgroup/demo/memory.max; echo 20 > /sys/fs/cgroup/demo/pids.max');
    const demo = layoutCgroupTree(host.kernel.state).find((r) => r.path === '/demo');
    expect(demo).toMatchObject({ name: 'demo', depth: 1, memoryMax: 64 * 1024 * 1024, pidsMax: 20, memoryCurrent: 0, pidsFraction: 0 });
    expect(layoutCgroupTree(host.kernel.state, { hidden: new Set(['/demo']) }).some((r) => r.path === '/demo')).toBe(false);
  });

  it('charges a process to its cgroup and reports its CPU share', () => {
    const host = createHost({ seed: 1 });
    host.run('mkdir /sys/fs/cgroup/demo; echo 64M > /sys/fs/cgroup/demo/memory.max');
    host.run('sh -c "echo \\$\\$ > /sys/fs/cgroup/demo/cgroup.procs; exec yes > /dev/null" &');
    // No userland program keeps a CPU busy yet: ask the kernel for one core of demand, as a busy loop would.
    const pid = Number(Object.keys(host.kernel.state.cgroup.byPath['/demo']!.procs)[0]);
    host.kernel.emit({ type: 'process.cpuDemandChanged', pid, cpuDemand: 1 });
    host.kernel.emit({ type: 'process.waitChanged', pid, wait: { kind: 'none' }, state: 'R' });
    const demo = layoutCgroupTree(host.kernel.state).find((r) => r.path === '/demo');
    expect(demo?.nrProcs).toBe(1);
    expect(demo?.memoryCurrent).toBeGreaterThan(0);
    expect(demo?.memoryFraction).toBeGreaterThan(0);
    expect(demo?.cpuCores).toBeGreaterThan(0.5);
  });
});
