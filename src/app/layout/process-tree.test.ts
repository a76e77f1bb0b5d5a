import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { layoutProcessTree, pidLabel, commandOf, type ProcLike } from './process-tree.ts';

const HOST_PIDNS = 4026531836;

function proc(pid: number, ppid: number, extra: Partial<ProcLike> = {}): ProcLike {
  return { pid, ppid, nspids: [pid], pidNs: HOST_PIDNS, comm: `p${pid}`, argv: [`p${pid}`], kthread: false, state: 'S', containerId: null, ...extra };
}

describe('layoutProcessTree', () => {
  it('lays out the host preorder: PID 1 first, children indented under their parent', () => {
    const host = createHost({ seed: 1 });
    const procs = Object.values(host.kernel.state.proc.byPid);
    const l = layoutProcessTree(procs, { hostPidNs: host.kernel.state.ns.initial.pid });
    expect(l.rows[0]?.pid).toBe(1);
    expect(l.rows[0]?.depth).toBe(0);
    const bash = l.rows.find((r) => r.command === '-bash');
    const sshd = l.rows.find((r) => r.pid === bash?.ppid);
    expect(bash && sshd && bash.depth).toBe((sshd?.depth ?? 0) + 1);
    // kthreadd (ppid 0) is a second root, after PID 1's whole subtree.
    const kthreadd = l.rows.find((r) => r.command === '[kthreadd]');
    expect(kthreadd?.depth).toBe(0);
    expect(l.rows.indexOf(kthreadd!)).toBe(l.rows.length - 1);
    expect(l.regions).toEqual([]);
    // Rows never overlap and are in order.
    for (let i = 1; i < l.rows.length; i++) expect(l.rows[i]!.y).toBeGreaterThan(l.rows[i - 1]!.y);
  });

  it('frames a process in a new PID namespace and shows its namespaced PID 1', () => {
    const host = createHost({ seed: 1 });
    host.run('unshare --pid --fork --mount-proc sleep 100 &');
    const s = host.kernel.state;
    const l = layoutProcessTree(Object.values(s.proc.byPid), { hostPidNs: s.ns.initial.pid });
    const sleep = l.rows.find((r) => r.command === 'sleep 100');
    expect(sleep?.nsPid).toBe(1);
    expect(sleep?.region).toMatch(/^pidns:\d+$/);
    const unshare = l.rows.find((r) => r.command.startsWith('unshare'));
    expect(unshare?.region).toBeNull();
    expect(l.regions).toHaveLength(1);
    const reg = l.regions[0]!;
    expect(reg.label).toBe(`PID namespace ${sleep?.region?.replace('pidns:', 'pid:[')}]`);
    // The region encloses the sleep row and starts above it (room for its label).
    expect(reg.y).toBeLessThan(sleep!.y);
    expect(reg.y + reg.height).toBeGreaterThanOrEqual(sleep!.y + 28);
    expect(pidLabel(s.proc.byPid[sleep!.pid]!, s.ns.initial.pid)).toBe(`${sleep!.pid} (ns 1)`);
  });

  it('keeps one container contiguous: siblings sorted by region, labelled with the container name', () => {
    const procs = [
      proc(1, 0),
      proc(10, 1, { comm: 'shim' }),
      proc(12, 10, { containerId: 'abc123456789ff', pidNs: 99, nspids: [12, 1] }),
      proc(11, 10, { comm: 'other' }),
      proc(13, 10, { containerId: 'abc123456789ff', pidNs: 99, nspids: [13, 7] }),
      proc(14, 12, { pidNs: 99, nspids: [14, 2] }),
    ];
    const l = layoutProcessTree(procs, { hostPidNs: HOST_PIDNS, containerName: (id) => (id.startsWith('abc') ? 'web' : undefined) });
    expect(l.rows.map((r) => r.pid)).toEqual([1, 10, 11, 12, 14, 13]);
    expect(l.regions).toHaveLength(1);
    expect(l.regions[0]!.label).toBe('container web (abc123456789)');
    // The untagged child of the container's init joins the container's region.
    expect(l.rows.find((r) => r.pid === 14)?.region).toBe('c:abc123456789ff');
  });

  it('draws one elbow link per visible parent/child pair, and orphans of hidden parents become roots', () => {
    const l = layoutProcessTree([proc(1, 0), proc(5, 1), proc(7, 6)], { hostPidNs: HOST_PIDNS, rowHeight: 20, indent: 10 });
    expect(l.links).toEqual([{ pid: 5, d: 'M5,16V30H10' }]);
    expect(l.rows.find((r) => r.pid === 7)?.depth).toBe(0);
    expect(l.height).toBe(60);
  });

  it('commandOf shows kernel threads in brackets', () => {
    expect(commandOf({ kthread: true, comm: 'kthreadd', argv: [] })).toBe('[kthreadd]');
    expect(commandOf({ kthread: false, comm: 'sleep', argv: ['sleep', '1'] })).toBe('sleep 1');
  });
});
