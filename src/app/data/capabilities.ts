/**
 * What each Linux capability allows, one line each (capabilities(7), as
 * summarised in the course reference, section 3.1), and whether Docker grants
 * it by default (moby daemon/pkg/oci/caps/defaults.go).
 */

import type { CapName } from '../../sim/kernel/caps/caps.ts';

export interface CapInfo {
  meaning: string;
  /** In Docker's default set. */
  docker: boolean;
}

export const CAP_INFO: Readonly<Record<CapName, CapInfo>> = {
  CAP_CHOWN: { meaning: "change any file's owner or group", docker: true },
  CAP_DAC_OVERRIDE: { meaning: 'skip read/write/execute permission checks on files', docker: true },
  CAP_DAC_READ_SEARCH: { meaning: 'skip read and directory-search checks; open_by_handle_at', docker: false },
  CAP_FOWNER: { meaning: "act as a file's owner (chmod, utime, ACLs, sticky-bit deletes)", docker: true },
  CAP_FSETID: { meaning: 'keep setuid/setgid bits when a file is modified', docker: true },
  CAP_KILL: { meaning: 'signal any process', docker: true },
  CAP_SETGID: { meaning: 'change GIDs and supplementary groups; write gid maps', docker: true },
  CAP_SETUID: { meaning: 'change UIDs; write uid maps', docker: true },
  CAP_SETPCAP: { meaning: 'change own inheritable set and drop from the bounding set', docker: true },
  CAP_LINUX_IMMUTABLE: { meaning: 'set append-only and immutable file flags', docker: false },
  CAP_NET_BIND_SERVICE: { meaning: 'bind ports below ip_unprivileged_port_start (default 1024)', docker: true },
  CAP_NET_BROADCAST: { meaning: '(unused) broadcast and multicast', docker: false },
  CAP_NET_ADMIN: { meaning: 'configure interfaces, routes, firewall, promiscuous mode', docker: false },
  CAP_NET_RAW: { meaning: 'RAW and PACKET sockets', docker: true },
  CAP_IPC_LOCK: { meaning: 'lock memory (mlock), huge pages', docker: false },
  CAP_IPC_OWNER: { meaning: 'skip checks on System V IPC objects', docker: false },
  CAP_SYS_MODULE: { meaning: 'load and unload kernel modules', docker: false },
  CAP_SYS_RAWIO: { meaning: 'I/O ports, /dev/mem, /proc/kcore, MSRs', docker: false },
  CAP_SYS_CHROOT: { meaning: 'chroot; change mount namespace with setns', docker: true },
  CAP_SYS_PTRACE: { meaning: 'ptrace any process, process_vm_readv/writev, kcmp', docker: false },
  CAP_SYS_PACCT: { meaning: 'process accounting (acct)', docker: false },
  CAP_SYS_ADMIN: {
    meaning: 'the catch-all: mount, umount, pivot_root, swapon, sethostname, setdomainname, new namespaces, setns, many ioctls',
    docker: false,
  },
  CAP_SYS_BOOT: { meaning: 'reboot, kexec_load', docker: false },
  CAP_SYS_NICE: { meaning: 'raise priority, real-time scheduling, CPU affinity of other processes', docker: false },
  CAP_SYS_RESOURCE: { meaning: 'exceed resource limits and quotas', docker: false },
  CAP_SYS_TIME: { meaning: 'set the system clock and hardware clock', docker: false },
  CAP_SYS_TTY_CONFIG: { meaning: 'vhangup, privileged terminal ioctls', docker: false },
  CAP_MKNOD: { meaning: 'create device files with mknod', docker: true },
  CAP_LEASE: { meaning: 'file leases on any file', docker: false },
  CAP_AUDIT_WRITE: { meaning: 'write audit log records', docker: true },
  CAP_AUDIT_CONTROL: { meaning: 'configure kernel auditing', docker: false },
  CAP_SETFCAP: { meaning: 'set file capabilities (and, since 5.12, map UID 0 in a new user namespace)', docker: true },
  CAP_MAC_OVERRIDE: { meaning: 'override mandatory access control (Smack)', docker: false },
  CAP_MAC_ADMIN: { meaning: 'configure MAC (Smack)', docker: false },
  CAP_SYSLOG: { meaning: 'privileged syslog; see kernel addresses', docker: false },
  CAP_WAKE_ALARM: { meaning: 'set wake-from-suspend timers', docker: false },
  CAP_BLOCK_SUSPEND: { meaning: 'block system suspend', docker: false },
  CAP_AUDIT_READ: { meaning: 'read the audit log over netlink', docker: false },
  CAP_PERFMON: { meaning: 'perf_event_open and performance monitoring', docker: false },
  CAP_BPF: { meaning: 'privileged BPF', docker: false },
  CAP_CHECKPOINT_RESTORE: { meaning: 'checkpoint/restore features (ns_last_pid, clone3 set_tid)', docker: false },
};

/** The five per-thread sets in the order /proc/PID/status lists them (CapInh, CapPrm, CapEff, CapBnd, CapAmb). */
export const CAP_SETS = [
  { key: 'inheritable', status: 'CapInh', title: 'Inheritable', what: 'kept across execve when the file allows it' },
  { key: 'permitted', status: 'CapPrm', title: 'Permitted', what: 'the ceiling for effective' },
  { key: 'effective', status: 'CapEff', title: 'Effective', what: 'what the kernel checks' },
  { key: 'bounding', status: 'CapBnd', title: 'Bounding', what: 'the ceiling on what execve can grant' },
  { key: 'ambient', status: 'CapAmb', title: 'Ambient', what: 'kept across execve of unprivileged programs' },
] as const;
