/**
 * Property tests at the host level: random sequences of commands typed at the
 * root shell keep the kernel's invariants, and random input never throws.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHost } from '../src/sim/host/host.ts';
import { kernelInvariantViolations } from '../src/sim/kernel/invariants.ts';

const COMMANDS = [
  'sleep 100 &',
  'sleep 2',
  'kill %1',
  'kill -9 $!',
  'unshare --pid --fork --mount-proc sleep 50 &',
  'unshare --net --uts --ipc sleep 30 &',
  'unshare --user --map-root-user sleep 20 &',
  'unshare --mount --fork sh -c "mount -t tmpfs none /mnt; sleep 10" &',
  'mkdir -p /sys/fs/cgroup/demo',
  'echo 20M > /sys/fs/cgroup/demo/memory.max',
  'echo 3 > /sys/fs/cgroup/demo/pids.max',
  'sh -c "echo \\$\\$ > /sys/fs/cgroup/demo/cgroup.procs; sleep 40" &',
  'rmdir /sys/fs/cgroup/demo',
  'ip netns add blue',
  'ip netns del blue',
  'ip link add veth-a type veth peer name veth-b',
  'ip link del veth-a',
  'hostname h$RANDOM',
  'ps -ef > /dev/null',
  'wait',
  'jobs',
];

describe('host invariants under random command sequences', () => {
  it('hold after every command', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMMANDS), { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 120_000 }), (cmds, ms) => {
        const h = createHost({ seed: 5 });
        for (const c of cmds) {
          h.run(c);
          const v = kernelInvariantViolations(h.kernel.state);
          if (v.length) throw new Error(`after ${JSON.stringify(c)} in ${JSON.stringify(cmds)}:\n${v.join('\n')}`);
        }
        h.advance(ms);
        expect(kernelInvariantViolations(h.kernel.state)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('random input at the shell', () => {
  it('never throws and always yields an exit status', () => {
    const h = createHost({ seed: 9 });
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (line) => {
        const r = h.run(line);
        expect(Number.isInteger(r.exitCode)).toBe(true);
        expect(r.exitCode).toBeGreaterThanOrEqual(0);
        expect(r.exitCode).toBeLessThan(256);
      }),
      { numRuns: 400 },
    );
  });
});
