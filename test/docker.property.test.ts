/**
 * Property tests of Docker on the simulated host, through the docker CLI:
 * - random docker command lines (real subcommands and flags mixed with
 *   garbage) never throw, and fail the way Docker fails: a status from
 *   Docker's set, a message on stderr, and nothing of the implementation
 *   leaking into the text (undefined, NaN, [object Object], stack traces);
 * - random sequences of container, network and volume commands keep the
 *   kernel's invariants, and once everything is removed the host is back to
 *   its booted shape: no container processes, cgroups, veths, overlay mounts,
 *   DNAT rules or docker-proxy processes left behind.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHost, type Host } from '../src/sim/host/host.ts';
import { kernelInvariantViolations } from '../src/sim/kernel/invariants.ts';

const SUBCOMMANDS = [
  'run', 'create', 'start', 'stop', 'restart', 'kill', 'rm', 'ps', 'logs', 'exec', 'inspect', 'pause', 'unpause', 'top',
  'port', 'rename', 'update', 'wait', 'diff', 'images', 'pull', 'rmi', 'tag', 'history', 'network', 'volume', 'system',
  'container', 'image', 'info', 'version', 'stats', 'cp', 'commit', 'events', 'login', 'search', 'frobnicate', '',
];
const WORDS = [
  '-d', '-it', '--rm', '--name', 'web', 'c1', 'alpine', 'nginx', 'busybox:1.36', 'NoSuchImage', 'ubuntu:99', '-p', '8080:80',
  '-p', '99999:80', '-m', '64m', '-m', 'lots', '--cpus', '0.5', '--cpus', 'x', '-e', 'A=1', '-v', 'data:/data', '--network',
  'none', '--network', 'nosuchnet', 'sleep', '1000', 'echo', 'hi', 'ls', 'create', 'rm', 'ls', 'prune', '-f', '-a', '-q',
  '--format', '{{.Names}}', '--format', '{{.Nope', '--filter', 'status=running', '--filter', 'bogus', '-t', '0', '--',
  '--no-such-flag', '-Z', 'sh', '-c', 'exit 3', '"', "'", '$(x)', 'connect', 'disconnect', 'inspect', 'net1', 'vol1',
];

/** Exit statuses Docker's CLI gives: 0, 1 (daemon/API errors), 125 (docker run itself failed), 126/127 (the command
 *  could not run), 128+n (the container's process died of a signal), or the container's own status (0-255). */
const isDockerStatus = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;

/** What a message leaking from the simulator's implementation (not Docker's wording) looks like. */
const LEAK = /\bundefined\b|\[object \w+\]|\bNaN\b|TypeError|ReferenceError|\.ts:\d+/;

describe('random docker command lines', () => {
  it('never throw, and fail with a Docker-shaped message and status', () => {
    const h = createHost({ seed: 11 });
    h.run('docker pull alpine');
    fc.assert(
      fc.property(fc.constantFrom(...SUBCOMMANDS), fc.array(fc.constantFrom(...WORDS), { maxLength: 7 }), (sub, words) => {
        const line = `docker ${sub} ${words.join(' ')}`;
        const r = h.run(line);
        if (!isDockerStatus(r.exitCode)) throw new Error(`${line}: exit ${r.exitCode}`);
        // A failure of the CLI or the daemon says why on stderr (only a container's own program may fail silently).
        if (r.exitCode === 125 && r.stderr.trim() === '') throw new Error(`${line}: exit 125 with nothing on stderr`);
        if (r.exitCode === 1 && r.stderr.trim() === '' && !['run', 'exec', 'start', 'container', 'wait', 'events', 'logs'].includes(sub)) {
          throw new Error(`${line}: exit 1 with nothing on stderr`);
        }
        if (LEAK.test(r.output)) throw new Error(`${line}: ${JSON.stringify(r.output)}`);
        const v = kernelInvariantViolations(h.kernel.state);
        if (v.length) throw new Error(`after ${line}:\n${v.join('\n')}`);
      }),
      { numRuns: 250 },
    );
  });
});

const NAMES = ['ca', 'cb', 'cc'];
const LIFECYCLE = [
  ...NAMES.flatMap((n) => [
    `docker run -d --name ${n} alpine sleep 1000`,
    `docker run -d --name ${n} -p 80${NAMES.indexOf(n)}0:80 nginx`,
    `docker run -d --name ${n} --network net1 -v vol1:/data alpine sleep 1000`,
    `docker run -d --name ${n} -m 32m --pids-limit 20 alpine sh -c "sleep 2"`,
    `docker create --name ${n} alpine true`,
    `docker start ${n}`,
    `docker stop -t 1 ${n}`,
    `docker kill ${n}`,
    `docker pause ${n}`,
    `docker unpause ${n}`,
    `docker restart -t 0 ${n}`,
    `docker rm ${n}`,
    `docker rm -f ${n}`,
    `docker network connect net1 ${n}`,
    `docker network disconnect net1 ${n}`,
    `docker exec ${n} sleep 1`,
  ]),
  'docker network create net1',
  'docker network rm net1',
  'docker volume create vol1',
  'docker volume rm vol1',
  'sleep 3',
];

interface Shape {
  procs: number;
  links: string[];
  mounts: number;
  cgroups: number;
  dnat: number;
}

function shape(h: Host): Shape {
  const s = h.kernel.state;
  const hostNet = s.net.byNs[s.ns.initial.net];
  const nat = h.run('iptables -t nat -S DOCKER').stdout.split('\n').filter((l) => l.includes('DNAT'));
  return {
    procs: Object.keys(s.proc.byPid).length,
    links: Object.values(hostNet?.links ?? {}).map((l) => l.name).sort(),
    mounts: h.run('cat /proc/self/mountinfo').stdout.split('\n').length,
    cgroups: h.run('find /sys/fs/cgroup/system.slice -maxdepth 1 -name "docker-*"').stdout.split('\n').filter(Boolean).length,
    dnat: nat.length,
  };
}

describe('random lifecycle sequences through the CLI', () => {
  it('the shape sees a container: its processes, veth, overlay mount, cgroup and DNAT rule', () => {
    const h = createHost({ seed: 12 });
    h.run('docker pull nginx');
    const before = shape(h);
    h.run('docker run -d --name ca -p 8000:80 nginx');
    const during = shape(h);
    expect(during.procs).toBeGreaterThan(before.procs);
    expect(during.links.length).toBe(before.links.length + 1);
    expect(during.mounts).toBeGreaterThan(before.mounts);
    expect(during.cgroups).toBe(before.cgroups + 1);
    expect(during.dnat).toBe(before.dnat + 1);
    h.run('docker rm -f ca');
    expect(shape(h)).toEqual(before);
  });
  it('keep the invariants, and leave nothing behind once everything is removed', () => {
    const base = createHost({ seed: 12 });
    base.run('docker pull alpine');
    base.run('docker pull nginx');
    const snap = base.snapshot();
    const before = shape(base);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LIFECYCLE), { minLength: 1, maxLength: 14 }), (cmds) => {
        const h = createHost({ seed: 12 });
        h.restore(snap);
        for (const c of cmds) {
          const r = h.run(c);
          if (!isDockerStatus(r.exitCode)) throw new Error(`${c}: exit ${r.exitCode}`);
          const v = kernelInvariantViolations(h.kernel.state);
          if (v.length) throw new Error(`after ${c} in ${JSON.stringify(cmds)}:\n${v.join('\n')}`);
        }
        h.run('docker rm -f ca cb cc');
        h.run('docker network rm net1');
        h.run('docker volume rm vol1');
        h.advance(1000);
        const after = shape(h);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          throw new Error(`left behind after ${JSON.stringify(cmds)}:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`);
        }
      }),
      { numRuns: 30 },
    );
  });
});
