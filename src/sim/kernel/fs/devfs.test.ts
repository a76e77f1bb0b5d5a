import { describe, expect, it } from 'vitest';
import { boot, fork, must, becomeUser } from '../process/testkit.ts';
import { readFile, readdir, stat } from './vfs/ops-read.ts';
import { writeFile, mknod } from './vfs/ops-write.ts';
import { mount } from './mount.ts';
import { modeString } from './vfs/ctx.ts';

describe('/dev', () => {
  it('has the usual character devices with their numbers and modes', () => {
    const { k } = boot();
    const st = must(stat(k, 1, '/dev/null'));
    expect([st.type, st.rdevMajor, st.rdevMinor, modeString(st.type, st.perm)]).toEqual(['chardev', 1, 3, 'crw-rw-rw-']);
    expect(must(stat(k, 1, '/dev/sda1')).type).toBe('blockdev');
    expect(must(readdir(k, 1, '/dev/pts')).map((e) => e.name)).toEqual(['ptmx']);
    expect(must(stat(k, 1, '/dev/shm')).perm).toBe(0o1777);
    expect(must(stat(k, 1, '/dev/pts/ptmx')).devMinor).toBe(22);
  });

  it('null discards and reads empty; zero gives bounded zeros; full refuses writes', () => {
    const { k } = boot();
    const u = fork(k, 1).pid as number;
    becomeUser(k, u, 1000);
    expect(writeFile(k, u, '/dev/null', 'gone')).toBe(4);
    expect(readFile(k, u, '/dev/null')).toBe('');
    expect(readFile(k, u, '/dev/zero', { maxBytes: 8 })).toBe('\0'.repeat(8));
    expect(must(readFile(k, u, '/dev/zero', { maxBytes: 1e9 })).length).toBe(65536);
    expect(writeFile(k, u, '/dev/full', 'x')).toEqual({ errno: 'ENOSPC' });
    const r1 = must(readFile(k, u, '/dev/urandom', { maxBytes: 16 }));
    expect(r1).toHaveLength(16);
  });

  it('mknod of devices needs CAP_MKNOD; a nodev mount refuses to open them', () => {
    const { k } = boot();
    const sh = fork(k, 1).pid as number;
    const u = fork(k, 1).pid as number;
    becomeUser(k, u, 1000);
    expect(mknod(k, u, '/tmp/null', 'chardev', 0o666, [1, 3])).toEqual({ errno: 'EPERM' });
    must(mknod(k, u, '/tmp/fifo', 'fifo', 0o644));
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs', { flags: ['nodev'] }));
    must(mknod(k, sh, '/mnt/null', 'chardev', 0o666, [1, 3]));
    expect(writeFile(k, sh, '/mnt/null', 'x')).toEqual({ errno: 'EACCES' });
    must(mknod(k, sh, '/tmp/null', 'chardev', 0o666, [1, 3]));
    expect(writeFile(k, sh, '/tmp/null', 'x')).toBe(1);
  });
});
