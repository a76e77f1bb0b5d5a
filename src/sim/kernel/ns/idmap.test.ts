import { describe, expect, test } from 'vitest';
import { idMapLines, mapGidFromNs, mapUidFromNs, mapUidToNs, writeIdMap } from './idmap.ts';
import { becomeUser, boot, fork, must } from '../process/testkit.ts';
import { CLONE_FLAGS as F } from './types.ts';
import { INITIAL_NS_INUMS } from '../boot.ts';
import { setgid, setuid } from '../process/creds.ts';

function remapped() {
  const { k } = boot();
  const dockerd = fork(k, 1);
  const c = fork(k, dockerd.pid, { flags: F.user });
  return { k, dockerd, c };
}

describe('uid_map and gid_map', () => {
  test('a privileged writer in the parent maps a range (userns-remap)', () => {
    const { k, dockerd, c } = remapped();
    must(writeIdMap(k, dockerd.pid, c.pid, 'uid', [{ inside: 0, outside: 231072, count: 65536 }]));
    must(writeIdMap(k, dockerd.pid, c.pid, 'gid', [{ inside: 0, outside: 231072, count: 65536 }]));
    const ns = c.ns.user;
    expect(mapUidToNs(k, ns, 231072)).toBe(0);
    expect(mapUidToNs(k, ns, 231073)).toBe(1);
    expect(mapUidToNs(k, ns, 0)).toBe(65534);
    expect(mapUidFromNs(k, ns, 0)).toBe(231072);
    expect(mapUidFromNs(k, ns, 65536)).toBeNull();
    expect(mapGidFromNs(k, ns, 5)).toBe(231077);
    expect(idMapLines(k, ns, 'uid', ns)).toEqual(['         0     231072      65536']);
    expect(idMapLines(k, INITIAL_NS_INUMS.user, 'uid', ns)).toEqual(['         0          0 4294967295']);
  });
  test('written once: the second write is EPERM', () => {
    const { k, dockerd, c } = remapped();
    must(writeIdMap(k, dockerd.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 1 }]));
    expect(writeIdMap(k, dockerd.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 1 }])).toEqual({ errno: 'EPERM' });
  });
  test('malformed maps are EINVAL', () => {
    const { k, dockerd, c } = remapped();
    expect(writeIdMap(k, dockerd.pid, c.pid, 'uid', [])).toEqual({ errno: 'EINVAL' });
    expect(writeIdMap(k, dockerd.pid, c.pid, 'uid', [{ inside: 0, outside: 0, count: 0 }])).toEqual({ errno: 'EINVAL' });
    expect(
      writeIdMap(k, dockerd.pid, c.pid, 'uid', [
        { inside: 0, outside: 1000, count: 10 },
        { inside: 5, outside: 5000, count: 10 },
      ]),
    ).toEqual({ errno: 'EINVAL' });
    const many = Array.from({ length: 341 }, (_, i) => ({ inside: i, outside: 1000 + i, count: 1 }));
    expect(writeIdMap(k, dockerd.pid, c.pid, 'uid', many)).toEqual({ errno: 'EINVAL' });
  });
  test('an unprivileged owner may map only its own ID, count 1', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const c = fork(k, u.pid, { flags: F.user });
    expect(writeIdMap(k, u.pid, c.pid, 'uid', [{ inside: 0, outside: 0, count: 1 }])).toEqual({ errno: 'EPERM' });
    expect(writeIdMap(k, u.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 2 }])).toEqual({ errno: 'EPERM' });
    must(writeIdMap(k, u.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 1 }]));
    // The child itself can write the gid map too (it is in the namespace and has CAP_SETGID there).
    must(writeIdMap(k, c.pid, c.pid, 'gid', [{ inside: 0, outside: 1000, count: 1 }]));
    expect(mapUidToNs(k, c.ns.user, 1000)).toBe(0);
  });
  test('another user, or a process outside both namespaces, cannot write', () => {
    const { k } = boot();
    const u = fork(k, 1);
    becomeUser(k, u.pid, 1000);
    const c = fork(k, u.pid, { flags: F.user });
    const v = fork(k, 1);
    becomeUser(k, v.pid, 1001);
    expect(writeIdMap(k, v.pid, c.pid, 'uid', [{ inside: 0, outside: 1001, count: 1 }])).toEqual({ errno: 'EPERM' });
    const sibling = fork(k, 1, { flags: F.user });
    expect(writeIdMap(k, sibling.pid, c.pid, 'uid', [{ inside: 0, outside: 1000, count: 1 }])).toEqual({ errno: 'EPERM' });
  });
  test('outside IDs must be mapped in the parent namespace', () => {
    const { k, dockerd, c } = remapped();
    must(writeIdMap(k, dockerd.pid, c.pid, 'uid', [{ inside: 0, outside: 100000, count: 1000 }]));
    must(writeIdMap(k, dockerd.pid, c.pid, 'gid', [{ inside: 0, outside: 100000, count: 1000 }]));
    // c still runs as kernel UID 0, unmapped in its namespace: it becomes its namespace's root first.
    must(setuid(k, c.pid, 0));
    must(setgid(k, c.pid, 0));
    expect(k.proc(c.pid)!.cred.euid).toBe(100000);
    const nested = fork(k, c.pid, { flags: F.user });
    expect(writeIdMap(k, c.pid, nested.pid, 'uid', [{ inside: 0, outside: 0, count: 2000 }])).toEqual({ errno: 'EPERM' });
    must(writeIdMap(k, c.pid, nested.pid, 'uid', [{ inside: 0, outside: 10, count: 5 }]));
    // Two levels: inner 0 → middle 10 → kernel 100010.
    expect(mapUidFromNs(k, nested.ns.user, 0)).toBe(100010);
    expect(mapUidToNs(k, nested.ns.user, 100012)).toBe(2);
    // Read from the host, the outside column is in host IDs; read from inside, in the parent's.
    expect(idMapLines(k, nested.ns.user, 'uid', INITIAL_NS_INUMS.user)).toEqual(['         0     100010          5']);
    expect(idMapLines(k, nested.ns.user, 'uid', nested.ns.user)).toEqual(['         0         10          5']);
  });
});
