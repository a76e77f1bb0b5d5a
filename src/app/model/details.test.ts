import { describe as suite, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { describe, memberOf } from './details.ts';

suite('details', () => {
  it("a process's details list its eight namespaces, own ones marked, and /proc commands", () => {
    const host = createHost({ seed: 1 });
    host.run('unshare --pid --fork --mount-proc sleep 100 &');
    const s = host.kernel.state;
    const sleep = Object.values(s.proc.byPid).find((p) => p.comm === 'sleep')!;
    const d = describe({ kind: 'process', pid: sleep.pid }, { kernel: s })!;
    expect(d.title).toBe(`PID ${sleep.pid} (ns 1) sleep`);
    const ns = d.fields.filter((f) => f.label.endsWith('namespace'));
    expect(ns.map((f) => f.label)).toEqual(['cgroup namespace', 'ipc namespace', 'mnt namespace', 'net namespace', 'pid namespace', 'time namespace', 'user namespace', 'uts namespace']);
    expect(ns.filter((f) => f.own).map((f) => f.label)).toEqual(['mnt namespace', 'pid namespace']);
    expect(ns.find((f) => f.label === 'net namespace')?.value).toBe(`net:[${s.ns.initial.net}] (host)`);
    expect(d.commands).toContain(`cat /proc/${sleep.pid}/status`);
    expect(d.commands).toContain(`readlink /proc/${sleep.pid}/ns/pid`);
    // The listed commands really work in the simulator.
    expect(host.run(d.commands[2]!).stdout).toBe(`pid:[${sleep.ns.pid}]\n`);
  });

  it('cgroup details use the cgroupfs paths and human sizes', () => {
    const host = createHost({ seed: 1 });
    host.run('mkdir /sys/fs/cgroup/demo; echo 64M > /sys/fs/cgroup/demo/memory.max');
    const d = describe({ kind: 'cgroup', path: '/demo' }, { kernel: host.kernel.state })!;
    expect(d.fields.find((f) => f.label === 'memory.max')?.value).toBe('64 MiB');
    expect(d.commands[0]).toBe('cat /sys/fs/cgroup/demo/memory.max');
    expect(host.run(d.commands[0]!).stdout).toBe('67108864\n');
  });

  it('interfaces, namespaces and rules; a vanished object gives null', () => {
    const host = createHost({ seed: 1 });
    host.run('iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    const s = host.kernel.state;
    const eth0 = Object.values(s.net.byNs[s.ns.initial.net]!.links).find((l) => l.name === 'eth0')!;
    const d = describe({ kind: 'iface', netns: s.ns.initial.net, ifindex: eth0.ifindex }, { kernel: s })!;
    expect(d.fields.find((f) => f.label === 'Addresses')?.value).toBe('10.0.2.15/24');
    expect(d.commands[0]).toBe('ip addr show dev eth0');
    const r = describe({ kind: 'rule', netns: s.ns.initial.net, table: 'nat', chain: 'POSTROUTING', index: 0 }, { kernel: s })!;
    expect(r.fields.find((f) => f.label === 'Rule')?.value).toBe('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(r.commands[0]).toBe('iptables -t nat -L POSTROUTING -n -v --line-numbers');
    const n = describe({ kind: 'ns', inum: s.ns.initial.uts }, { kernel: s })!;
    expect(n.fields.find((f) => f.label === 'hostname')?.value).toBe('docker-host');
    expect(memberOf(s, 'uts', s.ns.initial.uts)?.pid).toBe(1);
    expect(describe({ kind: 'process', pid: 9999 }, { kernel: s })).toBeNull();
    expect(describe({ kind: 'container', id: 'nope' }, { kernel: s, engine: host.engine.state })).toBeNull();
  });

  it('a selected mount that is gone is gone, even when the kernel gives its id to the next copy', () => {
    const host = createHost({ seed: 1 });
    const s = (): typeof host.kernel.state => host.kernel.state;
    const sleeperNs = (): number => Object.values(s().proc.byPid).find((p) => p?.comm === 'sleep' && p.state !== 'Z')!.ns.mnt;
    host.run('unshare --mount sleep 1000 &');
    const ns1 = sleeperNs();
    const id = s().fs.mntns[ns1]!.order.find((m) => s().fs.mounts[m]?.point === '/proc') as number;
    const sel = { kind: 'mount' as const, id, ns: ns1 };
    expect(describe(sel, { kernel: s() })?.fields.find((f) => f.label === 'Mountpoint')?.value).toBe('/proc');
    host.run('kill %1; wait');
    expect(describe(sel, { kernel: s() })).toBeNull();
    host.run('unshare --mount sleep 1000 &');
    const ns2 = sleeperNs();
    expect(ns2).not.toBe(ns1);
    // The second copy of the mount table takes the first one's ids again (fs/mount-ids.ts).
    expect(s().fs.mounts[id]?.ns).toBe(ns2);
    expect(describe(sel, { kernel: s() })).toBeNull();
    expect(describe({ ...sel, ns: ns2 }, { kernel: s() })?.fields.find((f) => f.label === 'Mountpoint')?.value).toBe('/proc');
  });
});
