/**
 * /proc/sys: kernel parameters (sysctl(8), proc(5) "/proc/sys").
 *
 * Models: kernel.hostname and kernel.domainname read from and written to the
 * reader's UTS namespace (writing is sethostname(2): CAP_SYS_ADMIN in the user
 * namespace owning that UTS namespace); fixed kernel values (osrelease, ostype,
 * pid_max, overflowuid); the network sysctls of the reader's network namespace
 * that the net module models (net/sysctl.ts), read and written there.
 * SIMPLIFICATIONS: only the entries the course reads; most are read-only here.
 */

import type { Kernel } from '../../kernel.ts';
import type { Process } from '../../process/types.ts';
import { isErr, type SysError } from '../../errno.ts';
import { sethostname, setdomainname } from '../../ns/uts.ts';
import { sysctlGet, sysctlSet } from '../../net/sysctl.ts';
import { NETNS_SYSCTL_DEFAULTS } from '../../net/types.ts';
import { nsAt } from '../../ns/by-inum.ts';

export interface SysctlFile {
  read(k: Kernel, reader: Process): string;
  write?(k: Kernel, writer: Process, value: string): number | SysError;
}
export type SysctlDir = { [name: string]: SysctlDir | SysctlFile };

export function isSysctlFile(n: SysctlDir | SysctlFile): n is SysctlFile {
  return typeof (n as SysctlFile).read === 'function';
}

function uts(which: 'hostname' | 'domainname'): SysctlFile {
  return {
    read: (k, r) => {
      const ns = nsAt(k.state, r.ns.uts);
      return `${ns?.type === 'uts' ? ns[which] : ''}\n`;
    },
    write: (k, w, value) => {
      const v = value.replace(/\n$/, '');
      const r = which === 'hostname' ? sethostname(k, w.pid, v) : setdomainname(k, w.pid, v);
      return r === true ? value.length : r;
    },
  };
}

const fixed = (v: string | ((k: Kernel) => string)): SysctlFile => ({ read: (k) => `${typeof v === 'string' ? v : v(k)}\n` });
/** A network sysctl of the reader's network namespace (net/sysctl.ts). */
function net(name: string): SysctlFile {
  return {
    read: (k, r) => `${sysctlGet(k.state.net, r.ns.net, name) ?? ''}\n`,
    write: (k, w, value) => {
      const r = sysctlSet(k, w.pid, name, value.replace(/\n$/, ''));
      return isErr(r) ? r : value.length;
    },
  };
}

/** /proc/sys/net as a tree built from the sysctls the net module models. */
function netTree(): SysctlDir {
  const root: SysctlDir = {};
  for (const name of Object.keys(NETNS_SYSCTL_DEFAULTS)) {
    const parts = name.split('.').slice(1);
    let cur = root;
    parts.forEach((c, i) => {
      if (i === parts.length - 1) cur[c] = net(name);
      else cur = (cur[c] ??= {}) as SysctlDir;
    });
  }
  return root;
}

export const SYSCTL_TREE: SysctlDir = {
  fs: {
    'file-max': fixed('9223372036854775807'),
    'nr_open': fixed('1048576'),
  },
  kernel: {
    domainname: uts('domainname'),
    hostname: uts('hostname'),
    osrelease: fixed((k) => k.state.machine.release),
    ostype: fixed('Linux'),
    overflowgid: fixed('65534'),
    overflowuid: fixed('65534'),
    pid_max: fixed((k) => String(k.state.proc.pidMax)),
    'threads-max': fixed((k) => String(Math.floor(k.state.machine.memTotalBytes / 4096 / 32))),
    version: fixed((k) => k.state.machine.version),
    unprivileged_userns_clone: fixed('1'),
  },
  net: netTree(),
  user: {
    max_user_namespaces: fixed((k) => String(Math.floor(k.state.machine.memTotalBytes / 4096 / 64))),
    max_pid_namespaces: fixed((k) => String(Math.floor(k.state.machine.memTotalBytes / 4096 / 64))),
  },
  vm: {
    overcommit_memory: fixed('0'),
    swappiness: fixed('60'),
  },
};

/** The node at a path below /proc/sys (components after "sys"). */
export function sysctlAt(parts: readonly string[]): SysctlDir | SysctlFile | null {
  let cur: SysctlDir | SysctlFile = SYSCTL_TREE;
  for (const c of parts) {
    if (isSysctlFile(cur) || !Object.prototype.hasOwnProperty.call(cur, c)) return null;
    cur = cur[c] as SysctlDir | SysctlFile;
  }
  return cur;
}
