import { describe, expect, test } from 'vitest';
import { unshare } from './unshare.ts';
import { becomeUser, boot, fork, must, typesSince } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from './types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';
import { exitProcess } from '../process/exit.ts';
import { CAP_FULL } from '../caps/caps.ts';
import { mapUidToNs } from './idmap.ts';

describe('unshare(2)', () => {
  test('the caller moves into new namespaces at once', () => {
    const { k, log } = boot();
    const p = fork(k, 1);
    const n = log.length;
    must(unshare(k, p.pid, F.uts | F.net | F.mnt | F.ipc | F.cgroup));
    expect(typesSince(log, n)).toEqual(['ns.created', 'ns.created', 'ns.created', 'ns.created', 'ns.created', 'process.nsChanged']);
    const q = k.proc(p.pid)!;
    for (const t of ['uts', 'net', 'mnt', 'ipc', 'cgroup'] as const) {
      expect(q.ns[t]).not.toBe(INITIAL_NS_INUMS[t]);
      expect(k.state.ns.byInum[q.ns[t]]?.procCount).toBe(1);
    }
    expect(k.state.ns.byInum[INITIAL_NS_INUMS.net]?.procCount).toBe(2);
  });
  test('PID and time namespaces only affect children', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(unshare(k, p.pid, F.pid | F.time));
    const q = k.proc(p.pid)!;
    expect(q.pidNs).toBe(INITIAL_NS_INUMS.pid);
    expect(q.ns.time).toBe(INITIAL_NS_INUMS.time);
    expect(q.pidNsForChildren).not.toBe(INITIAL_NS_INUMS.pid);
    expect(q.timeNsForChildren).not.toBe(INITIAL_NS_INUMS.time);
    expect(k.state.ns.byInum[q.pidNsForChildren]).toMatchObject({ procCount: 0, holds: 1, init: null });
    const c = fork(k, p.pid);
    expect(c.pidNs).toBe(q.pidNsForChildren);
    expect(c.ns.time).toBe(q.timeNsForChildren);
    expect(c.nspids).toEqual([c.pid, 1]);
  });
  test('a second unshare(CLONE_NEWPID) before the first child → EINVAL', () => {
    const { k } = boot();
    const p = fork(k, 1);
    must(unshare(k, p.pid, F.pid));
    expect(unshare(k, p.pid, F.pid)).toEqual({ errno: 'EINVAL' });
  });
  test('an unused pid_for_children namespace is freed when its holder exits', () => {
    const { k, log } = boot();
    const sh = fork(k, 1);
    const p = fork(k, sh.pid);
    must(unshare(k, p.pid, F.pid | F.time));
    const pidNs = k.proc(p.pid)!.pidNsForChildren;
    must(exitProcess(k, p.pid, 0));
    expect(k.state.ns.byInum[pidNs]).toBeUndefined();
    expect(log.filter((e) => e.type === 'ns.destroyed').map((e) => (e as { nsType: string }).nsType).sort()).toEqual(['pid', 'time']);
  });
  test('namespaces need CAP_SYS_ADMIN unless a user namespace comes with them', () => {
    const { k } = boot();
    const p = fork(k, 1);
    becomeUser(k, p.pid, 1000);
    expect(unshare(k, p.pid, F.net)).toEqual({ errno: 'EPERM' });
    must(unshare(k, p.pid, F.user | F.net));
    const q = k.proc(p.pid)!;
    expect(q.caps.effective).toBe(CAP_FULL);
    expect(k.state.ns.byInum[q.ns.net]?.owner).toBe(q.ns.user);
    // Before uid_map is written, the process's UID shows as the overflow UID.
    expect(mapUidToNs(k, q.ns.user, q.cred.euid)).toBe(65534);
  });
  test('leaving a namespace one was the last member of frees it', () => {
    const { k, log } = boot();
    const p = fork(k, 1);
    must(unshare(k, p.pid, F.net));
    const first = k.proc(p.pid)!.ns.net;
    must(unshare(k, p.pid, F.net));
    expect(k.state.ns.byInum[first]).toBeUndefined();
    expect(log.at(-1)).toMatchObject({ type: 'ns.destroyed', inum: first, nsType: 'net' });
  });
  test('no CLONE_NEW* flags: nothing happens', () => {
    const { k, log } = boot();
    const n = log.length;
    expect(unshare(k, 1, 0x00000100)).toBe(true);
    expect(log.length).toBe(n);
  });
});
