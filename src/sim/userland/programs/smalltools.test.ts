import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { base64Decode, base64Encode } from './smalltools.ts';

describe('tac, rev, nl, base64, tty, groups, mktemp, chgrp (coreutils 9.1)', () => {
  it('filters text as the GNU tools do (outputs checked against them)', () => {
    const t = testHost();
    expect(t.run("printf 'a\\nb' | tac").stdout).toBe('ba\n');
    expect(t.run("printf 'a\\nb\\nc\\n' | tac").stdout).toBe('c\nb\na\n');
    expect(t.run('echo hello | rev').stdout).toBe('olleh\n');
    expect(t.run("printf 'a\\n\\nb\\n' | nl").stdout).toBe('     1\ta\n       \n     2\tb\n');
    expect(t.run("printf 'x%.0s' $(seq 60) | base64").stdout).toBe('eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4\n');
    expect(t.run("echo '!!' | base64 -d")).toMatchObject({ exitCode: 1, stderr: 'base64: invalid input\n' });
    expect(base64Decode(base64Encode('héllo ✓'))).toBe('héllo ✓');
  });

  it('tty, groups, mktemp and chgrp read and change the kernel model', () => {
    const t = testHost();
    expect(t.run('tty')).toMatchObject({ exitCode: 1, stdout: 'not a tty\n' });
    expect(t.run('groups').stdout).toBe('root\n');
    expect(t.run('groups learner').stdout).toMatch(/^learner : learner /);
    const f = t.run('mktemp').stdout.trim();
    expect(f).toMatch(/^\/tmp\/tmp\.[A-Za-z0-9]{10}$/);
    expect(t.run(`stat -c %a ${f}`).stdout).toBe('600\n');
    expect(t.run('stat -c %a $(mktemp -d)').stdout).toBe('700\n');
    expect(t.run(`chgrp learner ${f} && stat -c %G ${f}`).stdout).toBe('learner\n');
    expect(t.run(`su learner -c "chgrp root ${f}"`).stderr).toBe(`chgrp: changing group of '${f}': Operation not permitted\n`);
  });
});
