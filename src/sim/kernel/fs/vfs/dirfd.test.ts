import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../../process/testkit.ts';
import { isErr } from '../../errno.ts';
import { stat, lstat, readFile } from './ops-read.ts';
import { writeFile, mkdir, mkdirAll, symlink, mknod } from './ops-write.ts';
import { openDir } from './dirfd.ts';
import { mount } from '../mount.ts';

function shell() {
  const b = boot();
  const sh = fork(b.k, 1, { comm: 'bash', argv: ['-bash'] });
  const pid = sh.pid as number;
  must(mkdirAll(b.k, pid, '/srv/root/etc'));
  must(writeFile(b.k, pid, '/srv/root/etc/hostname', 'inside\n'));
  return { ...b, pid };
}

describe('open directories (O_PATH dirfds and the *at() calls)', () => {
  it('resolves relative paths from the open directory, not the cwd', () => {
    const { k, pid } = shell();
    const d = must(openDir(k, pid, '/srv/root'));
    expect(readFile(k, pid, 'etc/hostname')).toBe(readFile(k, pid, '/etc/hostname'));
    expect(must(stat(k, pid, 'etc/hostname', d)).ino).toBe(must(stat(k, pid, '/srv/root/etc/hostname')).ino);
    must(mkdir(k, pid, 'proc', 0o755, d));
    must(mknod(k, pid, 'null', 'chardev', 0o666, [1, 3], d));
    must(symlink(k, pid, '/proc/self/fd', 'fd', d));
    must(writeFile(k, pid, 'etc/hosts', '127.0.0.1 localhost\n', {}, d));
    expect(must(stat(k, pid, '/srv/root/proc')).type).toBe('dir');
    expect(must(stat(k, pid, '/srv/root/null')).rdevMinor).toBe(3);
    expect(must(lstat(k, pid, '/srv/root/fd')).type).toBe('symlink');
    expect(readFile(k, pid, '/srv/root/etc/hosts')).toBe('127.0.0.1 localhost\n');
    // Absolute paths still start at the process's root without RESOLVE_IN_ROOT.
    expect(must(stat(k, pid, '/etc/hostname', d)).ino).toBe(must(stat(k, pid, '/etc/hostname')).ino);
  });

  it('refuses what is not a directory, and what does not exist', () => {
    const { k, pid } = shell();
    expect(openDir(k, pid, '/srv/root/etc/hostname')).toMatchObject({ errno: 'ENOTDIR' });
    expect(openDir(k, pid, '/srv/nope')).toMatchObject({ errno: 'ENOENT' });
    const d = must(openDir(k, pid, '/srv/root/etc/.'));
    expect(must(stat(k, pid, 'hostname', d)).type).toBe('file');
  });

  it('with RESOLVE_IN_ROOT, "..", absolute paths and absolute symlinks stay inside', () => {
    const { k, pid } = shell();
    must(symlink(k, pid, '/etc/hostname', '/srv/root/link'));
    const d = must(openDir(k, pid, '/srv/root', { inRoot: true }));
    expect(readFile(k, pid, '/srv/root/link')).not.toBe('inside\n');
    expect(must(stat(k, pid, 'link', d)).ino).toBe(must(stat(k, pid, '/srv/root/etc/hostname')).ino);
    expect(must(stat(k, pid, '../../../etc/hostname', d)).ino).toBe(must(stat(k, pid, '/srv/root/etc/hostname')).ino);
    expect(must(stat(k, pid, '/etc/hostname', d)).ino).toBe(must(stat(k, pid, '/srv/root/etc/hostname')).ino);
    // Without it, the same symlink leads out.
    const out = must(openDir(k, pid, '/srv/root'));
    expect(must(stat(k, pid, 'link', out)).ino).toBe(must(stat(k, pid, '/etc/hostname')).ino);
  });

  it('mounts onto a path below the open directory, and later walks from it see the mount', () => {
    const { k, pid } = shell();
    must(mkdir(k, pid, '/srv/root/tmp'));
    const d = must(openDir(k, pid, '/srv/root', { inRoot: true }));
    must(mount(k, pid, 'tmpfs', 'tmp', 'tmpfs', { at: d }));
    must(writeFile(k, pid, 'tmp/x', 'on tmpfs', {}, d));
    expect(readFile(k, pid, '/srv/root/tmp/x')).toBe('on tmpfs');
    const onTmpfs = must(stat(k, pid, '/srv/root/tmp/x'));
    const rootDev = must(stat(k, pid, '/srv/root/etc/hostname'));
    expect(onTmpfs.dev).not.toBe(rootDev.dev);
    expect(mount(k, pid, 'tmpfs', 'missing', 'tmpfs', { at: d })).toMatchObject({ errno: 'ENOENT' });
  });

  it('keeps the directory it pinned when something is mounted over its path later', () => {
    const { k, pid } = shell();
    const d = must(openDir(k, pid, '/srv/root'));
    must(mount(k, pid, 'tmpfs', '/srv/root', 'tmpfs'));
    expect(isErr(stat(k, pid, '/srv/root/etc/hostname'))).toBe(true);
    expect(must(stat(k, pid, 'etc/hostname', d)).type).toBe('file');
  });
});
