import { describe, expect, it } from 'vitest';
import { parseScript, runScript, formatJson, formatTranscript } from '../src/node/script-runner.ts';

describe('parseScript', () => {
  it('skips comments and blank lines, attaches indented lines as keystrokes', () => {
    const steps = parseScript('# c\n\nunshare --uts bash\n  hostname x\n  ^D\necho hi\n');
    expect(steps).toEqual([
      { command: 'unshare --uts bash', line: 3, keys: ['hostname x\r', '\x04'], typed: ['hostname x', '^D'] },
      { command: 'echo hi', line: 6, keys: [], typed: [] },
    ]);
  });
  it('maps ^C and ^P^Q to their control characters', () => {
    const [s] = parseScript('docker attach web\n  ^P^Q\n  ^C\n');
    expect(s?.keys).toEqual(['\x10\x11', '\x03']);
  });
});

describe('runScript', () => {
  it('gives exit codes and output per line', () => {
    const r = runScript('t.sh', 'echo hi\nfalse\nnosuchcmd\n');
    expect(r.steps.map((s) => [s.stdout, s.exitCode])).toEqual([
      ['hi\n', 0],
      ['', 1],
      ['', 127],
    ]);
    expect(r.steps[2]?.stderr).toBe('bash: nosuchcmd: command not found\n');
  });

  it('advances the clock 1 s per command, or as long as the command waits', () => {
    const r = runScript('t.sh', 'cat /proc/uptime\nsleep 5\ncat /proc/uptime\n');
    const up = r.steps.map((s) => parseFloat(s.stdout));
    expect((up[2] as number) - (up[0] as number)).toBeCloseTo(6, 1);
  });

  it('types indented lines into the interactive program, on a terminal', () => {
    const r = runScript('t.sh', 'bash\n  echo inside $$\n  exit 3\necho after\n');
    expect(r.steps[0]?.interactive).toBe(true);
    expect(r.steps[0]?.stdout).toMatch(/inside \d+/);
    expect(r.steps[0]?.exitCode).toBe(3);
    expect(r.steps[1]?.stdout).toBe('after\n');
  });

  it('waits, as a person would, for work a typed line started in a container before typing the next', () => {
    const r = runScript('t.sh', 'docker pull ubuntu\ndocker run -it --rm ubuntu bash\n  apt-get update | tail -1\n  sleep 3; echo slept\n  exit\n');
    const out = r.steps[1]?.stdout ?? '';
    expect(out).toContain('# apt-get update | tail -1\nReading package lists...\n');
    expect(out).toContain('# sleep 3; echo slept\nslept\n');
    expect(r.steps[1]?.exitCode).toBe(0);
  });

  it('formats a transcript and JSON lines', () => {
    const r = runScript('t.sh', 'echo a\n');
    expect(formatTranscript(r, false)).toBe('$ echo a\na\n');
    expect(JSON.parse(formatJson(r))).toEqual({ file: 't.sh', command: 'echo a', stdout: 'a\n', stderr: '', exitCode: 0 });
  });
});
