import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { pasteDelims } from './paste.ts';

describe('paste and printenv (coreutils 9.1)', () => {
  it('joins lines with TABs or the -d list, serially with -s, and - takes turns at stdin', () => {
    const t = testHost();
    t.run("printf '1\\n2\\n3\\n' > /tmp/a; printf 'x\\ny\\n' > /tmp/b");
    expect(t.run('paste /tmp/a /tmp/b').stdout).toBe('1\tx\n2\ty\n3\t\n');
    expect(t.run("paste -d ',;' /tmp/a /tmp/b /tmp/a").stdout).toBe('1,x;1\n2,y;2\n3,;3\n');
    expect(t.run('paste -sd+ /tmp/a').stdout).toBe('1+2+3\n');
    expect(t.run('paste - - < /tmp/a').stdout).toBe('1\t2\n3\t\n');
    expect(t.run('paste /tmp/a /nosuch')).toMatchObject({ exitCode: 1, stdout: '', stderr: 'paste: /nosuch: No such file or directory\n' });
    expect(pasteDelims('\\t\\0x')).toEqual(['\t', '', 'x']);
  });

  it('printenv prints the environment or named values', () => {
    const t = testHost();
    expect(t.run('printenv HOME').stdout).toBe('/root\n');
    expect(t.run('FOO=bar printenv FOO NOPE')).toMatchObject({ exitCode: 1, stdout: 'bar\n' });
    expect(t.run('printenv').stdout).toContain('\nHOME=/root\n');
  });
});
