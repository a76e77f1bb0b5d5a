/**
 * npm run fuzz: random command lines typed at fresh hosts, to find what the property tests' small
 * vocabularies miss. Each host (one per seed) pulls alpine, starts a container c1 and takes 25 lines:
 * real program names with words from a pool (flags, paths, values, shell syntax), docker subcommands
 * with docker words, `docker run` with flag/value pairs, and `docker exec c1 ...`; virtual time moves
 * on now and then. After each line it checks that nothing threw, the status is 0-255, no text of the
 * implementation leaked (undefined, NaN, [object ...], a stack), the kernel's invariants hold, and the
 * line took under 3 s. Each distinct finding is printed once; the exit status is 1 if there were any.
 *
 *   npm run fuzz -- [--minutes 10] [--seed 1] [--trace]
 *
 * --trace prints every line to stderr before it runs: a run that stops making progress (a line that
 * never ends) is found by rerunning the last seed printed with --trace. Session 13's runs found the
 * heap-filling `docker exec c1 yes`, the endless `chmod -R 777 /proc`, and leaked texts (mount, ping).
 */
import { createHost, type Host } from '../src/sim/host/host.ts';
import { kernelInvariantViolations } from '../src/sim/kernel/invariants.ts';

const PROGS = 'apt apt-get awk base64 basename bash capsh cat chgrp chmod chown chroot clear ctr curl cut dash date dd df dirname dmesg docker du echo env false find findmnt free getpcaps grep groups gzip head hostname id ip journalctl kill killall less ln ls lscpu lsns mkdir mknod mktemp mount mv nc nl nproc nsenter nslookup paste pgrep pidof ping pkill printenv printf ps pstree pwd python3 readlink realpath rev rm rmdir runc sed seq setpriv sh sleep sort ss stat su sudo systemctl tac tail tar tee test timeout top touch tr true tty umount uname uniq unshare uptime wc wget which whoami xargs yes brctl bridge iptables iptables-save losetup mkfs.ext4 pivot_root service sysctl tc useradd groupadd switch_root'.split(' ');
const ARGS = ['-a', '-l', '-n', '-e', '-f', '-p', '-t', '-9', '-c', '1', '0', '-1', '99999999999', '/', '/proc', '/proc/1/status', '/sys/fs/cgroup', '/etc/passwd', '/tmp/x', '/dev/null', 'x', '..', '.', '*', '--help', '--version', '-h', 'link', 'addr', 'add', 'del', 'show', 'route', 'netns', 'veth0', 'type', 'veth', 'peer', 'name', 'eth0', 'lo', '-t', 'nat', '-L', '-A', 'INPUT', '-j', 'DROP', '--pid', '--net', '--fork', '--mount-proc', '-m', '-u', '-i', '--target', '1', 'sleep', '100', 'echo', 'hi', '|', '>', '/tmp/o', '<', '&&', '||', ';', '&', '$(id)', '`ls`', '"', "'", '\\', '$?', '$$', '!', '{a,b}', '~', '=', 'a=b', '-o', 'pid,comm', 's/a/b/', '{print $1}', 'localhost', '8.8.8.8', 'example.com', 'http://localhost:80/', '-w', '-q', '--', '-', '-x', 'status', 'docker', 'start', 'stop', 'tmpfs', 'none', '/mnt', 'cap_sys_admin', '--drop=cap_net_raw', '+ep', '-r', '-R', '777', 'root:root', '%1', '2>&1', '\t', '   '];
const DOCKER = ['run', 'create', 'start', 'stop', 'restart', 'kill', 'rm', 'ps', 'logs', 'exec', 'inspect', 'pause', 'unpause', 'top', 'port', 'rename', 'update', 'wait', 'diff', 'images', 'pull', 'rmi', 'tag', 'history', 'network', 'volume', 'system', 'container', 'image', 'info', 'version', 'stats', 'cp', 'commit', 'login', 'logout', 'search', 'push', 'save', 'load', 'import', 'export', 'build', 'builder', 'context', 'attach', 'buildx', 'compose', 'swarm', 'node', 'service', 'plugin', 'manifest', 'trust', 'checkpoint', 'config', 'secret', 'stack', 'df', 'prune', 'ls'];
const DWORDS = ['-d', '-it', '-i', '-t', '--rm', '--name', 'web', 'c1', 'alpine', 'nginx', 'busybox', 'ubuntu:22.04', 'hello-world', 'redis', 'NoSuch', 'ALPINE', 'a:b:c', '@sha256:x', '-p', '8080:80', '-p', '80', '-P', '-p', '1.2.3.4:9:9/udp', '-m', '64m', '-m', '1b', '--memory-swap', '-1', '--cpus', '0.5', '--cpus', '99', '--cpu-shares', '2', '-e', 'A=1', '-e', '=x', '--env-file', '/etc/passwd', '-v', 'data:/data', '-v', '/tmp:/t:ro', '-v', 'relative:/x', '--mount', 'type=bind,src=/tmp,dst=/m', '--mount', 'type=tmpfs,dst=/t', '--mount', 'bogus', '--tmpfs', '/run', '--network', 'none', '--network', 'host', '--network', 'net1', '--network-alias', 'db', '--ip', '10.0.0.1', '--dns', '1.1.1.1', '--add-host', 'a:1.2.3.4', '--link', 'c1:x', '--pid', 'host', '--uts', 'host', '--ipc', 'host', '--userns', 'host', '--privileged', '--cap-add', 'NET_ADMIN', '--cap-drop', 'ALL', '--cap-add', 'BOGUS', '--security-opt', 'no-new-privileges', '--read-only', '--restart', 'always', '--restart', 'on-failure:3', '--restart', 'nope', '--init', '--entrypoint', 'sh', '--label', 'a=b', '--stop-signal', 'SIGUSR1', '--stop-timeout', '3', '--health-cmd', 'true', '--platform', 'linux/arm64', '-u', '1000', '-u', 'nobody', '-w', '/tmp', '-h', 'box', '--pids-limit', '5', '--cpuset-cpus', '0-3', 'sleep', '1000', 'echo', 'hi', 'ls', 'create', 'connect', 'disconnect', 'inspect', 'rm', 'ls', 'prune', '-f', '-a', '-q', '--no-trunc', '-s', '--format', '{{.Names}}', '--format', '{{json .}}', '--format', 'table {{.ID}}\t{{.Status}}', '--format', '{{.Nope', '--format', '{{range .Mounts}}{{.Source}}{{end}}', '--filter', 'status=running', '--filter', 'name=c', '--filter', 'bogus', '-t', '0', '--tail', '2', '--since', '1m', '--timestamps', '--', '--no-such-flag', '-Z', 'sh', '-c', 'exit 3', 'cat /proc/1/status', 'c1:/etc/hosts', '/tmp/', '-o', '/tmp/i.tar', '/tmp/i.tar', '.', '-', 'vol1', 'net1', '--driver', 'bridge', '--subnet', '10.9.0.0/16', '--subnet', 'x', '--internal', 'df', '-v', 'events', '--until', '0s', 'sha256:', '--help'];
const UNITS = ['-d', '-it', '-i', '-t', '--rm', '--name c2', '--name web', '-p 8080:80', '-p 80', '-P', '-p 127.0.0.1:9000:9000/udp', '-m 64m', '-m 6m', '--memory-swap 128m', '--cpus 0.5', '--cpu-shares 512', '-e A=1', '--env-file /etc/hostname', '-v data:/data', '-v /tmp:/t:ro', '--mount type=bind,src=/tmp,dst=/m', '--mount type=volume,dst=/v', '--tmpfs /run', '--network none', '--network host', '--network net1', '--network-alias db', '--ip 172.30.0.9', '--dns 1.1.1.1', '--add-host a:1.2.3.4', '--link c1:x', '--pid host', '--pid container:c1', '--uts host', '--ipc host', '--ipc container:c1', '--userns host', '--privileged', '--cap-add NET_ADMIN', '--cap-drop ALL', '--cap-drop NET_RAW', '--security-opt no-new-privileges', '--read-only', '--restart always', '--restart on-failure:3', '--init', '--entrypoint sh', '--label a=b', '--stop-signal SIGUSR1', '--stop-timeout 3', '--health-cmd true', '--health-interval 1s', '--platform linux/amd64', '-u 1000', '-u nobody', '-w /tmp', '-h box', '--pids-limit 5', '--cpuset-cpus 0', '--expose 9000', '--oom-kill-disable', '--shm-size 1m'];
const IMAGES = ['alpine', 'busybox', 'nginx', 'redis', 'ubuntu', 'hello-world', 'debian', 'python:3', 'node', 'httpd', 'postgres', 'registry:2'];
const CMDS = ['', 'sleep 1000', 'true', 'false', 'sh -c "exit 7"', 'id', 'ps', 'ls /', 'cat /proc/self/status', 'ip addr', 'hostname', 'ping -c 1 c1', 'ping -c 1 example.com', 'wget -qO- http://c1', 'nosuchcmd', '/etc/passwd', 'cat /sys/fs/cgroup/memory.max', 'sh -c "tail /dev/zero"', 'sh -c "while true; do :; done"', 'mount -t tmpfs x /mnt', 'ip link add d type dummy', 'touch /x', 'sh -c "echo hi > /data/f"'];
const LEAK = /\bundefined\b|\[object \w+\]|\bNaN\b|TypeError|ReferenceError|RangeError|\.ts:\d+|Infinity/;
const SLOW_MS = 3000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const minutes = arg('--minutes', 10);
const trace = process.argv.includes('--trace');
let seed = arg('--seed', 1) - 1;

const seen = new Set<string>();
function report(kind: string, line: string, detail: string): void {
  const key = `${kind}:${detail.slice(0, 120)}`;
  if (seen.has(key)) return;
  seen.add(key);
  console.log(`## ${kind} (seed ${seed})\n$ ${line}\n${detail.slice(0, 1500)}\n`);
}

function check(h: Host, line: string): void {
  let r;
  try {
    r = h.run(line);
  } catch (e) {
    report('THROW', line, String((e as Error)?.stack ?? e));
    return;
  }
  if (!Number.isInteger(r.exitCode) || r.exitCode < 0 || r.exitCode > 255) report('STATUS', line, String(r.exitCode));
  if (LEAK.test(r.output)) report('LEAK', line, r.output);
  const v = kernelInvariantViolations(h.kernel.state);
  if (v.length) report('INVARIANT', line, v.join('\n'));
}

/** mulberry32: the same seed gives the same lines. */
function rng(s: number): () => number {
  let a = Math.imul(s, 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;
const words = (n: number, pool: readonly string[], r: () => number): string[] => Array.from({ length: n }, () => pick(pool, r));

function lineFor(k: number, r: () => number): string {
  if (k === 3) return 'docker run -d --name c1 alpine sleep 1000';
  if (k === 6 && r() < 0.5) return 'docker network create --subnet 172.30.0.0/16 net1';
  const kind = r();
  const n = Math.floor(r() * 6);
  if (kind < 0.35) return [pick(PROGS, r), ...words(n, ARGS, r)].join(' ');
  if (kind < 0.6) return ['docker', pick(DOCKER, r), ...words(n + 1, DWORDS, r)].join(' ');
  if (kind < 0.7) return ['docker exec c1', pick(PROGS, r), ...words(n, ARGS, r)].join(' ');
  return ['docker run', ...words(n, UNITS, r), pick(IMAGES, r), pick(CMDS, r)].join(' ');
}

const deadline = Date.now() + minutes * 60_000;
let lines = 0;
while (Date.now() < deadline) {
  seed++;
  const h = createHost({ seed });
  h.run('docker pull alpine');
  const r = rng(seed);
  for (let k = 0; k < 25; k++) {
    const line = lineFor(k, r);
    if (trace) console.error(`${seed} ${line}`);
    const t0 = Date.now();
    check(h, line);
    if (Date.now() - t0 > SLOW_MS) report('SLOW', line, `${Date.now() - t0} ms`);
    lines++;
    if (r() < 0.1) h.advance(Math.floor(r() * 20000));
  }
}
console.log(`fuzz: ${lines} lines on ${seed - arg('--seed', 1) + 1} hosts (seeds ${arg('--seed', 1)}-${seed}), ${seen.size} distinct findings`);
process.exitCode = seen.size ? 1 : 0;
