import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';

describe('sudo (a set-user-ID-root binary)', () => {
  it('is mode 4755 root and runs a command as root, or as -u user', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('ls -l /usr/bin/sudo').stdout).toMatch(/^-rwsr-xr-x 1 root root /);
    expect(h.run('sudo id').stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(h.run('sudo -u nobody id -u').stdout).toBe('65534\n');
    expect(h.run('sudo docker ps').stdout).toMatch(/^CONTAINER ID/);
  });
  it('says what is wrong, as sudo does', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('sudo')).toMatchObject({ exitCode: 1 });
    expect(h.run('sudo').stderr).toMatch(/^usage: sudo -h \| -K \| -k \| -V\n/);
    expect(h.run('sudo nosuch')).toMatchObject({ exitCode: 1, stderr: 'sudo: nosuch: command not found\n' });
    expect(h.run('sudo -u nobodyatall id')).toMatchObject({ exitCode: 1 });
  });
  it('lets a member of group sudo become root: the kernel made its effective uid 0 at exec', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('id learner').stdout).toContain('27(sudo)');
    expect(h.run('su learner -c "sudo id -u"').stdout).toBe('0\n');
    expect(h.run('su learner -c "sudo sh -c \'echo \\$SUDO_USER\'"').stdout).toBe('learner\n');
  });
  it('cannot get root under no_new_privs (the kernel ignores the set-user-ID bit)', () => {
    const h = createHost({ seed: 2 });
    const r = h.run('su learner -c "setpriv --no-new-privs sudo id"');
    expect(r).toMatchObject({ exitCode: 1, stdout: '' });
    expect(r.stderr).toContain('sudo: The "no new privileges" flag is set, which prevents sudo from running as root.\n');
  });
  it('service NAME COMMAND runs systemctl COMMAND NAME.service', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('service docker status').stdout).toMatch(/^● docker\.service - Docker Application Container Engine/);
    expect(h.run('service')).toMatchObject({ exitCode: 1, stderr: 'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n' });
  });
});

describe('su and id USER', () => {
  it('id USER reads the user\'s groups from /etc/group', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('id learner').stdout).toBe(
      'uid=1000(learner) gid=1000(learner) groups=1000(learner),24(cdrom),25(floppy),27(sudo),29(audio),30(dip),44(video),46(plugdev),100(users),106(netdev)\n',
    );
    expect(h.run('id nosuch')).toMatchObject({ exitCode: 1, stderr: "id: 'nosuch': no such user\n" });
  });
  it('root becomes any user without a password; - starts a login shell in the home directory', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('su learner -c "id -un"').stdout).toBe('learner\n');
    expect(h.run("su - learner -c 'pwd; echo $USER'").stdout).toBe('/home/learner\nlearner\n');
    expect(h.run('su nobody -s /bin/sh -c "id -u"').stdout).toBe('65534\n');
    expect(h.run('su nosuch')).toMatchObject({ exitCode: 1, stderr: 'su: user nosuch does not exist or the user entry does not contain all the required fields\n' });
  });
  it('a user cannot su to root without its password', () => {
    const h = createHost({ seed: 2 });
    expect(h.run('su learner -c "su -c id"')).toMatchObject({ exitCode: 1, stderr: 'su: Authentication failure\n' });
  });
});
