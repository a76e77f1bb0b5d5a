import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

describe('findmnt (util-linux 2.38.1)', () => {
  it('draws the mount tree of the caller\'s mount namespace from mountinfo', () => {
    const t = testHost();
    const out = t.run('findmnt').stdout.split('\n');
    expect(out[0]).toBe('TARGET             SOURCE    FSTYPE   OPTIONS');
    expect(out[1]).toBe('/                  /dev/sda1 ext4     rw,relatime,errors=remount-ro');
    expect(out).toContain('│ └─/sys/fs/cgroup cgroup2   cgroup2  rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot');
    expect(out).toContain('  └─/run/lock      tmpfs     tmpfs    rw,nosuid,nodev,noexec,relatime,size=5120k,inode64');
  });

  it('looks up one mount point, shows bind mounts and propagation', () => {
    const t = testHost();
    expect(t.run('findmnt /tmp')).toMatchObject({ exitCode: 1, stdout: '' });
    expect(t.run('findmnt -n -o TARGET -T /tmp').stdout).toBe('/\n');
    t.run('mkdir /mnt/x && mount --bind /tmp /mnt/x');
    expect(t.run('findmnt -n -o SOURCE,PROPAGATION /mnt/x').stdout).toBe('/dev/sda1[/tmp] shared\n');
    expect(t.run('unshare -m --propagation private findmnt -n -o PROPAGATION /').stdout).toBe('private\n');
    expect(t.run('findmnt -l -n -t tmpfs -o TARGET').stdout).toBe('/run\n/dev/shm\n/run/lock\n');
  });
});

describe('mount (util-linux 2.38.1) without -t', () => {
  it('takes the source for a device to probe, and says what it is not', () => {
    const t = testHost();
    expect(t.run('mount . /mnt')).toMatchObject({ stderr: 'mount: /mnt: . is not a block device.\n', exitCode: 32 });
    expect(t.run('mount /nonexist /mnt')).toMatchObject({ stderr: 'mount: /mnt: special device /nonexist does not exist.\n', exitCode: 32 });
    expect(t.run('mount -t bogus x /mnt')).toMatchObject({ stderr: "mount: /mnt: unknown filesystem type 'bogus'.\n", exitCode: 32 });
  });
});
