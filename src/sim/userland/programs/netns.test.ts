import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { fsWrite } from '../fsapi.ts';
import { marker } from '../install.ts';

function install(t: TestHost, path: string, id: string): void {
  fsWrite(t.k, 1, path, marker(id), { mode: 0o755 });
}

/** A named netns "blue" joined to the host by a veth pair: host 10.200.0.1, blue 10.200.0.2. */
function withBlue(): TestHost {
  const t = testHost();
  for (const line of [
    'ip netns add blue',
    'ip link add veth-h type veth peer name veth-b',
    'ip link set veth-b netns blue',
    'ip addr add 10.200.0.1/24 dev veth-h',
    'ip link set veth-h up',
    'ip netns exec blue ip addr add 10.200.0.2/24 dev veth-b',
    'ip netns exec blue ip link set veth-b up',
    'ip netns exec blue ip link set lo up',
  ]) {
    const r = t.run(line);
    expect(r, line).toMatchObject({ exitCode: 0, stderr: '' });
  }
  return t;
}

describe('ip netns', () => {
  it('adds, lists, execs in and deletes a named namespace pinned under /run/netns', () => {
    const t = testHost();
    expect(t.run('ip netns add red').exitCode).toBe(0);
    expect(t.run('ip netns list').stdout).toBe('red\n');
    expect(t.run('ls -l /run/netns').stdout).toMatch(/-r--r--r-- 1 root root 0 .* red\n/);
    const inner = t.run('ip netns exec red ip link').stdout;
    expect(inner).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
    const inum = t.ul.state.netns?.[`${t.k.proc(1)?.ns.mnt}:/run/netns/red`];
    expect(inum).toBeDefined();
    expect(t.k.state.ns.byInum[inum as number]).toBeDefined();
    expect(t.run('ip netns add red')).toMatchObject({ exitCode: 1, stderr: 'Cannot create namespace file "/run/netns/red": File exists\n' });
    expect(t.run('ip netns del red').exitCode).toBe(0);
    expect(t.k.state.ns.byInum[inum as number]).toBeUndefined();
    expect(t.run('ip netns exec red true')).toMatchObject({ exitCode: 255, stderr: 'Cannot open network namespace "red": No such file or directory\n' });
    expect(t.run('ip netns del red')).toMatchObject({ exitCode: 1, stderr: 'Cannot remove namespace file "/run/netns/red": No such file or directory\n' });
  });

  it('shows the peer id once a veth end lives there', () => {
    const t = withBlue();
    expect(t.run('ip netns list').stdout).toBe('blue (id: 0)\n');
    expect(t.run('ip netns exec blue ping -c 1 10.200.0.1').stdout).toMatch(/1 packets transmitted, 1 received/);
  });
});

describe('services reached through the kernel from another network namespace', () => {
  it('curl in blue reaches nginx on the host; wrong port is refused with curl 7.88 wording', () => {
    const t = withBlue();
    install(t, '/usr/sbin/nginx', 'nginx');
    t.run('mkdir -p /usr/share/nginx/html && echo ok > /usr/share/nginx/html/index.html');
    t.run("nginx -g 'daemon off;' > /tmp/access.log 2>/dev/null &");
    expect(t.run('ip netns exec blue curl -s http://10.200.0.1/').stdout).toBe('ok\n');
    expect(t.run('cat /tmp/access.log').stdout).toMatch(/^10\.200\.0\.2 - - \[/);
    const r = t.run('ip netns exec blue curl http://10.200.0.1:8080/');
    expect(r.exitCode).toBe(7);
    expect(r.stderr.split('\n').slice(-2)[0]).toBe("curl: (7) Failed to connect to 10.200.0.1 port 8080 after 0 ms: Couldn't connect to server");
    expect(t.run('curl -s http://10.200.0.2/').exitCode).toBe(7);
  });

  it('nc -l in blue receives lines sent by nc on the host, and answers back', () => {
    const t = withBlue();
    expect(t.run('ip netns exec blue nc -l -p 9000 > /tmp/got < /dev/null &').exitCode).toBe(0);
    expect(t.run('ss -tln').stdout).not.toContain(':9000');
    expect(t.run('ip netns exec blue ss -tln').stdout).toContain('0.0.0.0:9000');
    const r = t.run("printf 'hello\\nworld\\n' | nc 10.200.0.2 9000");
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(t.run('cat /tmp/got').stdout).toBe('hello\nworld\n');
    expect(t.run('jobs; ps -e | grep -c " nc"').stdout).toBe('0\n');
    expect(t.run('nc 10.200.0.2 9000')).toMatchObject({ exitCode: 1, stderr: 'nc: connect to 10.200.0.2 port 9000 (tcp) failed: Connection refused\n' });
    expect(t.ul.crashes).toEqual([]);
  });

  it('redis-cli on the host talks to redis-server in blue; nc speaks inline commands to it', () => {
    const t = withBlue();
    install(t, '/usr/bin/redis-server', 'redis-server');
    install(t, '/usr/bin/redis-cli', 'redis-cli');
    t.run('ip netns exec blue redis-server > /dev/null &');
    expect(t.run('redis-cli -h 10.200.0.2 set k v').stdout).toBe('OK\n');
    expect(t.run('redis-cli -h 10.200.0.2 get k').stdout).toBe('v\n');
    expect(t.run("printf 'PING\\r\\nGET k\\r\\n' | nc 10.200.0.2 6379").stdout).toBe('+PONG\r\n$1\r\nv\r\n');
    expect(t.run('redis-cli get k')).toMatchObject({ exitCode: 1, stderr: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n' });
  });
});
