import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { groupByNamespaces, nsColourSlots, sharedWith, groupSummary, NS_COLUMNS } from './ns-groups.ts';

describe('groupByNamespaces', () => {
  it('puts every host process in one row sharing all eight namespaces', () => {
    const host = createHost({ seed: 1 });
    const s = host.kernel.state;
    const g = groupByNamespaces(Object.values(s.proc.byPid), s.ns.initial);
    expect(g).toHaveLength(1);
    expect(g[0]!.sharedWithHost).toBe(8);
    expect(g[0]!.pids).toContain(1);
    expect(g[0]!.pids.length).toBe(Object.keys(s.proc.byPid).length);
  });

  it('after unshare --pid --fork --mount-proc: unshare has a new mnt ns, sleep a new mnt and pid ns', () => {
    const host = createHost({ seed: 1 });
    host.run('unshare --pid --fork --mount-proc sleep 100 &');
    const s = host.kernel.state;
    const groups = groupByNamespaces(Object.values(s.proc.byPid), s.ns.initial);
    expect(groups.map((g) => g.sharedWithHost)).toEqual([8, 7, 6]);
    const sleepGroup = groups[2]!;
    expect(sleepGroup.comms).toEqual(['sleep']);
    expect(sleepGroup.ns.pid).not.toBe(s.ns.initial.pid);
    expect(s.ns.byInum[sleepGroup.ns.pid]?.type).toBe('pid');
    // The unshare process and sleep share the new mount namespace.
    expect(groups[1]!.ns.mnt).toBe(sleepGroup.ns.mnt);

    const slots = nsColourSlots(groups, s.ns.initial);
    expect(slots.get(s.ns.initial.net)).toBe(-1);
    expect(slots.get(sleepGroup.ns.mnt)).toBe(0);
    expect(slots.get(sleepGroup.ns.pid)).toBe(1);

    const lit = sharedWith(sleepGroup.ns);
    // Selecting sleep lights the unshare row's mnt cell (shared) but not the host row's.
    expect(lit('mnt', groups[1]!.ns.mnt)).toBe(true);
    expect(lit('mnt', groups[0]!.ns.mnt)).toBe(false);
    expect(NS_COLUMNS.filter((t) => lit(t, groups[0]!.ns[t]))).toEqual(['cgroup', 'ipc', 'net', 'time', 'user', 'uts']);
  });

  it('summarises long groups', () => {
    expect(groupSummary({ key: '', ns: {} as never, pids: [1, 2, 3, 4], comms: ['a', 'b', 'c', 'd', 'd'], sharedWithHost: 8, containerIds: [] }, 2)).toBe('a, b and 2 more');
  });
});
