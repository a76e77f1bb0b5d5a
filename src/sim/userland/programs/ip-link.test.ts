import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { findLink } from '../../kernel/net/netns.ts';

/** Expected texts are iproute2 6.1's (checked against the real `ip` in scratch network namespaces). */

function ok(t: TestHost, line: string): string {
  const r = t.run(line);
  expect(r, line).toMatchObject({ exitCode: 0, stderr: '' });
  return r.stdout;
}

function macOf(t: TestHost, netns: number, name: string): string {
  const l = findLink(t.k.state.net.byNs[netns]!, name);
  if (!l) throw new Error(`no ${name}`);
  return l.mac;
}

function named(t: TestHost, name: string): number {
  const inum = t.ul.state.netns?.[`${t.k.proc(1)?.ns.mnt}:/run/netns/${name}`];
  if (inum === undefined) throw new Error(`no netns ${name}`);
  return inum;
}

const host = (t: TestHost): number => t.k.state.ns.initial.net;

describe('ip link add ... netns', () => {
  it('puts the peer straight into the named netns, shown as "link-netns NAME" where that name is known', () => {
    const t = testHost();
    ok(t, 'ip netns add a');
    ok(t, 'ip link add va type veth peer name pa netns a');
    const a = named(t, 'a');
    expect(findLink(t.k.state.net.byNs[host(t)]!, 'pa')).toBeUndefined();
    expect(ok(t, 'ip link show va')).toBe(
      `3: va@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n` +
        `    link/ether ${macOf(t, host(t), 'va')} brd ff:ff:ff:ff:ff:ff link-netns a\n`,
    );
    // The host's netns has no name under /run/netns: a sees it only by its id.
    expect(ok(t, 'ip -n a link show pa')).toBe(
      `2: pa@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n` +
        `    link/ether ${macOf(t, a, 'pa')} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n`,
    );
    expect(ok(t, 'ip addr show va')).toContain(' link-netns a\n');
  });

  it('"ip link add NAME netns X type veth peer P" puts the first end there and leaves the peer here', () => {
    const t = testHost();
    ok(t, 'ip netns add a');
    ok(t, 'ip link add vc netns a type veth peer name pc');
    expect(findLink(t.k.state.net.byNs[named(t, 'a')]!, 'vc')).toBeDefined();
    expect(findLink(t.k.state.net.byNs[host(t)]!, 'pc')).toBeDefined();
    // The same name on both ends is fine when they are in different namespaces.
    ok(t, 'ip link add name vn netns a type veth peer name vn');
  });

  it('takes a PID or an nsfs path for netns', () => {
    const t = testHost();
    ok(t, 'ip netns add a');
    ok(t, 'ip netns exec a sleep 1000 & echo $! > /tmp/pid');
    const pid = t.run('cat /tmp/pid').stdout.trim();
    const a = named(t, 'a');
    ok(t, `ip link add v1 type veth peer name p1 netns ${pid}`);
    expect(findLink(t.k.state.net.byNs[a]!, 'p1')).toBeDefined();
    ok(t, `ip link add v2 type veth peer name p2 netns /proc/${pid}/ns/net`);
    expect(findLink(t.k.state.net.byNs[a]!, 'p2')).toBeDefined();
    ok(t, 'ip link add v3 type veth peer name p3 netns /run/netns/a');
    expect(findLink(t.k.state.net.byNs[a]!, 'p3')).toBeDefined();
    ok(t, `ip link set v1 netns ${pid}`);
    expect(ok(t, 'ip -n a link show v1')).toMatch(/^\d+: v1@p1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n/);
  });

  it('fails as iproute2 does for a missing netns, PID or file', () => {
    const t = testHost();
    expect(t.run('ip link add va type veth peer name pa netns nope')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "nope" is wrong: Invalid "netns" value\n\n' });
    expect(t.run('ip link add va netns nope type veth peer name pa')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "nope" is wrong: Invalid "netns" value\n\n' });
    expect(t.run('ip link add va type veth peer name pa netns /nonexist')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "/nonexist" is wrong: Invalid "netns" value\n\n' });
    expect(t.run('ip link add va type veth peer name pa netns 99999')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: No such process\n' });
    ok(t, 'ip link add va type veth peer name pa');
    expect(t.run('ip link set va netns nope')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "nope" is wrong: Invalid "netns" value\n\n' });
    expect(t.run('ip link set va netns 99999')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: No such process\n' });
    expect(t.run('ip link set nosuch netns 99999')).toMatchObject({ exitCode: 1, stderr: 'Cannot find device "nosuch"\n' });
    ok(t, 'ip netns add a');
    expect(t.run('ip link set lo netns a')).toMatchObject({ exitCode: 2, stderr: 'Error: The interface netns is immutable.\n' });
  });
});

describe('ip link add type dummy', () => {
  it('is NOARP without MULTICAST, noqueue and state UNKNOWN once up, with -d showing "dummy"', () => {
    const t = testHost();
    ok(t, 'ip link add x1 type dummy');
    const mac = macOf(t, host(t), 'x1');
    expect(ok(t, 'ip link show x1')).toBe(
      `3: x1: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
    ok(t, 'ip link set x1 up');
    expect(ok(t, 'ip -d link show x1')).toBe(
      `3: x1: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n` +
        `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 0 maxmtu 0 \n` +
        `    dummy addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n`,
    );
    ok(t, 'ip addr add 10.99.0.1/24 dev x1');
    expect(ok(t, 'ip route')).toContain('10.99.0.0/24 dev x1 proto kernel scope link src 10.99.0.1 \n');
    expect(ok(t, 'ping -c 1 10.99.0.1')).toContain('1 packets transmitted, 1 received');
    ok(t, 'ip link add type dummy');
    expect(ok(t, 'ip link show dummy0')).toMatch(/^4: dummy0: <BROADCAST,NOARP>/);
    ok(t, 'ip link del x1');
    expect(t.run('ip link show x1')).toMatchObject({ exitCode: 1, stderr: 'Device "x1" does not exist.\n' });
  });
});

describe('ip link errors', () => {
  it('answers duplicates, unknown kinds, bad names and a missing type as iproute2 6.1 does', () => {
    const t = testHost();
    ok(t, 'ip link add x1 type dummy');
    expect(t.run('ip link add x1 type dummy')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: File exists\n' });
    expect(t.run('ip link add vy type veth peer name vy')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: File exists\n' });
    expect(t.run('ip link add x2 type nope')).toMatchObject({ exitCode: 2, stderr: 'Error: Unknown device type.\n' });
    expect(t.run('ip link add x2')).toMatchObject({ exitCode: 1, stderr: 'Not enough information: "type" argument is required\n' });
    expect(t.run('ip link add a/b type bridge')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "a/b" is wrong: "dev" not a valid ifname\n' });
    expect(t.run('ip link add x type veth peer name p/q')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "p/q" is wrong: "name" not a valid ifname\n' });
    expect(t.run('ip link add a:b type bridge')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: Invalid argument\n' });
    expect(t.run('ip link add aaaaaaaaaaaaaaaaaaaa type bridge')).toMatchObject({ exitCode: 2, stderr: 'Error: Attribute failed policy validation.\n' });
    expect(t.run('ip link add x y type dummy')).toMatchObject({ exitCode: 255, stderr: 'Error: either "dev" is duplicate, or "y" is a garbage.\n' });
    expect(t.run('ip link add x mtu abc type bridge')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n' });
    expect(t.run('ip link add x mtu 50 type bridge')).toMatchObject({ exitCode: 2, stderr: 'Error: mtu less than device minimum.\n' });
    expect(t.run('ip link add x address zz type bridge')).toMatchObject({ exitCode: 1, stderr: '"zz" is invalid lladdr.\n' });
    expect(t.run('ip link add x address 01:00:00:00:00:01 type bridge')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: Cannot assign requested address\n' });
    expect(t.run('ip link add x type veth foo')).toMatchObject({
      exitCode: 1,
      stdout: "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n",
    });
    expect(t.run('ip link add link nope name n.10 type vlan id 10')).toMatchObject({ exitCode: 1, stderr: 'Cannot find device "nope"\n' });
    expect(t.run('ip link del x9')).toMatchObject({ exitCode: 1, stderr: 'Cannot find device "x9"\n' });
  });

  it('applies mtu and address before "type" to the device and after "peer" to the peer', () => {
    const t = testHost();
    ok(t, 'ip link add vq mtu 9000 address 02:00:00:00:00:01 type veth peer name pq mtu 1400');
    expect(ok(t, 'ip link show vq')).toBe(
      '4: vq@pq: <BROADCAST,MULTICAST,M-DOWN> mtu 9000 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(ok(t, 'ip link show pq')).toMatch(/^3: pq@vq: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop /);
    // Unnamed: the peer registers first as veth0, the device becomes veth1; naming the device veth0 then collides.
    ok(t, 'ip link add type veth');
    expect(ok(t, 'ip link show veth1')).toMatch(/^6: veth1@veth0: /);
    const u = testHost();
    expect(u.run('ip link add veth0 type veth')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: File exists\n' });
  });

  it('deleting one end of a veth takes its peer in another netns with it', () => {
    const t = testHost();
    ok(t, 'ip netns add b');
    ok(t, 'ip link add vd type veth peer name pd netns b');
    ok(t, 'ip -n b link del pd');
    expect(findLink(t.k.state.net.byNs[host(t)]!, 'vd')).toBeUndefined();
    expect(ok(t, 'ip -n b link')).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
  });
});

describe('ip link set mtu / address', () => {
  it('checks the value, then the driver range (lo and dummy have none)', () => {
    const t = testHost();
    ok(t, 'ip link add tq type veth peer name tp');
    expect(t.run('ip link set tq mtu 50')).toMatchObject({ exitCode: 2, stderr: 'Error: mtu less than device minimum.\n' });
    expect(t.run('ip link set tq mtu 70000')).toMatchObject({ exitCode: 2, stderr: 'Error: mtu greater than device maximum.\n' });
    expect(t.run('ip link set tq mtu abc')).toMatchObject({ exitCode: 255, stderr: 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n' });
    expect(t.run('ip link set tq address zz')).toMatchObject({ exitCode: 1, stderr: '"zz" is invalid lladdr.\n' });
    expect(t.run('ip link set tq address 01:00:00:00:00:01')).toMatchObject({ exitCode: 2, stderr: 'RTNETLINK answers: Cannot assign requested address\n' });
    ok(t, 'ip link set lo mtu 70000');
    expect(ok(t, 'ip link show lo')).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 70000 /);
    ok(t, 'ip link set tq mtu 9000 address 02:aa:00:00:00:01');
    expect(ok(t, 'ip link show tq')).toMatch(/mtu 9000 .*\n {4}link\/ether 02:aa:00:00:00:01 /);
  });
});

describe('a dummy device on the data path', () => {
  it('swallows what is routed out of it: ping loses every packet', () => {
    const t = testHost();
    ok(t, 'ip link add x1 type dummy');
    ok(t, 'ip addr add 10.99.0.1/24 dev x1');
    ok(t, 'ip link set x1 up');
    const r = t.run('ping -c 1 10.99.0.5');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
  });
});
