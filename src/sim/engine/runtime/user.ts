/**
 * Resolving `docker run -u user[:group]` inside the container as runc does
 * (moby/sys/user GetExecUserPath): names are looked up in the container's
 * /etc/passwd and /etc/group, numbers are taken as they are, the user's primary
 * group and supplementary groups come from those files, HOME from passwd.
 *
 * SIMPLIFICATIONS: no NSS; a missing /etc/passwd with a numeric user is fine
 * (HOME is then /).
 */

import type { Kernel } from '../../kernel/kernel.ts';
import { isErr } from '../../kernel/errno.ts';
import { readFile } from '../../kernel/fs/vfs/ops-read.ts';

export interface ExecUser {
  uid: number;
  gid: number;
  groups: number[];
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || line.startsWith('#')) continue;
    out.push({ name: f[0] as string, uid: Number(f[2]), gid: Number(f[3]), home: f[5] as string });
  }
  return out;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || line.startsWith('#')) continue;
    out.push({ name: f[0] as string, gid: Number(f[2]), members: (f[3] as string).split(',').filter(Boolean) });
  }
  return out;
}

const NUMERIC = /^[0-9]+$/;

/**
 * Parsed files by their text, one table per file kind: a pure function's
 * results, not state (every container of an image has the same /etc/passwd).
 * Keyed by the text itself, whose hash V8 keeps in the string, so a hit costs
 * no copy of the file. Bounded, oldest first out.
 */
const PARSED_PASSWD = new Map<string, PasswdEntry[]>();
const PARSED_GROUP = new Map<string, GroupEntry[]>();

function memo<T>(table: Map<string, T>, text: string, parse: (t: string) => T): T {
  const hit = table.get(text);
  if (hit !== undefined) return hit;
  const v = parse(text);
  if (table.size >= 16) table.delete(table.keys().next().value as string);
  table.set(text, v);
  return v;
}

/** Look up `spec` ("", "1000", "nobody", "1000:1000", "www-data:www-data") as `pid` sees /etc. Error texts are runc's. */
export function resolveExecUser(k: Kernel, pid: number, spec: string): ExecUser | { error: string } {
  const passwdText = readFile(k, pid, '/etc/passwd');
  const groupText = readFile(k, pid, '/etc/group');
  const passwd = isErr(passwdText) ? [] : memo(PARSED_PASSWD, passwdText, parsePasswd);
  const groups = isErr(groupText) ? [] : memo(PARSED_GROUP, groupText, parseGroup);
  const [userPart = '', groupPart] = spec.split(':');
  const u = userPart === '' ? '0' : userPart;
  let entry: PasswdEntry | undefined;
  if (NUMERIC.test(u)) entry = passwd.find((e) => e.uid === Number(u));
  else {
    entry = passwd.find((e) => e.name === u);
    if (!entry) return { error: `unable to find user ${u}: no matching entries in passwd file` };
  }
  const uid = NUMERIC.test(u) ? Number(u) : (entry as PasswdEntry).uid;
  let gid = entry ? entry.gid : 0;
  if (groupPart !== undefined && groupPart !== '') {
    if (NUMERIC.test(groupPart)) gid = Number(groupPart);
    else {
      const g = groups.find((x) => x.name === groupPart);
      if (!g) return { error: `unable to find group ${groupPart}: no matching entries in group file` };
      gid = g.gid;
    }
  }
  const name = entry?.name;
  const supplementary = name ? groups.filter((g) => g.members.includes(name)).map((g) => g.gid) : [];
  return { uid, gid, groups: [gid, ...supplementary.filter((g) => g !== gid)], home: entry?.home ?? '/' };
}
