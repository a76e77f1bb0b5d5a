import { describe, expect, it } from 'vitest';
import { testHost } from '../testkit.ts';
import { kAdvance } from '../kapi.ts';

describe('pgrep, pkill, pidof (procps-ng 4.0.2, sysvinit-utils)', () => {
  it('finds processes by name, full command line, user; never itself', () => {
    const t = testHost();
    t.run('sleep 100 & sleep 200 &');
    expect(t.run('pgrep sleep').stdout).toBe('12\n13\n');
    expect(t.run('pgrep -l sl').stdout).toBe('12 sleep\n13 sleep\n');
    expect(t.run('pgrep -a -f "sleep 2"').stdout).toBe('13 sleep 200\n');
    expect(t.run('pgrep -c -u root -x sleep').stdout).toBe('2\n');
    expect(t.run('pgrep pgrep')).toMatchObject({ exitCode: 1, stdout: '' });
    expect(t.run('pidof sleep').stdout).toBe('13 12\n');
    expect(t.run('pidof -s sleep').stdout).toBe('13\n');
    expect(t.run('pidof nosuch')).toMatchObject({ exitCode: 1, stdout: '' });
  });

  it('pkill sends the signal given anywhere on the line; errors as procps words them', () => {
    const t = testHost();
    t.run('sleep 100 & sleep 200 &');
    expect(t.run('pkill -e -n -KILL sleep').stdout).toBe('sleep killed (pid 13)\n');
    expect(t.run('pgrep sleep').stdout).toBe('12\n');
    expect(t.run('su learner -c "pkill -x cron"').stderr).toMatch(/^pkill: killing pid \d+ failed: Operation not permitted\n$/);
    expect(t.run('pgrep')).toMatchObject({ exitCode: 2, stderr: "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n" });
    expect(t.run('pgrep -u nobody2 x')).toMatchObject({ exitCode: 2, stderr: 'pgrep: invalid user name: nobody2\n' });
  });
});

describe('uptime (procps-ng 4.0.2)', () => {
  it('reads the virtual clock and /proc/loadavg', () => {
    const t = testHost();
    kAdvance(t.k, 26 * 3600_000 + 5 * 60_000);
    expect(t.run('uptime').stdout).toBe(' 11:05:00 up 1 day,  2:05,  1 user,  load average: 0.00, 0.00, 0.00\n');
    expect(t.run('uptime -p').stdout).toBe('up 1 day, 2 hours, 5 minutes\n');
    expect(t.run('uptime -s').stdout).toBe('2026-01-15 09:00:00\n');
  });
});
