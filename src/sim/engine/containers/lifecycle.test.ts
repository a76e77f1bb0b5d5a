import { describe, expect, it } from 'vitest';
import { engineHost, type EngineHost } from './testkit.ts';
import { isErr } from '../../kernel/errno.ts';
import { readFile, mountTable } from '../../kernel/fs/index.ts';
import { readCgroupFile } from '../../kernel/cgroup/files.ts';
import { cgroupExists } from '../../kernel/cgroup/ops.ts';
import { nsOfPid } from '../../kernel/ns/query.ts';
import type { ContainerRecord } from './types.ts';

function rec(h: EngineHost, id: string): ContainerRecord {
  const c = h.engine.state.containers.byId[id];
  if (!c) throw new Error(`no container ${id}`);
  return c;
}

function initOf(h: EngineHost, id: string): number {
  const t = rec(h, id).rt.task;
  if (!t) throw new Error('no task');
  return t.initPid;
}

function hostRead(h: EngineHost, path: string): string {
  const r = readFile(h.k, 1, path);
  if (isErr(r)) throw new Error(`${path}: ${r.errno}`);
  return r;
}

describe('docker create + start: what runc does to the kernel', () => {
  it('runs the command as PID 1 of a new PID namespace, hostname = short ID', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] }, 'web');
    const pid = initOf(h, id);
    const p = h.k.proc(pid);
    expect(p?.comm).toBe('sleep');
    expect(p?.argv).toEqual(['sleep', '1000']);
    expect(p?.nspids).toEqual([pid, 1]);
    expect(p?.pidNs).not.toBe(h.k.state.ns.initial.pid);
    for (const t of ['mnt', 'uts', 'ipc', 'net', 'cgroup'] as const) expect(p?.ns[t]).not.toBe(h.k.state.ns.initial[t]);
    expect(p?.ns.user).toBe(h.k.state.ns.initial.user);
    expect(nsOfPid(h.k, pid, 'uts')?.hostname).toBe(id.slice(0, 12));
    expect(hostRead(h, `/proc/${pid}/root/etc/hostname`)).toBe(`${id.slice(0, 12)}\n`);
    // The shim is the init's parent, orphaned to the host's init, in containerd's cgroup.
    const shim = h.k.proc(p?.ppid ?? 0);
    expect(shim?.argv).toEqual(['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', id, '-address', '/run/containerd/containerd.sock']);
    expect(shim?.ppid).toBe(1);
    expect(shim?.childSubreaper).toBe(true);
    expect(h.ul.crashes).toEqual([]);
  });

  it('gives the default 14 capabilities (CapEff 00000000a80425fb) and the root is the overlay', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const pid = initOf(h, id);
    const status = hostRead(h, `/proc/${pid}/status`);
    expect(status).toMatch(/^CapEff:\t00000000a80425fb$/m);
    expect(status).toMatch(/^CapBnd:\t00000000a80425fb$/m);
    expect(status).toMatch(/^NSpid:\t\d+\t1$/m);
    const mounts = mountTable(h.k, pid);
    if (isErr(mounts)) throw new Error('mountinfo');
    const root = mounts.find((m) => m.point === '/');
    expect(root?.fstype).toBe('overlay');
    const c = rec(h, id);
    expect(root?.superOptions).toContain(`upperdir=${c.rt.rootfs?.upperdir}`);
    const points = mounts.map((m) => `${m.point} ${m.fstype}`);
    for (const want of ['/proc proc', '/dev tmpfs', '/dev/pts devpts', '/sys sysfs', '/sys/fs/cgroup cgroup2', '/dev/mqueue mqueue', '/dev/shm tmpfs', '/etc/resolv.conf ext4', '/etc/hostname ext4', '/etc/hosts ext4']) {
      expect(points).toContain(want);
    }
    expect(mounts.find((m) => m.point === '/sys')?.readOnly).toBe(true);
    expect(mounts.find((m) => m.point === '/proc/sys')?.readOnly).toBe(true);
    expect(mounts.find((m) => m.point === '/dev/shm')?.superOptions).toContain('size=65536k');
    // The host sees the overlay mounted where dockerd put it.
    const hostMounts = mountTable(h.k, 1);
    if (isErr(hostMounts)) throw new Error('host mountinfo');
    expect(hostMounts.some((m) => m.point === c.rt.rootfs?.merged && m.fstype === 'overlay')).toBe(true);
  });

  it('writes HostConfig limits to the container cgroup', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'], HostConfig: { Memory: 64 * 1024 * 1024, NanoCpus: 1.5e9, CpuShares: 512, PidsLimit: 20, CpusetCpus: '0' } });
    const cg = `/system.slice/docker-${id}.scope`;
    expect(h.k.proc(initOf(h, id))?.cgroup).toBe(cg);
    const read = (f: string) => readCgroupFile(h.k, cg, f);
    expect(read('memory.max')).toBe('67108864\n');
    expect(read('memory.swap.max')).toBe('67108864\n');
    expect(read('cpu.max')).toBe('150000 100000\n');
    expect(read('cpu.weight')).toBe('59\n');
    expect(read('pids.max')).toBe('20\n');
    expect(read('cpuset.cpus')).toBe('0\n');
    expect(rec(h, id).HostConfig.MemorySwap).toBe(128 * 1024 * 1024);
    // Inside, /sys/fs/cgroup is the container's own cgroup (a cgroup namespace).
    expect(hostRead(h, `/proc/${initOf(h, id)}/root/sys/fs/cgroup/memory.max`)).toBe('67108864\n');
    expect(hostRead(h, `/proc/${initOf(h, id)}/cgroup`)).toBe(`0::${cg}\n`);
    expect(readFile(h.k, initOf(h, id), '/proc/self/cgroup')).toBe('0::/\n');
  });

  it('honours --pid/--network/--uts/--ipc host and --privileged', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '100'], HostConfig: { PidMode: 'host', NetworkMode: 'host', UTSMode: 'host', IpcMode: 'host', Privileged: true } });
    const p = h.k.proc(initOf(h, id));
    const init = h.k.state.ns.initial;
    expect(p?.pidNs).toBe(init.pid);
    expect(p?.ns.net).toBe(init.net);
    expect(p?.ns.uts).toBe(init.uts);
    expect(p?.ns.ipc).toBe(init.ipc);
    expect(p?.ns.mnt).not.toBe(init.mnt);
    expect(hostRead(h, `/proc/${p?.pid}/status`)).toMatch(/^CapEff:\t000001ffffffffff$/m);
    expect(rec(h, id).Config.Hostname).toBe(h.k.state.machine.hostname);
  });

  it('joins another container\'s namespaces with container:<name>', () => {
    const h = engineHost();
    const a = h.run({ Cmd: ['sleep', '100'] }, 'aa');
    const b = h.run({ Cmd: ['sleep', '100'], HostConfig: { PidMode: 'container:aa', NetworkMode: 'container:aa', IpcMode: 'container:aa' } });
    const pa = h.k.proc(initOf(h, a));
    const pb = h.k.proc(initOf(h, b));
    expect(pb?.pidNs).toBe(pa?.pidNs);
    expect(pb?.nspids[1]).toBe(2);
    expect(pb?.ns.net).toBe(pa?.ns.net);
    expect(pb?.ns.ipc).toBe(pa?.ns.ipc);
    expect(pb?.ns.uts).not.toBe(pa?.ns.uts);
  });

  it('runs as the image user with -u: no effective capabilities, bounding set kept', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '100'], User: 'nobody', WorkingDir: '/data' });
    const p = h.k.proc(initOf(h, id));
    expect(p?.cred.uid).toBe(65534);
    expect(p?.cwd).toBe('/data');
    const status = hostRead(h, `/proc/${p?.pid}/status`);
    expect(status).toMatch(/^CapEff:\t0000000000000000$/m);
    expect(status).toMatch(/^CapBnd:\t00000000a80425fb$/m);
  });

  it('--cap-drop ALL --cap-add SYS_TIME and no-new-privileges', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '100'], HostConfig: { CapDrop: ['ALL'], CapAdd: ['SYS_TIME'], SecurityOpt: ['no-new-privileges'] } });
    const status = hostRead(h, `/proc/${initOf(h, id)}/status`);
    expect(status).toMatch(/^CapEff:\t0000000002000000$/m);
    expect(status).toMatch(/^NoNewPrivs:\t1$/m);
  });

  it('--init runs docker-init as PID 1 with the command as its child', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '100'], HostConfig: { Init: true } });
    const p = h.k.proc(initOf(h, id));
    expect(p?.comm).toBe('docker-init');
    expect(p?.argv).toEqual(['/sbin/docker-init', '--', 'sleep', '100']);
    const child = h.k.proc(p?.children[0] ?? 0);
    expect(child?.comm).toBe('sleep');
    expect(child?.nspids.at(-1)).toBe(2);
    expect(rec(h, id).Path).toBe('sleep');
  });
});

describe('docker start errors', () => {
  it('a missing command: Docker 28\'s message, 400, ExitCode 127, stays created', () => {
    const h = engineHost();
    const c = h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['nosuch'] } });
    const id = (c.body as { Id: string }).Id;
    const s = h.api('POST', `/containers/${id}/start`);
    expect(s.status).toBe(400);
    expect((s.body as { message: string }).message).toBe(
      'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuch": executable file not found in $PATH: unknown',
    );
    const r = rec(h, id);
    expect(r.State.Status).toBe('created');
    expect(r.State.ExitCode).toBe(127);
    expect(r.rt.task).toBeNull();
    // Nothing is left behind: no shim, no init, no cgroup.
    expect(Object.values(h.k.state.proc.byPid).filter((p) => p.state !== 'Z' && (p.containerId === id || p.argv.includes(id)))).toEqual([]);
    expect(cgroupExists(h.k, r.rt.cgroup)).toBe(false);
  });

  it('permission denied is 126, a missing path names stat', () => {
    const h = engineHost();
    const a = (h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['/bin/notexec'] } }).body as { Id: string }).Id;
    const s = h.api('POST', `/containers/${a}/start`);
    expect((s.body as { message: string }).message).toContain('exec: "/bin/notexec": permission denied: unknown');
    expect(rec(h, a).State.ExitCode).toBe(126);
    const b = (h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['/nope'] } }).body as { Id: string }).Id;
    expect((h.api('POST', `/containers/${b}/start`).body as { message: string }).message).toContain('exec: "/nope": stat /nope: no such file or directory: unknown');
  });

  it('start twice answers 304; a paused container cannot be started', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '100'] });
    expect(h.api('POST', `/containers/${id}/start`).status).toBe(304);
    h.api('POST', `/containers/${id}/pause`);
    expect(h.api('POST', `/containers/${id}/start`).body).toEqual({ message: 'cannot start a paused container, try unpause instead' });
  });
});
