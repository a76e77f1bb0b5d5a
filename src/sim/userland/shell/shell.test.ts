import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';

const h = () => testHost();

describe('shell semantics (bash flavour at the host root shell)', () => {
  it('expands parameters, quotes and special parameters', () => {
    const t = h();
    expect(t.run('x="a  b"; echo $x "$x" \'$x\' \\$x').stdout).toBe('a b a  b $x $x\n');
    expect(t.run('set -- one "two three"; echo $# "$1" "$2"; for a in "$@"; do echo "[$a]"; done').stdout).toBe('2 one two three\n[one]\n[two three]\n');
    expect(t.run('echo ${unset:-dflt} ${HOME:+set} ${#HOME}').stdout).toBe('dflt set 5\n');
    expect(t.run('f=archive.tar.gz; echo ${f%.gz} ${f%%.*} ${f#*.} ${f##*.}').stdout).toBe('archive.tar archive tar.gz gz\n');
    expect(t.run('false; echo $?; true; echo $?').stdout).toBe('1\n0\n');
  });

  it('does arithmetic and command substitution', () => {
    const t = h();
    expect(t.run('i=3; echo $((i * 2 + 1)) $(( (1<<4) % 5 ))').stdout).toBe('7 1\n');
    expect(t.run('echo "$(echo inner; echo two)" `echo bq`').stdout).toBe('inner\ntwo bq\n');
    const r = t.run('echo $((1/0))');
    expect(r.stderr).toBe('bash: 1/0: division by 0 (error token is "0")\n');
  });

  it('runs compound commands, functions and loops with break/continue', () => {
    const t = h();
    const r = t.run('f() { local x=$1; [ "$x" -gt 2 ] && return 7; echo "f$x"; }; for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; f $i || { echo "ret $?"; break; }; done');
    expect(r.stdout).toBe('f1\nret 7\n');
    expect(t.run('n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n; until [ $n = 0 ]; do n=$((n-1)); done; echo $n').stdout).toBe('3\n0\n');
    expect(t.run('case foo.txt in *.md) echo md;; *.txt|*.text) echo text;; esac').stdout).toBe('text\n');
  });

  it('wires pipelines, redirections and here-documents', () => {
    const t = h();
    expect(t.run('printf "b\\na\\nb\\n" | sort | uniq -c').stdout).toBe('      1 a\n      2 b\n');
    expect(t.run('echo one > /tmp/o; echo two >> /tmp/o; cat < /tmp/o; wc -l < /tmp/o').stdout).toBe('one\ntwo\n2\n');
    expect(t.run('ls /nope 2>/dev/null; echo $?').stdout).toBe('2\n');
    expect(t.run('ls /nope 2>&1 | tr a-z A-Z').stdout).toBe("LS: CANNOT ACCESS '/NOPE': NO SUCH FILE OR DIRECTORY\n");
    expect(t.run('name=sim; cat <<EOF\nhi $name\nEOF\ncat <<-"X"\n\tliteral $name\n\tX').stdout).toBe('hi sim\nliteral $name\n');
    expect(t.run('while read a b; do echo "$b-$a"; done <<< "1 2"').stdout).toBe('2-1\n');
  });

  it('reports missing commands, permission problems and syntax errors as bash does', () => {
    const t = h();
    expect(t.run('nosuchcmd')).toMatchObject({ exitCode: 127, stderr: 'bash: nosuchcmd: command not found\n' });
    expect(t.run('/etc/passwd')).toMatchObject({ exitCode: 126, stderr: 'bash: /etc/passwd: Permission denied\n' });
    expect(t.run('/etc')).toMatchObject({ exitCode: 126, stderr: 'bash: /etc: Is a directory\n' });
    expect(t.run('./nope')).toMatchObject({ exitCode: 127, stderr: 'bash: ./nope: No such file or directory\n' });
    expect(t.run('cd /x')).toMatchObject({ exitCode: 1, stderr: 'bash: cd: /x: No such file or directory\n' });
    expect(t.run('fi')).toMatchObject({ exitCode: 2, stderr: "bash: syntax error near unexpected token `fi'\n" });
  });

  it('keeps state between lines: variables, functions, cwd, aliases from ~/.bashrc', () => {
    const t = h();
    t.run('export GREETING=hello; g() { echo "$GREETING $1"; }; cd /etc');
    expect(t.run('g world; pwd').stdout).toBe('hello world\n/etc\n');
    expect(t.run('env | grep GREETING').stdout).toBe('GREETING=hello\n');
    expect(t.run('alias ls').stdout).toBe("alias ls='ls --color=auto'\n");
    expect(t.run('cd; pwd').stdout).toBe('/root\n');
  });

  it('runs set -e, traps and scripts', () => {
    const t = h();
    t.run("printf '#!/bin/bash\\nset -e\\ntrap \"echo bye\" EXIT\\necho start \"$1\"\\nfalse\\necho never\\n' > /tmp/s.sh; chmod +x /tmp/s.sh");
    expect(t.run('/tmp/s.sh arg')).toMatchObject({ stdout: 'start arg\nbye\n', exitCode: 1 });
    expect(t.run('bash -c \'exit 5\'; echo $?').stdout).toBe('5\n');
    expect(t.run('sh -c "echo \\$0 \\$1" zero one').stdout).toBe('zero one\n');
  });

  it('moves virtual time for a foreground sleep and keeps background jobs as processes', () => {
    const t = h();
    const before = t.k.uptimeMs;
    expect(t.run('sleep 3; echo woke').stdout).toBe('woke\n');
    expect(t.k.uptimeMs - before).toBe(3000);
    t.run('sleep 10 &');
    const bg = Object.values(t.k.state.proc.byPid).find((p) => p.comm === 'sleep');
    expect(bg?.wait).toMatchObject({ kind: 'timer' });
    expect(t.run('echo $!').stdout).toBe(`${bg?.pid}\n`);
    expect(t.run('wait; echo waited').stdout).toBe('waited\n');
    expect(t.k.proc(bg?.pid ?? 0)).toBeUndefined();
  });

  it('reports a foreground job that waits forever as blocked', () => {
    const t = h();
    const r = t.run('tail -f /etc/hostname');
    expect(r.status).toBe('blocked');
    expect(r.stdout).toBe('docker-host\n');
  });

  it('stops a writer whose pipe is full as if by SIGPIPE (yes | head)', () => {
    const t = h();
    expect(t.run('yes | head -n 2; echo ${PIPESTATUS:-done}')).toMatchObject({ stdout: 'y\ny\ndone\n', status: 'done' });
  });

  it('survives a snapshot and restore in the middle of a background loop', () => {
    const t = h();
    t.run('(for i in 1 2 3; do echo $i >> /tmp/loop; sleep 1; done) &');
    const snap = JSON.parse(JSON.stringify({ k: t.k.state, ul: t.ul.snapshot() }));
    const t2 = h();
    t2.k.state = snap.k;
    t2.ul.restore(snap.ul);
    t2.run('sleep 5');
    expect(t2.run('cat /tmp/loop').stdout).toBe('1\n2\n3\n');
  });
});

describe('signals and traps', () => {
  it('runs a TERM trap sent from outside once the foreground sleep returns (docker stop on a shell loop)', async () => {
    const { sendSignal } = await import('../../kernel/process/signal.ts');
    const { advanceTime } = await import('../../kernel/time.ts');
    const t = h();
    t.run(`sh -c 'trap "echo bye > /tmp/t; exit 0" TERM; while true; do sleep 1; done' &`);
    const loop = Object.values(t.k.state.proc.byPid).find((p) => p.argv[0] === 'sh');
    expect(loop?.caught).toContain(15);
    sendSignal(t.k, 1, loop?.pid ?? 0, 15);
    t.ul.drain();
    expect(t.k.proc(loop?.pid ?? 0)?.state).not.toBe('Z');
    advanceTime(t.k, 1000);
    t.ul.drain();
    expect(t.run('cat /tmp/t').stdout).toBe('bye\n');
    expect(t.k.proc(loop?.pid ?? 0)).toBeUndefined();
    expect(t.ul.exitStatus[loop?.pid ?? 0]).toBe(0);
  });

  it('dies of SIGTERM without a trap, and the shell reports 143', () => {
    const t = h();
    t.run('sleep 50 &');
    expect(t.run('kill $!; wait $!; echo $?').stdout).toBe('143\n');
  });
});

describe('busybox ash flavour', () => {
  it('words errors as ash does', () => {
    const t = h();
    t.run('mkdir -p /bb/bin');
    t.run("printf '\\177ELF\\002\\001\\001\\000sim:busybox\\n' > /bb/bin/busybox; chmod 755 /bb/bin/busybox; ln -s busybox /bb/bin/sh");
    const r = t.run('/bb/bin/sh -c "nosuch; cd /x; echo \\$?"');
    expect(r.stderr).toBe("sh: nosuch: not found\nsh: cd: can't cd to /x: No such file or directory\n");
    expect(r.stdout).toBe('2\n');
    expect(t.run('/bb/bin/sh -c "fi"').stderr).toBe('sh: syntax error: unexpected "fi"\n');
  });
});

describe('signal notices', () => {
  it('only for a child that died of a signal, not for an exit status above 128', async () => {
    const { createHost } = await import('../../host/host.ts');
    const h = createHost({ seed: 2 });
    expect(h.run('sh -c "exit 143"')).toMatchObject({ exitCode: 143, stderr: '' });
    expect(h.run('sh -c "kill -TERM \\$\\$"').stderr).toBe('Terminated\n');
    expect(h.run("bash -c 'sh -c \"kill -9 \\$\\$\"; echo after'").stderr).toMatch(/^bash:\s+\d+ Killed {18}sh -c kill -9 \$\$\n$/);
  });
});

describe('wait for a background job that already ended', () => {
  it('gives $!\'s status once (POSIX; bash keeps it after the job notice), then knows the pid no more', () => {
    const t = h();
    t.run('sleep 200 &');
    t.run('kill -INT $!');
    t.run('sleep 1');
    expect(t.run('wait $!').exitCode).toBe(130);
    expect(t.run('wait $!')).toMatchObject({ exitCode: 127, stderr: expect.stringMatching(/^bash: wait: pid \d+ is not a child of this shell\n$/) });
  });
});

describe('pipes carry more than their 64 KiB buffer', () => {
  it('a writer blocks on a full pipe until the reader takes it, so nothing is cut', () => {
    const t = h();
    expect(t.run('seq 1 100000 | wc -l').stdout).toBe('100000\n');
    expect(t.run('seq 1 100000 | tail -1').stdout).toBe('100000\n');
    expect(t.run('seq 1 200000 | cat | cat | wc -l').stdout).toBe('200000\n');
    expect(t.run('cat /dev/zero | head -c 1000000 | wc -c').stdout).toBe('1000000\n');
    expect(t.run('yes | head -100000 | wc -l').stdout).toBe('100000\n');
  });
  it('a blocked writer sleeps in write(2) (S), and dies of SIGPIPE once its reader is gone', () => {
    const t = h();
    t.run('seq 1 100000 | sleep 5 &');
    const ps = t.run('ps -o stat=,comm=').stdout;
    expect(ps).toMatch(/^S\s+seq$/m);
    expect(ps).toMatch(/^S\s+sleep$/m);
    t.run('sleep 6');
    expect(t.run('ps -o comm=').stdout).not.toMatch(/seq|sleep/);
    expect(t.run('seq 1 100000 | head -1').stdout).toBe('1\n');
  });
});
