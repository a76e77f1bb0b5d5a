import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { summarise, MAX_SUMMARY } from './summary.ts';

describe('summarise', () => {
  it('names the processes and namespaces an unshare created, with the namespaced PID', () => {
    const host = createHost({ seed: 1 });
    const r = host.run('unshare --pid --fork --mount-proc sleep 100 &');
    const s = summarise(r.events, host.kernel.state);
    expect(s).toMatch(/^Created 2 processes \(PID 12, PID 13 \(ns 1\)\), 2 namespaces \(mnt, pid\)\. Mounted proc on \/proc\.$/);
  });

  it('reports cgroup knobs in binary units and skips short-lived helpers', () => {
    const host = createHost({ seed: 1 });
    const r = host.run('mkdir /sys/fs/cgroup/demo; echo 64M > /sys/fs/cgroup/demo/memory.max');
    expect(summarise(r.events, host.kernel.state)).toBe('Created cgroup /demo. Set memory.max 64 MiB on /demo.');
  });

  it('tells a docker run in a few sentences, engine first, long IDs cut', () => {
    const host = createHost({ seed: 1 });
    const s = summarise(host.run('docker run -d --name cache -m 64m redis').events, host.kernel.state);
    expect(s.startsWith('Pulled image redis:latest. Created container cache.')).toBe(true);
    expect(s).toMatch(/6 namespaces \(mnt, uts, ipc, pid, cgroup, net\)/);
    expect(s).not.toMatch(/[0-9a-f]{13}/);
    expect(s.length).toBeLessThanOrEqual(MAX_SUMMARY);
  });

  it('says nothing for a command that changed nothing lasting', () => {
    const host = createHost({ seed: 1 });
    expect(summarise(host.run('echo hi').events, host.kernel.state)).toBe('');
  });

  it('reports copy-ups, whiteouts and exits', () => {
    const host = createHost({ seed: 1 });
    host.run('mkdir -p /l /u /w /m && echo hi > /l/a && echo x > /l/b && mount -t overlay overlay -o lowerdir=/l,upperdir=/u,workdir=/w /m');
    const r = host.run('echo more >> /m/a; rm /m/b');
    expect(summarise(r.events, host.kernel.state)).toBe('Copied up /a to the upper layer. Whiteout for /b.');
    host.run('sleep 5 &');
    const later = host.advance(6000);
    expect(summarise(later, host.kernel.state)).toMatch(/^1 process exited \(PID \d+\)\.$/);
  });
});
