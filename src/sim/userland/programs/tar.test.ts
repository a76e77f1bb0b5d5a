import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('tar', () => {
  it('extracts docker export into a directory that chroot and unshare can then use (a container by hand)', () => {
    const h = createHost({ seed: 4 });
    h.run('docker pull alpine');
    expect(h.run('mkdir -p /tmp/rootfs && docker export $(docker create alpine) | tar -C /tmp/rootfs -xf -').exitCode).toBe(0);
    expect(h.run('ls /tmp/rootfs/etc/os-release').exitCode).toBe(0);
    expect(h.run("chroot /tmp/rootfs /bin/sh -c 'grep ^ID= /etc/os-release'").stdout).toBe('ID=alpine\n');
    const r = h.run("unshare --pid --fork --mount chroot /tmp/rootfs /bin/sh -c 'mount -t proc proc /proc; ps; true'");
    expect(r.stdout.split('\n')[1]).toMatch(/^\s+1 root\s+0:00 \/bin\/sh -c/);
  });
  it('creates, lists and extracts, stripping the leading / as GNU tar says', () => {
    const h = createHost({ seed: 4 });
    h.run('mkdir -p /srv/app/conf && echo hello > /srv/app/conf/a.txt && chmod 600 /srv/app/conf/a.txt && ln -s conf/a.txt /srv/app/link');
    const c = h.run('tar -cf /tmp/app.tar /srv/app');
    expect(c).toMatchObject({ exitCode: 0, stderr: "tar: Removing leading `/' from member names\n" });
    expect(h.run('tar -tf /tmp/app.tar').stdout).toBe('srv/app/\nsrv/app/conf/\nsrv/app/conf/a.txt\nsrv/app/link\n');
    expect(h.run('tar tvf /tmp/app.tar').stdout).toContain('-rw------- root/root         6 1970-01-01 00:00 srv/app/conf/a.txt\n');
    expect(h.run('mkdir /restore && tar -xf /tmp/app.tar -C /restore && cat /restore/srv/app/link && stat -c %a /restore/srv/app/conf/a.txt').stdout).toBe('hello\n600\n');
    expect(h.run('cd /srv && tar -cf - app | tar -tf -').stdout).toBe('app/\napp/conf/\napp/conf/a.txt\napp/link\n');
  });
  it('fails as GNU tar does', () => {
    const h = createHost({ seed: 4 });
    expect(h.run('tar')).toMatchObject({ exitCode: 2, stderr: "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n" });
    expect(h.run('tar -cf /tmp/x.tar')).toMatchObject({ exitCode: 2 });
    expect(h.run('tar -xf /nosuch.tar')).toMatchObject({ exitCode: 2, stderr: 'tar: /nosuch.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n' });
    expect(h.run('tar -tf /etc/hostname')).toMatchObject({ exitCode: 2, stderr: 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n' });
  });
});

describe('ps reads the procfs mounted at /proc', () => {
  it('shows the host after unshare --pid without --mount-proc, nothing in a chroot without /proc', () => {
    const h = createHost({ seed: 4 });
    expect(h.run('unshare --pid --fork ps -e').stdout.split('\n').length).toBeGreaterThan(10);
    expect(h.run('unshare --pid --fork --mount-proc ps -e').stdout).toMatch(/^\s+PID TTY\s+TIME CMD\n\s+1 pts\/0\s+00:00:00 ps\n$/);
    h.run('docker pull alpine');
    h.run('mkdir -p /tmp/rootfs && docker export $(docker create alpine) | tar -C /tmp/rootfs -xf -');
    expect(h.run('chroot /tmp/rootfs ps').stdout).toBe('PID   USER     TIME  COMMAND\n');
    expect(h.run("chroot /tmp/rootfs sh -c 'mount -t proc proc /proc; ps | wc -l'").stdout.trim()).not.toBe('1');
  });
});

describe('ps selections', () => {
  it('-C by command name, --ppid by parent, pid= without a header', () => {
    const h = createHost({ seed: 4 });
    h.run('sleep 100 &');
    h.run('sleep 200 &');
    expect(h.run('ps -C sleep -o pid=').stdout).toMatch(/^\s+\d+\n\s+\d+\n$/);
    expect(h.run('ps --no-headers -C sleep -o comm').stdout).toBe('sleep\nsleep\n');
    expect(h.run('ps -o comm= --ppid 1').stdout).toContain('systemd-journal\n');
  });
});
