import { describe, expect, it } from 'vitest';
import { boot, fork, must, becomeUser } from '../../process/testkit.ts';
import { capAndNot, capBit, CAP_FULL } from '../../caps/caps.ts';
import type { Kernel } from '../../kernel.ts';
import { stat, readFile, readdir, access, R_OK, W_OK } from './ops-read.ts';
import { writeFile, mkdir, truncate, link } from './ops-write.ts';
import { unlink, rename, rmdir } from './ops-remove.ts';
import { chmod, chown, utimes } from './ops-attr.ts';
import { chdir } from './ops-cwd.ts';

function setup() {
  const b = boot();
  const root = fork(b.k, 1, { comm: 'bash' }).pid as number;
  const user = fork(b.k, 1, { comm: 'bash' }).pid as number;
  becomeUser(b.k, user, 1000);
  return { ...b, root, user };
}

function dropCaps(k: Kernel, pid: number, names: Array<'CAP_DAC_OVERRIDE' | 'CAP_DAC_READ_SEARCH' | 'CAP_FOWNER' | 'CAP_CHOWN'>): void {
  const p = k.proc(pid)!;
  const eff = names.reduce((m, n) => capAndNot(m, capBit(n)), CAP_FULL);
  k.emit({ type: 'process.capsChanged', pid, caps: { ...p.caps, effective: eff, permitted: eff } });
}

describe('permissions', () => {
  it('a normal user cannot read /etc/shadow (0640 root:shadow) nor list /root', () => {
    const { k, user, root } = setup();
    expect(must(stat(k, user, '/etc/shadow')).perm).toBe(0o640);
    expect(must(stat(k, user, '/etc/shadow')).gid).toBe(42);
    expect(readFile(k, user, '/etc/shadow')).toEqual({ errno: 'EACCES' });
    expect(readdir(k, user, '/root')).toEqual({ errno: 'EACCES' });
    expect(stat(k, user, '/root/.bashrc')).toEqual({ errno: 'EACCES' });
    expect(writeFile(k, user, '/etc/passwd', 'x')).toEqual({ errno: 'EACCES' });
    expect(writeFile(k, user, '/etc/newfile', 'x')).toEqual({ errno: 'EACCES' });
    expect(access(k, user, '/etc/passwd', R_OK)).toBe(true);
    expect(access(k, user, '/etc/passwd', W_OK)).toEqual({ errno: 'EACCES' });
    expect(typeof readFile(k, root, '/etc/shadow')).toBe('string');
  });

  it('the user owns its home (0700) and files it creates', () => {
    const { k, user, root } = setup();
    must(writeFile(k, user, '/home/learner/notes.txt', 'hello\n', { mode: 0o600 }));
    const st = must(stat(k, user, '/home/learner/notes.txt'));
    expect([st.uid, st.gid, st.perm]).toEqual([1000, 1000, 0o600]);
    must(chdir(k, user, '/home/learner'));
    expect(readFile(k, user, 'notes.txt')).toBe('hello\n');
    // Root reads it thanks to CAP_DAC_OVERRIDE...
    expect(readFile(k, root, '/home/learner/notes.txt')).toBe('hello\n');
    // ...and without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH uid 0 is an ordinary "other".
    dropCaps(k, root, ['CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH']);
    expect(readdir(k, root, '/home/learner')).toEqual({ errno: 'EACCES' });
    expect(readFile(k, root, '/home/learner/notes.txt')).toEqual({ errno: 'EACCES' });
    // Root still owns /root and /etc/shadow.
    expect(typeof readFile(k, root, '/etc/shadow')).toBe('string');
  });

  it('CAP_DAC_READ_SEARCH alone allows reading but not writing', () => {
    const { k, user, root } = setup();
    must(writeFile(k, user, '/home/learner/secret', 's', { mode: 0o600 }));
    dropCaps(k, root, ['CAP_DAC_OVERRIDE']);
    expect(readFile(k, root, '/home/learner/secret')).toBe('s');
    expect(writeFile(k, root, '/home/learner/secret', 'x')).toEqual({ errno: 'EACCES' });
  });

  it('chmod: owner or CAP_FOWNER, else EPERM', () => {
    const { k, user, root } = setup();
    expect(chmod(k, user, '/etc/passwd', 0o666)).toEqual({ errno: 'EPERM' });
    must(writeFile(k, user, '/tmp/mine', 'x'));
    must(chmod(k, user, '/tmp/mine', 0o600));
    expect(must(stat(k, root, '/tmp/mine')).perm).toBe(0o600);
    must(chmod(k, root, '/tmp/mine', 0o644));
    dropCaps(k, root, ['CAP_FOWNER']);
    expect(chmod(k, root, '/tmp/mine', 0o600)).toEqual({ errno: 'EPERM' });
  });

  it('chown: changing the owner needs CAP_CHOWN; an owner may pick one of its groups', () => {
    const { k, user, root } = setup();
    must(writeFile(k, user, '/tmp/f', 'x'));
    expect(chown(k, user, '/tmp/f', 0, -1)).toEqual({ errno: 'EPERM' });
    expect(chown(k, user, '/tmp/f', -1, 0)).toEqual({ errno: 'EPERM' });
    must(chown(k, user, '/tmp/f', -1, 1000));
    must(chown(k, root, '/tmp/f', 33, 33));
    expect([must(stat(k, root, '/tmp/f')).uid, must(stat(k, root, '/tmp/f')).gid]).toEqual([33, 33]);
    dropCaps(k, root, ['CAP_CHOWN']);
    expect(chown(k, root, '/tmp/f', 0, 0)).toEqual({ errno: 'EPERM' });
  });

  it('chown clears setuid on executables', () => {
    const { k, root } = setup();
    must(writeFile(k, root, '/tmp/suid', '', { mode: 0o4755 }));
    must(chown(k, root, '/tmp/suid', 1000, 1000));
    expect(must(stat(k, root, '/tmp/suid')).perm).toBe(0o755);
  });

  it('the sticky bit on /tmp stops users deleting each other\'s files', () => {
    const { k, user, root } = setup();
    expect(must(stat(k, user, '/tmp')).perm).toBe(0o1777);
    must(writeFile(k, root, '/tmp/roots', 'r'));
    expect(unlink(k, user, '/tmp/roots')).toEqual({ errno: 'EPERM' });
    expect(rename(k, user, '/tmp/roots', '/tmp/mine')).toEqual({ errno: 'EPERM' });
    must(writeFile(k, user, '/tmp/users', 'u'));
    must(unlink(k, user, '/tmp/users'));
    must(unlink(k, root, '/tmp/roots'));
  });

  it('write-type operations need write permission on the directory', () => {
    const { k, user } = setup();
    expect(mkdir(k, user, '/etc/x')).toEqual({ errno: 'EACCES' });
    expect(unlink(k, user, '/etc/hostname')).toEqual({ errno: 'EACCES' });
    expect(rmdir(k, user, '/etc/docker')).toEqual({ errno: 'EACCES' });
    expect(truncate(k, user, '/etc/hostname', 0)).toEqual({ errno: 'EACCES' });
    expect(utimes(k, user, '/etc/hostname')).toEqual({ errno: 'EACCES' });
    expect(utimes(k, user, '/etc/hostname', { mtimeMs: 0 })).toEqual({ errno: 'EPERM' });
    // protected_hardlinks: no link to a file one cannot read and write.
    expect(link(k, user, '/etc/shadow', '/tmp/shadow')).toEqual({ errno: 'EPERM' });
  });
});
