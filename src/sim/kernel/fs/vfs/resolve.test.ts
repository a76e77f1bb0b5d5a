import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../../process/testkit.ts';
import { isErr } from '../../errno.ts';
import { stat, lstat, readFile, readdir, readlink, realpath, exists, isDir, checkExec } from './ops-read.ts';
import { writeFile, mkdir, symlink, mkdirAll } from './ops-write.ts';
import { chdir, chroot, getcwd } from './ops-cwd.ts';
import { OS_RELEASE } from '../rootfs-files.ts';

function shell() {
  const b = boot();
  const sh = fork(b.k, 1, { comm: 'bash', argv: ['-bash'] });
  return { ...b, pid: sh.pid as number };
}

describe('path resolution', () => {
  it('reads /etc/os-release through its relative symlink (Debian 12)', () => {
    const { k, pid } = shell();
    expect(readFile(k, pid, '/etc/os-release')).toBe(OS_RELEASE);
    expect(readlink(k, pid, '/etc/os-release')).toBe('../usr/lib/os-release');
    expect(must(lstat(k, pid, '/etc/os-release')).type).toBe('symlink');
    expect(must(stat(k, pid, '/etc/os-release')).type).toBe('file');
  });

  it('follows merged-/usr symlinks: /bin/bash is /usr/bin/bash', () => {
    const { k, pid } = shell();
    const a = must(stat(k, pid, '/bin/bash'));
    const b = must(stat(k, pid, '/usr/bin/bash'));
    expect(a.ino).toBe(b.ino);
    expect(a.perm).toBe(0o755);
    expect(a.size).toBeGreaterThan(1_000_000);
    expect(realpath(k, pid, '/bin/sh')).toBe('/usr/bin/dash');
    expect(realpath(k, pid, '/var/run/lock')).toBe('/run/lock');
  });

  it('resolves relative paths from the cwd, and .. never climbs above /', () => {
    const { k, pid } = shell();
    must(chdir(k, pid, '/usr/bin'));
    expect(getcwd(k, pid)).toBe('/usr/bin');
    expect(must(stat(k, pid, 'bash')).ino).toBe(must(stat(k, pid, '/usr/bin/bash')).ino);
    expect(realpath(k, pid, '../../../../etc')).toBe('/etc');
    expect(realpath(k, pid, '/..')).toBe('/');
  });

  it('gives ENOENT, ENOTDIR and EISDIR where the kernel does', () => {
    const { k, pid } = shell();
    expect(stat(k, pid, '/nope')).toEqual({ errno: 'ENOENT' });
    expect(stat(k, pid, '/nope/x')).toEqual({ errno: 'ENOENT' });
    expect(stat(k, pid, '/etc/hostname/x')).toEqual({ errno: 'ENOTDIR' });
    expect(stat(k, pid, '/etc/hostname/')).toEqual({ errno: 'ENOTDIR' });
    expect(readFile(k, pid, '/etc')).toEqual({ errno: 'EISDIR' });
    expect(stat(k, pid, '')).toEqual({ errno: 'ENOENT' });
    expect(isDir(k, pid, '/etc/')).toBe(true);
    expect(exists(k, pid, '/etc/mtab')).toBe(true);
  });

  it('stops after 40 symlinks with ELOOP', () => {
    const { k, pid } = shell();
    must(symlink(k, pid, 'b', '/tmp/a'));
    must(symlink(k, pid, 'a', '/tmp/b'));
    expect(stat(k, pid, '/tmp/a')).toEqual({ errno: 'ELOOP' });
    expect(must(lstat(k, pid, '/tmp/a')).type).toBe('symlink');
    // A dangling link is ENOENT for stat, fine for lstat.
    must(symlink(k, pid, '/does/not/exist', '/tmp/dangling'));
    expect(stat(k, pid, '/tmp/dangling')).toEqual({ errno: 'ENOENT' });
    // Writing through a dangling link creates its target.
    must(symlink(k, pid, '/tmp/target', '/tmp/l'));
    must(writeFile(k, pid, '/tmp/l', 'hi\n'));
    expect(readFile(k, pid, '/tmp/target')).toBe('hi\n');
  });

  it('lists directories in insertion order without . and ..', () => {
    const { k, pid } = shell();
    must(mkdirAll(k, pid, '/srv/a/b/c'));
    must(writeFile(k, pid, '/srv/a/z', ''));
    must(writeFile(k, pid, '/srv/a/m', ''));
    expect(must(readdir(k, pid, '/srv/a')).map((e) => [e.name, e.type])).toEqual([
      ['b', 'dir'],
      ['z', 'file'],
      ['m', 'file'],
    ]);
    expect(mkdir(k, pid, '/srv/a')).toEqual({ errno: 'EEXIST' });
    expect(mkdirAll(k, pid, '/srv/a/z/q')).toEqual({ errno: 'ENOTDIR' });
  });

  it('treats names like __proto__ and constructor as ordinary names', () => {
    const { k, pid } = shell();
    expect(stat(k, pid, '/tmp/constructor')).toEqual({ errno: 'ENOENT' });
    must(writeFile(k, pid, '/tmp/__proto__', 'x'));
    expect(readFile(k, pid, '/tmp/__proto__')).toBe('x');
    expect(must(readdir(k, pid, '/tmp')).map((e) => e.name)).toContain('__proto__');
  });

  it('checks what execve checks', () => {
    const { k, pid } = shell();
    expect(must(checkExec(k, pid, '/bin/ls')).type).toBe('file');
    expect(checkExec(k, pid, '/etc/passwd')).toEqual({ errno: 'EACCES' });
    expect(checkExec(k, pid, '/etc')).toEqual({ errno: 'EACCES' });
    // /run is mounted noexec: a script there cannot run.
    must(writeFile(k, pid, '/run/x.sh', '#!/bin/sh\n', { mode: 0o755 }));
    expect(checkExec(k, pid, '/run/x.sh')).toEqual({ errno: 'EACCES' });
  });
});

describe('chroot', () => {
  it('needs CAP_SYS_CHROOT and confines absolute paths and ..', () => {
    const { k, pid } = shell();
    must(mkdirAll(k, pid, '/srv/jail/etc'));
    must(writeFile(k, pid, '/srv/jail/etc/hostname', 'jail\n'));
    must(chroot(k, pid, '/srv/jail'));
    must(chdir(k, pid, '/'));
    expect(readFile(k, pid, '/etc/hostname')).toBe('jail\n');
    expect(readFile(k, pid, '/../../etc/hostname')).toBe('jail\n');
    expect(realpath(k, pid, '/etc/../..')).toBe('/');
    expect(getcwd(k, pid)).toBe('/');
    expect(k.proc(pid)?.root).toBe('/srv/jail');
  });

  it('leaves the cwd outside the new root, so .. can walk out (the classic escape)', () => {
    const { k, pid } = shell();
    must(mkdirAll(k, pid, '/srv/jail'));
    must(chdir(k, pid, '/srv'));
    must(chroot(k, pid, '/srv/jail'));
    expect(getcwd(k, pid)).toBe('(unreachable)/srv');
    expect(readFile(k, pid, '../etc/hostname')).toBe('docker-host\n');
  });

  it('refuses without CAP_SYS_CHROOT', () => {
    const { k, pid } = shell();
    const p = k.proc(pid)!;
    k.emit({ type: 'process.capsChanged', pid, caps: { ...p.caps, effective: 0 } });
    expect(chroot(k, pid, '/srv')).toEqual({ errno: 'EPERM' });
    expect(isErr(chdir(k, pid, '/srv'))).toBe(false);
  });
});
