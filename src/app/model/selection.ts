/**
 * What the learner clicked: one object of the host, named the way the kernel
 * names it (a host PID, a namespace inode, a cgroup path, a netns + ifindex, a
 * mount id, an iptables rule's position, a container ID). Plain data, so the
 * selection survives re-renders and state changes; when the object is gone
 * the details panel says so.
 */

import type { IptTableName } from '../../sim/kernel/net/types.ts';

export type Selection =
  | { kind: 'process'; pid: number }
  | { kind: 'ns'; inum: number }
  | { kind: 'cgroup'; path: string }
  | { kind: 'iface'; netns: number; ifindex: number }
  /** With its mount namespace: the kernel gives a gone copy's id to the next copy (fs/mount-ids.ts), never a namespace's inode. */
  | { kind: 'mount'; id: number; ns: number }
  | { kind: 'rule'; netns: number; table: IptTableName; chain: string; index: number }
  | { kind: 'container'; id: string }
  | { kind: 'image'; id: string };

export function selectionKey(s: Selection | null): string {
  if (!s) return '';
  switch (s.kind) {
    case 'process':
      return `process:${s.pid}`;
    case 'ns':
      return `ns:${s.inum}`;
    case 'cgroup':
      return `cgroup:${s.path}`;
    case 'iface':
      return `iface:${s.netns}:${s.ifindex}`;
    case 'mount':
      return `mount:${s.ns}:${s.id}`;
    case 'rule':
      return `rule:${s.netns}:${s.table}:${s.chain}:${s.index}`;
    case 'container':
      return `container:${s.id}`;
    case 'image':
      return `image:${s.id}`;
  }
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return selectionKey(a) === selectionKey(b);
}

/** Callback the views call when the learner picks an object. */
export type OnSelect = (s: Selection) => void;
