import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { parseDuration } from './timeout.ts';

describe('timeout (coreutils 9.1)', () => {
  it('returns the command\'s status when it ends in time, 124 when the limit passes first', () => {
    const t = testHost();
    let t0 = t.k.uptimeMs;
    expect(t.run('timeout 5 sleep 1').exitCode).toBe(0);
    expect(t.k.uptimeMs - t0).toBe(1000);
    t0 = t.k.uptimeMs;
    expect(t.run('timeout 2 sleep 10; echo $?').stdout).toBe('124\n');
    expect(t.k.uptimeMs - t0).toBe(2000);
    expect(t.run('timeout 1 sh -c "exit 3"').exitCode).toBe(3);
    expect(t.run('ps -e | grep -c sleep').stdout).toBe('0\n');
  });

  it('escalates to SIGKILL with -k when the command ignores SIGTERM; reports bad input', () => {
    const t = testHost();
    const t0 = t.k.uptimeMs;
    expect(t.run("timeout -k 1 1 sh -c \"trap '' TERM; sleep 5\"").exitCode).toBe(137);
    expect(t.k.uptimeMs - t0).toBe(2000);
    expect(t.run('timeout 3 nosuch')).toMatchObject({ exitCode: 127, stderr: 'timeout: failed to run command ‘nosuch’: No such file or directory\n' });
    expect(t.run('timeout x sleep 1')).toMatchObject({ exitCode: 125, stderr: "timeout: invalid time interval ‘x’\nTry 'timeout --help' for more information.\n" });
    expect(parseDuration('1.5m')).toBe(90_000);
  });
});
