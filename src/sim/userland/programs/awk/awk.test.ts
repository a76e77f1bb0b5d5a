import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../../testkit.ts';
import { populateTree } from '../../../kernel/fs/populate.ts';
import { alpineRootfs } from '../../../engine/images/rootfs/alpine.ts';
import { sprintf } from './format.ts';

function host(): TestHost {
  const t = testHost();
  t.run("printf 'alice 30 paris\\nbob 25 london\\ncarol 35 paris\\ndave 40 berlin\\n' > /tmp/d");
  return t;
}

describe('awk (mawk 1.3.4)', () => {
  it('prints fields, filters with patterns and sums in END (outputs checked against mawk)', () => {
    const t = host();
    expect(t.run("awk '{print $2, $1}' /tmp/d | head -2").stdout).toBe('30 alice\n25 bob\n');
    expect(t.run("awk '$2 > 28 && $3 == \"paris\" {print $1}' /tmp/d").stdout).toBe('alice\ncarol\n');
    expect(t.run("awk '{sum += $2} END {print sum, sum/NR}' /tmp/d").stdout).toBe('130 32.5\n');
    expect(t.run("awk -F: -v OFS=: 'NR <= 2 {print $1, $3}' /etc/passwd").stdout).toBe('root:0\ndaemon:1\n');
    expect(t.run("awk '!/paris/ {print NR\": \"$NF}' /tmp/d").stdout).toBe('2: london\n4: berlin\n');
    expect(t.run("awk 'NR==2, NR==3 {print NF, length($1)}' /tmp/d").stdout).toBe('3 3\n3 5\n');
  });

  it('has arrays, functions, string builtins, printf and field assignment', () => {
    const t = host();
    expect(t.run("awk '{c[$3] += $2} END {print c[\"paris\"], (\"rome\" in c), length(c)}' /tmp/d").stdout).toBe('65 0 3\n');
    expect(t.run("awk 'function dbl(x) { return x * 2 } NR == 1 { print dbl($2), toupper(substr($1, 1, 3)), index($1, \"i\") }' /tmp/d").stdout).toBe('60 ALI 3\n');
    expect(t.run("awk 'NR == 1 { n = split($0, a, \" \"); gsub(/a/, \"A\"); print n, a[3], $0 }' /tmp/d").stdout).toBe('3 paris Alice 30 pAris\n');
    expect(t.run("awk 'BEGIN { printf \"%-6s|%5.2f|%x|%c|%e\\n\", \"ab\", 3.14159, 255, 65, 12345.678 }'").stdout).toBe('ab    | 3.14|ff|A|1.234568e+04\n');
    expect(t.run("echo 'a b c' | awk '{ $5 = \"x\"; print; print NF; NF = 2; print }'").stdout).toBe('a b c  x\n5\na b\n');
    expect(t.run("awk 'BEGIN { print 1/3, 2^31, 100000 * 100000, substr(\"hello\", -1, 3) }'").stdout).toBe('0.333333 2.14748e+09 1e+10 hell\n');
  });

  it('reports errors as mawk does', () => {
    const t = host();
    expect(t.run("awk '{print $1' /tmp/d")).toMatchObject({ exitCode: 2, stderr: 'awk: line 2: missing } near end of file\n' });
    expect(t.run("awk 'BEGIN { x = 1 + }'")).toMatchObject({ exitCode: 2, stderr: 'awk: line 1: syntax error at or near }\n' });
    expect(t.run('awk 1 /nosuch /tmp/d')).toMatchObject({ exitCode: 2, stdout: '', stderr: 'awk: cannot open /nosuch (No such file or directory)\n' });
    expect(t.run("awk 'BEGIN { exit 3 } END { print \"end\" }'")).toMatchObject({ exitCode: 3, stdout: 'end\n' });
  });

  it('visits arrays in mawk\'s hash order and runs `print | "cmd"` pipes at the end', () => {
    const t = host();
    expect(t.run("awk '{c[$3]++} END {for (k in c) print k, c[k]}' /tmp/d").stdout).toBe('london 1\nparis 2\nberlin 1\n');
    expect(t.run("awk 'BEGIN { x[\"a\"]; x[\"b\"]; x[\"c\"]; x[\"d\"]; for (k in x) printf \"%s \", k }'").stdout).toBe('c b a d ');
    expect(t.run("awk '{ print $2, $1 | \"sort -n\" } END { print \"done\" }' /tmp/d").stdout).toBe('25 bob\n30 alice\n35 carol\n40 dave\ndone\n');
  });

  it('reads stdin in a pipeline and writes files with >', () => {
    const t = host();
    expect(t.run("ps -e | awk 'NR > 1 && $4 == \"systemd\" {print $1}'").stdout).toBe('1\n');
    expect(t.run("awk '{ print $1 > \"/tmp/names\" }' /tmp/d && cat /tmp/names").stdout).toBe('alice\nbob\ncarol\ndave\n');
  });

  it('runs as busybox awk in alpine, with its wording', () => {
    const t = host();
    populateTree(t.k, 1, '/srv/alp', alpineRootfs('3.21.3'), { parents: true });
    expect(t.run("echo 'x 2' | chroot /srv/alp awk '{print $2 * 2^40}'").stdout).toBe('2199023255552\n');
    expect(t.run("chroot /srv/alp awk '{print $1'")).toMatchObject({ exitCode: 1, stderr: 'awk: cmd. line:1: Unexpected token\n' });
    expect(t.run('chroot /srv/alp awk 1 /nosuch')).toMatchObject({ exitCode: 1, stderr: 'awk: /nosuch: No such file or directory\n' });
  });

  it('formats like printf(3)', () => {
    expect(sprintf('%5.1f|%-4d|%04d|%+d|%g|%g|%G|%.3s|%%', [3.14159, 7, 42, 5, 0.0001, 1e20, 1e-10, 'abcdef'], 2147483647)).toBe('  3.1|7   |0042|+5|0.0001|1e+20|1E-10|abc|%');
  });
});
