/**
 * Booting a kernel: the initial namespaces, PID 1 and kthreadd.
 *
 * Models: what exists once the kernel hands over to init: one namespace of each
 * type (with the kernel's fixed inode numbers for the static ones), the root
 * cgroup, the root filesystem, the loopback and eth0 interfaces, PID 1 and
 * kthreadd (PID 2).
 * Simplifies: no boot sequence inside the kernel (a VM's boot stages live in
 * src/sim/vm); init's services are started by the userland, not by the kernel.
 */

import { Kernel, emptyHooks, type KernelHooks } from './kernel.ts';
import type { KernelState, MachineInfo } from './state.ts';
import type { LoggedEvent } from '../events.ts';
import { createClockState } from '../host/clock.ts';
import { createRngState } from '../host/rng.ts';
import { nsInum, hostPid, type NsInum } from './ids.ts';
import type { Namespace, NsSet } from './ns/types.ts';
import type { Process } from './process/types.ts';
import { fullCapSets } from './caps/caps.ts';
import { createInitialCgroupState } from './cgroup/types.ts';
import { createInitialFsState } from './fs/types.ts';
import { createInitialNetState } from './net/types.ts';
import { idTable } from './id-table.ts';

/** Inode numbers of the initial namespaces, as on a real 6.x kernel (PROC_*_INIT_INO). */
export const INITIAL_NS_INUMS: Readonly<NsSet> = {
  time: nsInum(4026531834),
  cgroup: nsInum(4026531835),
  pid: nsInum(4026531836),
  user: nsInum(4026531837),
  uts: nsInum(4026531838),
  ipc: nsInum(4026531839),
  mnt: nsInum(4026531841),
  net: nsInum(4026531840),
};

/** The first inode number handed to a namespace created after boot. */
export const FIRST_DYNAMIC_NS_INUM = 4026532160;

export interface BootOptions {
  seed: number;
  bootEpochMs?: number;
  machine?: Partial<MachineInfo>;
  sink?: (e: LoggedEvent) => void;
  hooks?: KernelHooks;
}

export const DEFAULT_MACHINE: MachineInfo = {
  release: '6.1.0-37-amd64',
  version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.140-1 (2025-05-22)',
  machine: 'x86_64',
  cpus: 2,
  memTotalBytes: 8 * 1024 ** 3,
  hostname: 'docker-host',
};

function initialNamespaces(hostname: string): Namespace[] {
  const base = { owner: INITIAL_NS_INUMS.user as NsInum | null, procCount: 0, holds: 0, createdMs: 0, creator: 1 };
  return [
    { ...base, inum: INITIAL_NS_INUMS.user, type: 'user', owner: null, parent: null, level: 0, ownerUid: 0, uidMap: [{ inside: 0, outside: 0, count: 4294967295 }], gidMap: [{ inside: 0, outside: 0, count: 4294967295 }] },
    { ...base, inum: INITIAL_NS_INUMS.pid, type: 'pid', parent: null, level: 0, nextPid: 1, init: null, dead: false, pids: {} },
    { ...base, inum: INITIAL_NS_INUMS.uts, type: 'uts', hostname, domainname: '(none)' },
    { ...base, inum: INITIAL_NS_INUMS.ipc, type: 'ipc', shm: [], nextShmid: 0 },
    { ...base, inum: INITIAL_NS_INUMS.mnt, type: 'mnt' },
    { ...base, inum: INITIAL_NS_INUMS.net, type: 'net' },
    { ...base, inum: INITIAL_NS_INUMS.cgroup, type: 'cgroup', root: '/' },
    { ...base, inum: INITIAL_NS_INUMS.time, type: 'time', monotonicOffsetMs: 0, boottimeOffsetMs: 0 },
  ];
}

export function createInitialKernelState(opts: BootOptions): KernelState {
  const machine = { ...DEFAULT_MACHINE, ...opts.machine };
  return {
    machine,
    clock: createClockState(opts.bootEpochMs),
    rng: createRngState(opts.seed),
    seq: 0,
    proc: { byPid: idTable(), nextPid: 1, pidMax: 4194304, due: [] },
    ns: { byInum: {}, nextInum: FIRST_DYNAMIC_NS_INUM, initial: { ...INITIAL_NS_INUMS } },
    cgroup: createInitialCgroupState(machine),
    fs: createInitialFsState(machine),
    net: createInitialNetState(machine),
  };
}

/** A process record with the defaults of a root task in the initial namespaces. */
export function rootTask(pid: number, ppid: number, comm: string, argv: string[], startMs = 0): Process {
  return {
    pid: hostPid(pid),
    ppid,
    nspids: [pid],
    pidNs: INITIAL_NS_INUMS.pid,
    pidNsForChildren: INITIAL_NS_INUMS.pid,
    timeNsForChildren: INITIAL_NS_INUMS.time,
    ns: { ...INITIAL_NS_INUMS },
    pgid: pid,
    sid: pid,
    tty: null,
    comm: comm.slice(0, 15),
    exe: argv[0] ?? comm,
    argv,
    env: {},
    cred: { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0] },
    caps: fullCapSets(),
    noNewPrivs: false,
    childSubreaper: false,
    keepCaps: false,
    root: '/',
    cwd: '/',
    cgroup: '/',
    state: 'S',
    frozen: false,
    wait: { kind: 'forever' },
    children: [],
    exitCode: null,
    termSignal: null,
    caught: [],
    ignored: [],
    pending: [],
    rssBytes: 0,
    cpuDemand: 0,
    cpuUsageUsec: 0,
    startMs,
    program: { name: comm, state: null },
    containerId: null,
    kthread: false,
  };
}

/** Boot a kernel: initial namespaces, /sbin/init as PID 1, kthreadd as PID 2. */
export function bootKernel(opts: BootOptions): Kernel {
  const k = new Kernel(createInitialKernelState(opts), opts.sink, opts.hooks ?? emptyHooks());
  for (const ns of initialNamespaces(k.state.machine.hostname)) k.emit({ type: 'ns.created', ns });
  const init = rootTask(1, 0, 'systemd', ['/sbin/init']);
  init.caught = [1, 2, 10, 12, 15, 17];
  init.cgroup = '/init.scope';
  k.emit({ type: 'process.spawned', proc: init });
  const kthreadd = rootTask(2, 0, 'kthreadd', ['[kthreadd]']);
  kthreadd.kthread = true;
  kthreadd.exe = '';
  k.emit({ type: 'process.spawned', proc: kthreadd });
  return k;
}
