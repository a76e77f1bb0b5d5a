/**
 * A lesson's highlight (`container:web`, `process:nginx`, `cgroup:/demo`) as
 * the app's selection of a concrete object in the host's current state, or
 * null when there is no such object (yet) or no view shows that kind.
 */

import type { Host } from '../../sim/host/host.ts';
import type { Highlight } from '../../lessons/types.ts';
import type { Selection } from '../model/selection.ts';

export function resolveHighlight(h: Highlight | undefined, host: Host): Selection | null {
  if (!h) return null;
  const k = host.kernel.state;
  switch (h.kind) {
    case 'container': {
      const cs = host.engine?.state.containers;
      const id = cs?.names[`/${h.name}`] ?? (cs?.byId[h.name] ? h.name : undefined);
      return id ? { kind: 'container', id } : null;
    }
    case 'process': {
      const pid = /^\d+$/.test(h.name) ? Number(h.name) : Object.values(k.proc.byPid).find((p) => p.state !== 'Z' && (p.comm === h.name || p.argv.join(' ') === h.name))?.pid;
      return pid !== undefined && k.proc.byPid[pid] ? { kind: 'process', pid } : null;
    }
    case 'cgroup':
      return k.cgroup.byPath[h.name] ? { kind: 'cgroup', path: h.name } : null;
    case 'namespace': {
      const initial = k.ns.initial as Record<string, number>;
      const hits = Object.values(k.ns.byInum).filter((n) => n.type === h.name && n.inum !== initial[h.name]);
      const ns = hits[hits.length - 1] ?? Object.values(k.ns.byInum).find((n) => n.type === h.name);
      return ns ? { kind: 'ns', inum: ns.inum } : null;
    }
    case 'link': {
      const netns = k.ns.initial.net;
      const link = Object.values(k.net.byNs[netns]?.links ?? {}).find((l) => l.name === h.name);
      return link ? { kind: 'iface', netns, ifindex: link.ifindex } : null;
    }
    case 'mount': {
      const ns = k.ns.initial.mnt;
      const id = k.fs.mntns[ns]?.order.find((m) => k.fs.mounts[m]?.point === h.name);
      return id !== undefined ? { kind: 'mount', id, ns } : null;
    }
    case 'image': {
      const ref = h.name.includes(':') ? h.name : `${h.name}:latest`;
      const id = host.engine?.state.images.tags[ref];
      return id ? { kind: 'image', id } : null;
    }
    default:
      return null;
  }
}
