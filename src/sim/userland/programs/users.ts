/**
 * User and group names as a process sees them: /etc/passwd and /etc/group read
 * through its own mount namespace (so a container shows its image's names),
 * and the uid/gid mapping of its user namespace.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { fsRead } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';

export interface NameDb {
  user(uid: number): string | null;
  group(gid: number): string | null;
  uidOf(name: string): number | null;
  gidOf(name: string): number | null;
  /** Supplementary groups listing a user. */
  groupsOf(name: string): number[];
  /** A user's /etc/passwd entry, by name or (all digits) uid. */
  passwd(nameOrUid: string): Passwd | null;
}

export interface Passwd {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

function table(k: Kernel, pid: number, path: string): string[][] {
  const t = fsRead(k, pid, path);
  if (isErr(t)) return [];
  return t
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

export function nameDb(k: Kernel, pid: number): NameDb {
  const pw = table(k, pid, '/etc/passwd');
  const gr = table(k, pid, '/etc/group');
  return {
    user: (uid) => pw.find((f) => f[2] === String(uid))?.[0] ?? null,
    group: (gid) => gr.find((f) => f[2] === String(gid))?.[0] ?? null,
    uidOf(name) {
      const f = pw.find((x) => x[0] === name);
      return f ? Number(f[2]) : /^[0-9]+$/.test(name) ? Number(name) : null;
    },
    gidOf(name) {
      const f = gr.find((x) => x[0] === name);
      return f ? Number(f[2]) : /^[0-9]+$/.test(name) ? Number(name) : null;
    },
    groupsOf: (name) => gr.filter((f) => (f[3] ?? '').split(',').includes(name)).map((f) => Number(f[2])),
    passwd(key) {
      const f = pw.find((x) => x.length >= 7 && (x[0] === key || (/^[0-9]+$/.test(key) && x[2] === key)));
      return f ? { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! } : null;
    },
  };
}
