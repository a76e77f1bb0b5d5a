import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { populateTree } from '../../kernel/fs/populate.ts';
import { alpineRootfs } from '../../engine/images/rootfs/alpine.ts';

function host(): TestHost {
  const t = testHost();
  t.run("printf 'hello world\\nfoo bar\\nbaz qux\\nhello again\\n' > /tmp/f.txt");
  return t;
}

describe('sed (GNU sed 4.9)', () => {
  it('substitutes with flags, groups and & (outputs checked against GNU sed)', () => {
    const t = host();
    expect(t.run("sed 's/o/0/g' /tmp/f.txt").stdout).toBe('hell0 w0rld\nf00 bar\nbaz qux\nhell0 again\n');
    expect(t.run("sed -E 's/([a-z]+) ([a-z]+)/\\2 \\1/' /tmp/f.txt").stdout).toBe('world hello\nbar foo\nqux baz\nagain hello\n');
    expect(t.run("sed 's/\\([a-z]*\\) \\([a-z]*\\)/\\2 \\1/;s/o/[&]/2' /tmp/f.txt").stdout).toBe('world hell[o]\nbar fo[o]\nqux baz\nagain hello\n');
    expect(t.run("sed -n 's/HELLO/hi/Ip' /tmp/f.txt").stdout).toBe('hi world\nhi again\n');
  });

  it('addresses, ranges, negation, a/i/c, q with a status, = and the hold space', () => {
    const t = host();
    t.run('seq 10 > /tmp/n');
    expect(t.run("sed -n '3,5p' /tmp/n").stdout).toBe('3\n4\n5\n');
    expect(t.run("sed '2,9!d' /tmp/n | sed -n '/3/,+2p'").stdout).toBe('3\n4\n5\n');
    expect(t.run("sed -n '1~4p;$=' /tmp/n").stdout).toBe('1\n5\n9\n10\n');
    expect(t.run("sed '0,/2/d;5q7' /tmp/n")).toMatchObject({ stdout: '3\n4\n5\n', exitCode: 7 });
    expect(t.run("sed '1i top\n$a bottom\n/foo/c\\\\changed' /tmp/f.txt").stdout).toBe('top\nhello world\nchanged\nbaz qux\nhello again\nbottom\n');
    expect(t.run("sed ':a;N;$!ba;s/\\n/,/g' /tmp/n").stdout).toBe('1,2,3,4,5,6,7,8,9,10\n');
    expect(t.run("sed '1!G;h;$!d' /tmp/n | head -2").stdout).toBe('10\n9\n');
  });

  it('edits in place, keeping a backup with -iSUFFIX; reads stdin in a pipeline', () => {
    const t = host();
    expect(t.run("sed -i.bak 's/hello/bye/' /tmp/f.txt && cat /tmp/f.txt && head -1 /tmp/f.txt.bak").stdout).toBe('bye world\nfoo bar\nbaz qux\nbye again\nhello world\n');
    expect(t.run("echo abc | sed 'y/abc/xyz/'").stdout).toBe('xyz\n');
    expect(t.run("printf 'a\\nb' | sed p").stdout).toBe('a\na\nb\nb');
  });

  it('writes and reads files with w and r; -s treats each file apart', () => {
    const t = host();
    t.run('seq 3 > /tmp/n');
    expect(t.run("sed -n '/hello/w /tmp/out' /tmp/f.txt && cat /tmp/out").stdout).toBe('hello world\nhello again\n');
    expect(t.run("sed '2r /tmp/n' /tmp/f.txt | head -5").stdout).toBe('hello world\nfoo bar\n1\n2\n3\n');
    expect(t.run("sed -s -n '$p' /tmp/f.txt /tmp/n").stdout).toBe('hello again\n3\n');
    expect(t.run("sed w /tmp/f.txt").stderr).toBe('sed: -e expression #1, char 1: missing filename in r/R/w/W commands\n');
  });

  it('reports script and file errors as GNU sed does', () => {
    const t = host();
    expect(t.run("sed 's/a/b' /tmp/f.txt")).toMatchObject({ exitCode: 1, stderr: "sed: -e expression #1, char 5: unterminated `s' command\n" });
    expect(t.run('sed k /tmp/f.txt').stderr).toBe("sed: -e expression #1, char 1: unknown command: `k'\n");
    expect(t.run("sed 's/a/b/q' /tmp/f.txt").stderr).toBe("sed: -e expression #1, char 7: unknown option to `s'\n");
    expect(t.run("sed 's/a/\\1/' /tmp/f.txt").stderr).toBe("sed: -e expression #1, char 7: invalid reference \\1 on `s' command's RHS\n");
    expect(t.run("sed -e p -e '1{p' /tmp/f.txt").stderr).toBe("sed: -e expression #2, char 0: unmatched `{'\n");
    expect(t.run('sed p /tmp/nosuch /tmp/f.txt')).toMatchObject({ exitCode: 2, stderr: "sed: can't read /tmp/nosuch: No such file or directory\n" });
    expect(t.run('sed').stderr).toMatch(/^Usage: sed \[OPTION\]\.\.\. \{script-only-if-no-other-script\}/);
  });

  it('words errors as busybox sed in alpine', () => {
    const t = host();
    populateTree(t.k, 1, '/srv/alp', alpineRootfs('3.21.3'), { parents: true });
    expect(t.run("echo hi | chroot /srv/alp sed 's/hi/ho/'").stdout).toBe('ho\n');
    expect(t.run('chroot /srv/alp sed p /nosuch')).toMatchObject({ exitCode: 1, stderr: 'sed: /nosuch: No such file or directory\n' });
    expect(t.run('chroot /srv/alp sed k /etc/hostname')).toMatchObject({ exitCode: 1, stderr: 'sed: unsupported command k\n' });
  });
});
