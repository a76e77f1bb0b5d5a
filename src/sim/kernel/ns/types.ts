/**
 * Namespace records (see namespaces(7)).
 *
 * Models: the eight namespace types, each an object with an inode number, an
 * owning user namespace, a parent (pid and user namespaces nest), and a count of
 * the processes and other holders (bind-mounted ns files, a network namespace
 * pinned by `ip netns add`) that keep it alive.
 * Simplifies: no ns file descriptors; holders are counted, not tracked one by one.
 */

import type { NsInum } from '../ids.ts';

export const NS_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export type NsType = (typeof NS_TYPES)[number];

/** clone(2)/unshare(2) flags from <linux/sched.h>. */
export const CLONE_FLAGS: Readonly<Record<NsType, number>> = {
  mnt: 0x00020000, // CLONE_NEWNS
  cgroup: 0x02000000, // CLONE_NEWCGROUP
  uts: 0x04000000, // CLONE_NEWUTS
  ipc: 0x08000000, // CLONE_NEWIPC
  user: 0x10000000, // CLONE_NEWUSER
  pid: 0x20000000, // CLONE_NEWPID
  net: 0x40000000, // CLONE_NEWNET
  time: 0x00000080, // CLONE_NEWTIME
};

/** One line of /proc/PID/uid_map: `inside outside count` (outside: IDs of the parent user namespace). */
export interface IdMapRange {
  inside: number;
  outside: number;
  count: number;
}

export interface NamespaceBase {
  inum: NsInum;
  type: NsType;
  /** The user namespace that owns this one (for a user ns: its parent; null for the initial user ns). */
  owner: NsInum | null;
  /** Processes whose nsproxy points here (or, for pid, whose PID lives here). */
  procCount: number;
  /**
   * Other references: bind mounts of ns files, mounts, a process's pid_for_children or
   * time_for_children link, and every namespace it owns or parents (counted by the reducer
   * from ns.created to ns.destroyed). Whoever drops a hold calls releaseNsIfUnused (ns/release.ts).
   */
  holds: number;
  /** Virtual time of creation (ms since boot). */
  createdMs: number;
  /** Host PID of the creating process, for lsns. */
  creator: number;
}

export interface PidNamespace extends NamespaceBase {
  type: 'pid';
  parent: NsInum | null;
  level: number;
  /** Next PID to hand out in this namespace. */
  nextPid: number;
  /** Host PID of this namespace's PID 1 (its init), once it exists. */
  init: number | null;
  /** After init died: fork into the namespace fails with ENOMEM. */
  dead: boolean;
  /** nspid → host pid, for every live process with a PID in this namespace. */
  pids: Record<number, number>;
}

export interface UserNamespace extends NamespaceBase {
  type: 'user';
  parent: NsInum | null;
  level: number;
  /** Kernel (initial-namespace) effective UID of the creator: the namespace's owner, as the kernel's kuid_t. */
  ownerUid: number;
  uidMap: IdMapRange[] | null;
  gidMap: IdMapRange[] | null;
}

export interface UtsNamespace extends NamespaceBase {
  type: 'uts';
  hostname: string;
  domainname: string;
}

export interface TimeNamespace extends NamespaceBase {
  type: 'time';
  /** Offsets applied to CLOCK_MONOTONIC and CLOCK_BOOTTIME, ms. */
  monotonicOffsetMs: number;
  boottimeOffsetMs: number;
}

export interface CgroupNamespace extends NamespaceBase {
  type: 'cgroup';
  /** The cgroup path that appears as "/" inside. */
  root: string;
}

export interface IpcNamespace extends NamespaceBase {
  type: 'ipc';
  /** System V shared memory segments (key → size), enough for `ipcs -m`. */
  shm: Array<{ key: number; shmid: number; owner: number; bytes: number }>;
  nextShmid: number;
}

export interface MntNamespace extends NamespaceBase {
  type: 'mnt';
}

export interface NetNamespace extends NamespaceBase {
  type: 'net';
}

export type Namespace =
  | PidNamespace
  | UserNamespace
  | UtsNamespace
  | TimeNamespace
  | CgroupNamespace
  | IpcNamespace
  | MntNamespace
  | NetNamespace;

export type NsByType = {
  pid: PidNamespace;
  user: UserNamespace;
  uts: UtsNamespace;
  time: TimeNamespace;
  cgroup: CgroupNamespace;
  ipc: IpcNamespace;
  mnt: MntNamespace;
  net: NetNamespace;
};

/** The nsproxy of a process: one namespace of each type. */
export type NsSet = Record<NsType, NsInum>;

export interface NsState {
  byInum: Record<number, Namespace>;
  nextInum: number;
  /** The initial namespaces (those of the host's PID 1). */
  initial: NsSet;
}
