import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

// Outputs compared with bash 5.2.15 and dash 0.5.12 on Debian 12.
describe('the command hash table (bash)', () => {
  it('remembers commands found in PATH and counts their runs', () => {
    const t = testHost();
    expect(t.run('hash').stdout).toBe('hash: hash table empty\n');
    t.run('ls / >/dev/null; ls / >/dev/null; cat /dev/null');
    expect(t.run('hash').stdout).toBe('hits\tcommand\n   2\t/usr/bin/ls\n   1\t/usr/bin/cat\n');
    expect(t.run('hash -t cat').stdout).toBe('/usr/bin/cat\n');
    expect(t.run('hash -t ls cat').stdout).toBe('ls\t/usr/bin/ls\ncat\t/usr/bin/cat\n');
    expect(t.run('hash -l').stdout).toBe('builtin hash -p /usr/bin/ls ls\nbuiltin hash -p /usr/bin/cat cat\n');
    expect(t.run('type cat').stdout).toBe('cat is hashed (/usr/bin/cat)\n');
  });

  it('lists in bash\'s bucket order (FNV-1, 256 buckets, latest first in a bucket)', () => {
    const t = testHost();
    expect(t.run('hash cp mv rm ln mkdir rmdir touch chmod chown head tail sort uniq wc tr cut').exitCode).toBe(0);
    const order = 'mv tr head uniq cut cp chmod ln tail mkdir chown sort wc rmdir touch rm'.split(' ');
    expect(t.run('hash').stdout).toBe(`hits\tcommand\n${order.map((c) => `   0\t/usr/bin/${c}\n`).join('')}`);
    const r = t.run('hash grep sed awk tar env id; hash -r; hash grep sed awk tar env id; hash');
    expect(r.stdout).toBe(`hits\tcommand\n${'grep tar env id awk sed'.split(' ').map((c) => `   0\t/usr/bin/${c}\n`).join('')}`);
  });

  it('refuses what it cannot find, and bad options, as bash does', () => {
    const t = testHost();
    let r = t.run('hash nope');
    expect([r.stderr, r.exitCode]).toEqual(['bash: hash: nope: not found\n', 1]);
    r = t.run('hash -t ls');
    expect([r.stderr, r.exitCode]).toEqual(['bash: hash: ls: not found\n', 1]);
    r = t.run('hash -d ls');
    expect([r.stderr, r.exitCode]).toEqual(['bash: hash: ls: not found\n', 1]);
    r = t.run('hash -x');
    expect([r.stderr, r.exitCode]).toEqual(['bash: hash: -x: invalid option\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n', 2]);
    expect(t.run('hash cd echo; hash').stdout).toBe('hash: hash table empty\n');
  });

  it('runs a remembered path without searching PATH again: a program removed since is "No such file or directory" (127)', () => {
    const t = testHost();
    t.run('mkdir -p /tmp/bin && cp /usr/bin/ls /tmp/bin/myls && PATH=/tmp/bin:$PATH');
    expect(t.run('myls / >/dev/null').exitCode).toBe(0);
    t.run('rm /tmp/bin/myls; cp /usr/bin/ls /usr/local/bin/myls');
    const r = t.run('myls /');
    expect([r.stderr, r.exitCode]).toEqual(['bash: /tmp/bin/myls: No such file or directory\n', 127]);
    // Emptied (hash -r, or PATH changed), the next run searches again.
    t.run('hash -r');
    expect(t.run('myls / >/dev/null').exitCode).toBe(0);
    expect(t.run('hash -t myls').stdout).toBe('/usr/local/bin/myls\n');
    t.run('PATH=/usr/bin:/bin');
    expect(t.run('hash').stdout).toBe('hash: hash table empty\n');
  });

  it('a remembered run does not search PATH (a program put earlier in PATH since is not seen); a temporary PATH neither uses nor fills the table', () => {
    const t = testHost();
    t.run('ls / >/dev/null');
    t.run(`printf '#!/bin/sh\\necho mine\\n' > /usr/local/bin/ls; chmod +x /usr/local/bin/ls`);
    expect(t.run('ls -d /').stdout).toBe('/\n');
    t.run('hash -r');
    expect(t.run('ls -d /').stdout).toBe('mine\n');
    t.run('PATH=/bin cat /dev/null');
    expect(t.run('hash -t cat').stderr).toBe('bash: hash: cat: not found\n');
  });

  it('-p remembers a given path, -d forgets one', () => {
    const t = testHost();
    t.run('hash -p /bin/ls myls');
    expect(t.run('hash -t myls').stdout).toBe('/bin/ls\n');
    expect(t.run('myls -d /').stdout).toBe('/\n');
    expect(t.run('hash -d myls; hash').stdout).toBe('hash: hash table empty\n');
  });
});

describe('the command table (dash, busybox ash)', () => {
  it('dash lists paths in its cmdtable order and calls them tracked aliases', () => {
    const t = testHost();
    const r = t.run(`dash -c 'for c in cp mv rm ln mkdir rmdir touch; do hash $c; done; hash; cat </dev/null; type cat; hash nope'`);
    expect(r.stdout).toBe('/usr/bin/rm\n/usr/bin/rmdir\n/usr/bin/mkdir\n/usr/bin/touch\n/usr/bin/mv\n/usr/bin/ln\n/usr/bin/cp\ncat is a tracked alias for /usr/bin/cat\n');
    expect(r.stderr).toBe('dash: 1: hash: nope: not found\n');
  });
});
