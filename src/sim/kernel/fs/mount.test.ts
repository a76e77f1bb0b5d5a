import { describe, expect, it } from 'vitest';
import { boot, fork, must, becomeUser } from '../process/testkit.ts';
import { CLONE_FLAGS } from '../ns/types.ts';
import { unshare } from '../ns/unshare.ts';
import { stat, readFile, readdir, exists } from './vfs/ops-read.ts';
import { writeFile, mkdir, mkdirAll } from './vfs/ops-write.ts';
import { rmdir, rename, unlink } from './vfs/ops-remove.ts';
import { chdir } from './vfs/ops-cwd.ts';
import { mount, umount } from './mount.ts';
import { mountTable, formatMountinfo } from './mountinfo.ts';
import { openPath } from './vfs/dirfd.ts';
import { cloneKernelState, kernelSnapshot } from '../snapshot.ts';

function setup() {
  const b = boot();
  const sh = fork(b.k, 1, { comm: 'bash' }).pid as number;
  return { ...b, sh };
}

const points = (t: ReturnType<typeof mountTable>): string[] => (Array.isArray(t) ? t.map((e) => e.point) : []);

describe('the host mount table', () => {
  it('is what a Debian 12 host shows in /proc/self/mountinfo', () => {
    const { k, sh } = setup();
    expect(readFile(k, sh, '/proc/self/mountinfo')).toBe(
      [
        '21 26 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw',
        '22 26 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw',
        '23 26 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=4194304k,nr_inodes=1048576,mode=755,inode64',
        '24 23 0:22 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000',
        '25 26 0:23 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=838860k,mode=755,inode64',
        '26 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro',
        '27 23 0:24 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64',
        '28 25 0:25 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k,inode64',
        '29 21 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot',
        '30 23 0:18 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:14 - mqueue mqueue rw',
        '',
      ].join('\n'),
    );
    expect(readFile(k, sh, '/proc/mounts')).toContain('/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0\n');
    expect(readFile(k, sh, '/etc/mtab')).toBe(readFile(k, sh, '/proc/self/mounts'));
  });
});

describe('mount(2) and umount(2)', () => {
  it('mounts a tmpfs that hides what was below and frees it on umount', () => {
    const { k, log, sh } = setup();
    must(writeFile(k, sh, '/mnt/below', 'x'));
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs', { data: 'size=64m,mode=755' }));
    const ev = log.filter((e) => e.type === 'fs.mounted').pop();
    expect(ev?.type === 'fs.mounted' && [ev.target, ev.fstype, ev.source]).toEqual(['/mnt', 'tmpfs', 'tmpfs']);
    expect(must(readdir(k, sh, '/mnt'))).toEqual([]);
    must(writeFile(k, sh, '/mnt/a', 'in tmpfs'));
    const st = must(stat(k, sh, '/mnt/a'));
    expect(st.devMajor).toBe(0);
    expect(formatMountinfo(must(mountTable(k, sh)).filter((e) => e.point === '/mnt'))).toMatch(
      /^31 26 0:\d+ \/ \/mnt rw,relatime shared:15 - tmpfs tmpfs rw,size=65536k,mode=755,inode64\n$/,
    );
    const sbs = Object.keys(k.state.fs.sbs).length;
    must(umount(k, sh, '/mnt'));
    expect(readFile(k, sh, '/mnt/below')).toBe('x');
    expect(exists(k, sh, '/mnt/a')).toBe(false);
    expect(Object.keys(k.state.fs.sbs).length).toBe(sbs - 1);
  });

  it('bind-mounts directories and files', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/srv/data'));
    must(writeFile(k, sh, '/srv/data/f', 'data\n'));
    must(mount(k, sh, '/srv/data', '/mnt', '', { bind: true }));
    expect(readFile(k, sh, '/mnt/f')).toBe('data\n');
    must(writeFile(k, sh, '/mnt/g', 'via bind\n'));
    expect(readFile(k, sh, '/srv/data/g')).toBe('via bind\n');
    const e = must(mountTable(k, sh)).find((m) => m.point === '/mnt')!;
    expect([e.root, e.fstype, e.source, e.major, e.minor]).toEqual(['/srv/data', 'ext4', '/dev/sda1', 8, 1]);
    // A file bind-mounted over another file (how Docker provides /etc/hosts).
    must(writeFile(k, sh, '/srv/hosts', '10.0.0.2 web\n'));
    must(mount(k, sh, '/srv/hosts', '/etc/hosts', '', { bind: true }));
    expect(readFile(k, sh, '/etc/hosts')).toBe('10.0.0.2 web\n');
    expect(mount(k, sh, '/srv/hosts', '/srv/data', '', { bind: true })).toEqual({ errno: 'ENOTDIR' });
    // Renaming or linking across mounts is EXDEV even on the same filesystem.
    expect(rename(k, sh, '/mnt/g', '/srv/g2')).toEqual({ errno: 'EXDEV' });
    // A mountpoint is busy.
    expect(rmdir(k, sh, '/mnt')).toEqual({ errno: 'EBUSY' });
    expect(unlink(k, sh, '/etc/hosts')).toEqual({ errno: 'EBUSY' });
  });

  it('rbind copies the source tree as it was: a directory bound onto itself gets one new mount', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/srv/a/sub'));
    must(mount(k, sh, 'tmpfs', '/srv/a/sub', 'tmpfs'));
    const before = points(mountTable(k, sh));
    must(mount(k, sh, '/srv/a', '/srv/a', '', { bind: true, recursive: true }));
    // One copy of /srv/a and one of its submount, not a second copy of the new bind.
    expect(points(mountTable(k, sh))).toEqual([...before, '/srv/a', '/srv/a/sub']);
    must(mount(k, sh, '/srv/a', '/mnt', '', { bind: true, recursive: true }));
    expect(points(mountTable(k, sh)).slice(before.length + 2)).toEqual(['/mnt', '/mnt/sub']);
  });

  it('refuses writes on a read-only mount with EROFS', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/srv/ro'));
    must(writeFile(k, sh, '/srv/ro/f', 'x'));
    must(mount(k, sh, '/srv/ro', '/mnt', '', { bind: true, flags: ['ro'] }));
    expect(readFile(k, sh, '/mnt/f')).toBe('x');
    expect(writeFile(k, sh, '/mnt/f', 'y')).toEqual({ errno: 'EROFS' });
    expect(writeFile(k, sh, '/mnt/new', 'y')).toEqual({ errno: 'EROFS' });
    expect(mkdir(k, sh, '/mnt/d')).toEqual({ errno: 'EROFS' });
    expect(unlink(k, sh, '/mnt/nonexistent')).toEqual({ errno: 'EROFS' });
    expect(mkdir(k, sh, '/mnt/f')).toEqual({ errno: 'EEXIST' });
    // remount,rw lifts it.
    must(mount(k, sh, '', '/mnt', '', { flags: ['remount', 'bind', 'rw'] }));
    must(writeFile(k, sh, '/mnt/f', 'y'));
  });

  it('needs CAP_SYS_ADMIN; umount checks its target', () => {
    const { k, sh } = setup();
    const user = fork(k, 1).pid as number;
    becomeUser(k, user, 1000);
    expect(mount(k, user, 'tmpfs', '/tmp', 'tmpfs')).toEqual({ errno: 'EPERM' });
    expect(umount(k, user, '/run')).toEqual({ errno: 'EPERM' });
    expect(mount(k, sh, 'tmpfs', '/nonexistent', 'tmpfs')).toEqual({ errno: 'ENOENT' });
    expect(mount(k, sh, 'x', '/mnt', 'nosuchfs')).toEqual({ errno: 'ENODEV' });
    expect(umount(k, sh, '/etc')).toEqual({ errno: 'EINVAL' });
    expect(umount(k, sh, '/')).toEqual({ errno: 'EINVAL' });
    expect(umount(k, sh, '/run')).toEqual({ errno: 'EBUSY' });
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs'));
    must(mkdir(k, sh, '/mnt/sub'));
    must(chdir(k, sh, '/mnt/sub'));
    expect(umount(k, sh, '/mnt')).toEqual({ errno: 'EBUSY' });
    must(umount(k, sh, '/mnt', { lazy: true }));
    expect(points(mountTable(k, sh))).not.toContain('/mnt');
  });
});

describe('mount namespaces', () => {
  it('a mount in a new private namespace is invisible to the old one', () => {
    const { k, sh } = setup();
    const other = fork(k, 1).pid as number;
    must(unshare(k, sh, CLONE_FLAGS.mnt));
    const t = must(mountTable(k, sh));
    expect(t.map((e) => e.point)).toEqual(must(mountTable(k, other)).map((e) => e.point));
    expect(t[0]!.id).toBeGreaterThan(30);
    expect(t.map((e) => e.optional)).toEqual(must(mountTable(k, other)).map((e) => e.optional));
    must(mount(k, sh, 'none', '/', '', { flags: ['rprivate'] }));
    expect(must(mountTable(k, sh)).every((e) => e.optional.length === 0)).toBe(true);
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs'));
    must(writeFile(k, sh, '/mnt/secret', 's'));
    expect(points(mountTable(k, sh))).toContain('/mnt');
    expect(points(mountTable(k, other))).not.toContain('/mnt');
    expect(exists(k, other, '/mnt/secret')).toBe(false);
    // Files on shared filesystems are shared: it is the same ext4.
    must(writeFile(k, sh, '/srv/shared', 'both'));
    expect(readFile(k, other, '/srv/shared')).toBe('both');
  });

  it('without making it private, a mount propagates to the peer namespace (shared:1)', () => {
    const { k, log, sh } = setup();
    const other = fork(k, 1).pid as number;
    must(unshare(k, sh, CLONE_FLAGS.mnt));
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs'));
    expect(points(mountTable(k, other))).toContain('/mnt');
    const m = log.filter((e) => e.type === 'fs.mounted');
    expect(m.slice(-1)[0]?.type === 'fs.mounted' && m.slice(-1)[0]?.propagatedFrom).toBeGreaterThan(0);
    must(writeFile(k, other, '/mnt/x', 'seen by both'));
    expect(readFile(k, sh, '/mnt/x')).toBe('seen by both');
    must(umount(k, sh, '/mnt'));
    expect(points(mountTable(k, other))).not.toContain('/mnt');
  });

  it('with rslave, host mounts reach the namespace but not the other way', () => {
    const { k, sh } = setup();
    const host = fork(k, 1).pid as number;
    must(unshare(k, sh, CLONE_FLAGS.mnt));
    must(mount(k, sh, 'none', '/', '', { flags: ['rslave'] }));
    expect(must(mountTable(k, sh)).find((e) => e.point === '/')!.optional).toEqual(['master:1']);
    must(mount(k, host, 'tmpfs', '/mnt', 'tmpfs'));
    expect(points(mountTable(k, sh))).toContain('/mnt');
    must(mount(k, sh, 'tmpfs', '/srv', 'tmpfs'));
    expect(points(mountTable(k, host))).not.toContain('/srv');
  });

  it('lets an unprivileged user mount tmpfs in its own user+mount namespace, but not ext4', () => {
    const { k } = setup();
    const u = fork(k, 1).pid as number;
    becomeUser(k, u, 1000);
    expect(mount(k, u, 'tmpfs', '/mnt', 'tmpfs')).toEqual({ errno: 'EPERM' });
    must(unshare(k, u, CLONE_FLAGS.user | CLONE_FLAGS.mnt));
    must(mount(k, u, 'tmpfs', '/mnt', 'tmpfs'));
    expect(mount(k, u, '/dev/sda1', '/srv', 'ext4')).toEqual({ errno: 'EPERM' });
    must(mount(k, u, '/home', '/srv', '', { bind: true }));
    expect(points(mountTable(k, 1))).not.toContain('/mnt');
  });

  it('frees the namespace\'s own superblocks when it is destroyed', () => {
    const { k, sh } = setup();
    must(unshare(k, sh, CLONE_FLAGS.mnt));
    must(mount(k, sh, 'none', '/', '', { flags: ['rprivate'] }));
    must(mount(k, sh, 'tmpfs', '/mnt', 'tmpfs'));
    must(writeFile(k, sh, '/mnt/x', 'x'));
    const ns = k.proc(sh)!.ns.mnt;
    const inodes = Object.keys(k.state.fs.inodes).length;
    k.emit({ type: 'ns.destroyed', inum: ns, nsType: 'mnt' });
    expect(k.state.fs.mntns[ns]).toBeUndefined();
    expect(Object.keys(k.state.fs.inodes).length).toBe(inodes - 2);
    expect(Object.values(k.state.fs.mounts).every((m) => m.ns !== ns)).toBe(true);
    expect(Object.values(k.state.fs.sbs).every((s) => s.refs > 0 || s.fstype === 'ext4')).toBe(true);
  });
});

describe('mounting through O_PATH descriptors (runc\'s masked paths)', () => {
  it('binds from and onto opened files and mounts onto an opened directory, as with their paths', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/srv/m/dir'));
    must(writeFile(k, sh, '/srv/m/file', 'secret'));
    const devNull = must(openPath(k, sh, '/dev/null'));
    const file = must(openPath(k, sh, '/srv/m/file'));
    const dir = must(openPath(k, sh, '/srv/m/dir'));
    expect([devNull.type, file.type, dir.type]).toEqual(['chardev', 'file', 'dir']);
    expect(openPath(k, sh, '/srv/m/none')).toMatchObject({ errno: 'ENOENT' });
    must(mount(k, sh, '/dev/null', '/srv/m/file', '', { bind: true, sourceFd: devNull, targetFd: file }));
    must(mount(k, sh, 'tmpfs', '/srv/m/dir', 'tmpfs', { flags: ['ro'], targetFd: dir }));
    expect(readFile(k, sh, '/srv/m/file')).toBe('');
    expect(writeFile(k, sh, '/srv/m/dir/x', 'y')).toMatchObject({ errno: 'EROFS' });
    const info = readFile(k, sh, '/proc/self/mountinfo') as string;
    expect(info).toMatch(/ 0:5 \/null \/srv\/m\/file rw,nosuid,relatime shared:\d+ - devtmpfs udev /);
    expect(info).toMatch(/ \/ \/srv\/m\/dir ro,relatime shared:\d+ - tmpfs tmpfs ro,inode64\n/);
  });
});

describe('read-only superblocks', () => {
  it('a new mount made MS_RDONLY has a read-only superblock; remount,rw makes both writable, remount,bind,ro only the mount', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/mnt/a'));
    must(mkdirAll(k, sh, '/mnt/b'));
    must(mount(k, sh, 'tmpfs', '/mnt/a', 'tmpfs', { flags: ['ro'] }));
    expect(readFile(k, sh, '/proc/self/mountinfo')).toMatch(/ \/mnt\/a ro,relatime shared:\d+ - tmpfs tmpfs ro,inode64\n/);
    expect(writeFile(k, sh, '/mnt/a/x', 'y')).toMatchObject({ errno: 'EROFS' });
    must(mount(k, sh, '', '/mnt/a', '', { flags: ['remount', 'rw'] }));
    expect(readFile(k, sh, '/proc/self/mountinfo')).toMatch(/ \/mnt\/a rw,relatime shared:\d+ - tmpfs tmpfs rw,inode64\n/);
    must(writeFile(k, sh, '/mnt/a/x', 'y'));
    must(mount(k, sh, '/mnt/a', '/mnt/b', '', { bind: true }));
    must(mount(k, sh, '', '/mnt/b', '', { flags: ['remount', 'bind', 'ro'] }));
    expect(writeFile(k, sh, '/mnt/b/z', 'y')).toMatchObject({ errno: 'EROFS' });
    must(writeFile(k, sh, '/mnt/a/z', 'y'));
  });
});

describe('a mount\'s device name', () => {
  it('is the mount(2) source for a superblock that existed under another name, and stays with binds, copies and snapshots', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/srv/cg'));
    must(mkdirAll(k, sh, '/srv/bound'));
    must(mkdirAll(k, sh, '/srv/tree'));
    must(mount(k, sh, 'cgroup', '/srv/cg', 'cgroup2'));
    must(mount(k, sh, '/srv/cg', '/srv/bound', '', { bind: true }));
    must(mount(k, sh, '/srv', '/srv/tree', '', { bind: true, recursive: true }));
    const sources = (pid: number): string[] =>
      (readFile(k, pid, '/proc/self/mountinfo') as string)
        .split('\n')
        .filter((l) => l.includes(' /srv/'))
        .map((l) => `${l.split(' ')[4]} ${l.split(' - ')[1]?.split(' ')[1]}`);
    const want = ['/srv/cg cgroup', '/srv/bound cgroup', '/srv/tree /dev/sda1', '/srv/tree/cg cgroup', '/srv/tree/bound cgroup'];
    expect(sources(sh)).toEqual(want);
    expect(readFile(k, sh, '/proc/self/mounts')).toContain('cgroup /srv/cg cgroup2 ');
    // A copy of the namespace (made lazily) keeps the names.
    const child = fork(k, sh, { comm: 'sh' }).pid as number;
    must(unshare(k, child, CLONE_FLAGS.mnt));
    expect(sources(child)).toEqual(want);
    // So does a snapshot saved as JSON and restored.
    k.state = cloneKernelState(JSON.parse(JSON.stringify(kernelSnapshot(k.state))) as typeof k.state);
    expect(sources(child)).toEqual(want);
    // The host's own cgroup2 mount keeps its name.
    expect(readFile(k, sh, '/proc/self/mounts')).toContain('cgroup2 /sys/fs/cgroup cgroup2 ');
  });
});

describe('devpts options', () => {
  it('shows the modes as %03o whatever digits were given, and refuses a mode that is not octal (EINVAL)', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/mnt/pts'));
    expect(mount(k, sh, 'devpts', '/mnt/pts', 'devpts', { data: 'newinstance,mode=9' })).toMatchObject({ errno: 'EINVAL' });
    expect(mount(k, sh, 'devpts', '/mnt/pts', 'devpts', { data: 'newinstance,ptmxmode=' })).toMatchObject({ errno: 'EINVAL' });
    must(mount(k, sh, 'devpts', '/mnt/pts', 'devpts', { data: 'newinstance,ptmxmode=0666,mode=0620,gid=5' }));
    expect(readFile(k, sh, '/proc/self/mounts')).toContain('devpts /mnt/pts devpts rw,relatime,gid=5,mode=620,ptmxmode=666 0 0\n');
  });
});

describe('per-namespace superblocks', () => {
  it('sysfs is one superblock per network namespace and mqueue one per IPC namespace, freed with their last mount', () => {
    const { k, sh } = setup();
    must(mkdirAll(k, sh, '/mnt/s'));
    must(mkdirAll(k, sh, '/mnt/q'));
    must(mount(k, sh, 'sysfs', '/mnt/s', 'sysfs'));
    must(mount(k, sh, 'mqueue', '/mnt/q', 'mqueue'));
    const devOf = (pid: number, point: string): string | undefined =>
      (readFile(k, pid, '/proc/self/mountinfo') as string)
        .split('\n')
        .filter((l) => l.split(' ')[4] === point)
        .pop()
        ?.split(' ')[2];
    expect(devOf(sh, '/mnt/s')).toBe(devOf(sh, '/sys'));
    expect(devOf(sh, '/mnt/q')).toBe(devOf(sh, '/dev/mqueue'));
    // New network and IPC namespaces get superblocks of their own.
    const c = fork(k, sh, { comm: 'sh' }).pid as number;
    must(unshare(k, c, CLONE_FLAGS.mnt | CLONE_FLAGS.net | CLONE_FLAGS.ipc));
    // (as unshare(1) does: nothing mounted here propagates back to the host)
    must(mount(k, c, 'none', '/', '', { flags: ['rprivate'] }));
    must(mkdirAll(k, c, '/mnt/s2'));
    must(mount(k, c, 'sysfs', '/mnt/s2', 'sysfs', { flags: ['ro'] }));
    must(mount(k, c, 'mqueue', '/mnt/q', 'mqueue'));
    expect(devOf(c, '/mnt/s2')).not.toBe(devOf(c, '/sys'));
    expect(devOf(c, '/mnt/q')).not.toBe(devOf(sh, '/mnt/q'));
    const keys = Object.keys(k.state.fs.devSbs).length;
    must(umount(k, c, '/mnt/s2'));
    expect(Object.keys(k.state.fs.devSbs).length).toBe(keys - 1);
  });
});
