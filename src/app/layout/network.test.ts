import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import type { LoggedEvent } from '../../sim/events.ts';
import { layoutNetwork, packetPath, pointAt, pathLength } from './network.ts';

/** A host with a bridge br0 (172.18.0.1/16), a veth pair into a second netns (172.18.0.2/16). */
function bridged() {
  const host = createHost({ seed: 1 });
  host.run('unshare --net sleep 1000 &');
  const sleeper = Object.values(host.kernel.state.proc.byPid).find((p) => p.comm === 'sleep')!;
  const pid = sleeper.pid;
  host.run(
    [
      'ip link add br0 type bridge',
      'ip link add veth0 type veth peer name veth1',
      `ip link set veth1 netns ${pid}`,
      'ip link set veth0 master br0',
      'ip addr add 172.18.0.1/16 dev br0',
      'ip link set br0 up',
      'ip link set veth0 up',
      `nsenter -t ${pid} -n ip addr add 172.18.0.2/16 dev veth1`,
      `nsenter -t ${pid} -n ip link set veth1 up`,
    ].join(' && '),
  );
  const ping = host.run('ping -c1 172.18.0.2');
  return { host, netns: sleeper.ns.net, ping };
}

describe('layoutNetwork', () => {
  it('draws the host box with eth0 wired to the internet, lo and docker0', () => {
    const host = createHost({ seed: 1 });
    const s = host.kernel.state;
    const l = layoutNetwork(s.net, { hostNetns: s.ns.initial.net });
    expect(l.boxes).toHaveLength(1);
    expect(l.boxes[0]!.ifaces.map((i) => i.name)).toEqual(['eth0', 'lo', 'docker0']);
    expect(l.boxes[0]!.ifaces[0]!.addrs).toEqual(['10.0.2.15/24']);
    expect(l.boxes[0]!.ifaces[2]!.addrs).toEqual(['172.17.0.1/16']);
    expect(l.edges).toEqual([expect.objectContaining({ kind: 'uplink', to: 'internet' })]);
  });

  it('lists bridge ports under their bridge and links the veth pair across namespaces', () => {
    const { host, netns } = bridged();
    const s = host.kernel.state;
    const l = layoutNetwork(s.net, { hostNetns: s.ns.initial.net });
    expect(l.boxes.map((b) => b.netns)).toEqual([s.ns.initial.net, netns]);
    const hostBox = l.boxes[0]!;
    expect(hostBox.ifaces.map((i) => i.name)).toEqual(['eth0', 'lo', 'docker0', 'br0', 'veth0']);
    const veth0 = hostBox.ifaces[4]!;
    expect(veth0.master).toBe('br0');
    expect(veth0.x).toBeGreaterThan(hostBox.ifaces[3]!.x);
    const other = l.boxes[1]!;
    expect(other.x).toBeGreaterThan(hostBox.x + hostBox.w);
    expect(other.ifaces.find((i) => i.name === 'veth1')?.addrs).toEqual(['172.18.0.2/16']);
    const kinds = l.edges.map((e) => e.kind).sort();
    expect(kinds).toEqual(['bridge-port', 'uplink', 'veth']);
    const v = l.edges.find((e) => e.kind === 'veth')!;
    expect(v.d.startsWith(`M${veth0.x + veth0.w},`)).toBe(true);
    // Boxes never overlap.
    expect(other.y).toBeGreaterThanOrEqual(hostBox.y);
  });

  it('stacks the namespaces in one column on a phone, veth links bulging to the right', () => {
    const { host } = bridged();
    const s = host.kernel.state;
    const l = layoutNetwork(s.net, { hostNetns: s.ns.initial.net, narrow: true });
    const [h, o] = l.boxes;
    expect(o!.x).toBe(h!.x);
    expect(o!.y).toBeGreaterThan(h!.y + h!.h);
    expect(l.width).toBeLessThan(400);
    const v = l.edges.find((e) => e.kind === 'veth')!;
    expect(v.d).toMatch(/^M\d+(\.\d+)?,\d+(\.\d+)?C/);
  });

  it('hides interfaces the playback has not reached yet', () => {
    const { host } = bridged();
    const s = host.kernel.state;
    const hostNs = s.ns.initial.net;
    const br = Object.values(s.net.byNs[hostNs]!.links).find((x) => x.name === 'br0')!;
    const l = layoutNetwork(s.net, { hostNetns: hostNs, hidden: new Set([`${hostNs}:${br.ifindex}`]) });
    expect(l.boxes[0]!.ifaces.map((i) => i.name)).not.toContain('br0');
    expect(l.edges.some((e) => e.kind === 'bridge-port')).toBe(false);
  });

  it('maps a traced ping onto the drawn interfaces', () => {
    const { host, ping } = bridged();
    const s = host.kernel.state;
    const trace = ping.events.find((e): e is Extract<LoggedEvent, { type: 'net.packetTraced' }> => e.type === 'net.packetTraced')!;
    const l = layoutNetwork(s.net, { hostNetns: s.ns.initial.net });
    const pts = packetPath(l, trace.hops);
    expect(pts.map((p) => p.hop.ifname)).toEqual(['br0', 'veth0', 'veth1']);
    expect(pts.at(-1)!.hop.what).toBe('deliver');
    expect(pointAt(pts, 0)).toMatchObject({ x: pts[0]!.x, y: pts[0]!.y });
    expect(pointAt(pts, 1)).toMatchObject({ x: pts[2]!.x, y: pts[2]!.y });
    const half = pointAt(pts, 0.5);
    expect(half.x).toBeGreaterThanOrEqual(Math.min(...pts.map((p) => p.x)));
    expect(pathLength(pts)).toBeGreaterThan(0);
  });
});
