/**
 * Layout of the Network view: each network namespace as a box listing its
 * interfaces (ip-link(8): lo, eth0, bridges with their ports, veths) and
 * addresses; veth pairs drawn as links between boxes, a bridge as a hub bus to
 * its ports, the host's eth0 wired to "internet".
 *
 * A deterministic layered layout (no force simulation, so nothing jiggles and
 * tests can pin positions): the host namespace on the left, the internet above
 * it, every other namespace in a column on the right, ordered by the height of
 * the host-side veth it is wired to so links rarely cross. d3-shape draws the
 * veth curves. packetPath() turns a traced packet's hops (net.packetTraced)
 * into the points a dot travels through.
 */

import { linkHorizontal } from 'd3-shape';
import type { Hop } from '../../sim/kernel/net/events.ts';
import type { Link, NetNs, NetState } from '../../sim/kernel/net/types.ts';

export const NET_DIMS = {
  margin: 16,
  hostX: 16,
  hostW: 300,
  colGap: 110,
  nsW: 270,
  header: 30,
  rowH: 44,
  rowGap: 6,
  pad: 8,
  portIndent: 18,
  internetH: 40,
  boxGap: 16,
} as const;

export interface IfaceBox {
  /** "netns:ifindex". */
  id: string;
  netns: number;
  ifindex: number;
  name: string;
  kind: Link['kind'];
  mac: string;
  up: boolean;
  /** "172.17.0.1/16". */
  addrs: string[];
  /** The bridge's name when this is a bridge port. */
  master: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NetBox {
  /** The netns inode. */
  netns: number;
  isHost: boolean;
  title: string;
  subtitle: string;
  x: number;
  y: number;
  w: number;
  h: number;
  ifaces: IfaceBox[];
}

export interface NetEdge {
  id: string;
  kind: 'veth' | 'bridge-port' | 'uplink';
  d: string;
  /** Interface ids at both ends ("internet" for the uplink's far end). */
  from: string;
  to: string;
}

export interface NetworkLayout {
  boxes: NetBox[];
  edges: NetEdge[];
  internet: { x: number; y: number; w: number; h: number };
  width: number;
  height: number;
  /** "netns ifname" → interface box, for packet paths. */
  byName: Map<string, IfaceBox>;
}

export interface NetworkLayoutOptions {
  /** The host's (initial) network namespace. */
  hostNetns: number;
  /** Title and subtitle of a namespace box. */
  label?: (netns: number) => { title: string; subtitle: string };
  /** Interface ids ("netns:ifindex") and netns ids ("ns:<inum>") not to show yet. */
  hidden?: ReadonlySet<string>;
  /** One column (phones): the other namespaces below the host instead of beside it. */
  narrow?: boolean;
}

const veth = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();

/** Interfaces of a namespace in display order: eth0 and lo first, then each bridge followed by its ports, then the rest. */
function orderedLinks(ns: NetNs): Array<{ link: Link; port: boolean }> {
  const links = Object.values(ns.links).sort((a, b) => a.ifindex - b.ifindex);
  const out: Array<{ link: Link; port: boolean }> = [];
  const taken = new Set<number>();
  const take = (l: Link, port: boolean) => {
    if (taken.has(l.ifindex)) return;
    taken.add(l.ifindex);
    out.push({ link: l, port });
  };
  for (const l of links) if (l.kind === 'ether' || l.name === 'eth0') take(l, false);
  for (const l of links) if (l.kind === 'loopback') take(l, false);
  for (const br of links.filter((l) => l.kind === 'bridge')) {
    take(br, false);
    for (const l of links) if (l.master === br.ifindex) take(l, true);
  }
  for (const l of links) take(l, false);
  return out;
}

function boxFor(ns: NetNs, x: number, y: number, w: number, opts: NetworkLayoutOptions): NetBox {
  const d = NET_DIMS;
  const isHost = ns.inum === opts.hostNetns;
  const lab = opts.label?.(ns.inum) ?? { title: isHost ? 'host' : `netns ${ns.inum}`, subtitle: `net:[${ns.inum}]` };
  const ifaces: IfaceBox[] = [];
  let cy = y + d.header;
  for (const { link, port } of orderedLinks(ns)) {
    const id = `${ns.inum}:${link.ifindex}`;
    if (opts.hidden?.has(id)) continue;
    const ix = x + d.pad + (port ? d.portIndent : 0);
    const master = link.master !== null ? (ns.links[link.master]?.name ?? null) : null;
    ifaces.push({
      id,
      netns: ns.inum,
      ifindex: link.ifindex,
      name: link.name,
      kind: link.kind,
      mac: link.mac,
      up: link.up,
      addrs: link.addrs.map((a) => `${a.local}/${a.prefixlen}`),
      master,
      x: ix,
      y: cy,
      w: w - d.pad * 2 - (port ? d.portIndent : 0),
      h: d.rowH,
    });
    cy += d.rowH + d.rowGap;
  }
  const h = Math.max(cy - y + d.pad - d.rowGap, d.header + d.pad);
  return { netns: ns.inum, isHost, title: lab.title, subtitle: lab.subtitle, x, y, w, h, ifaces };
}

const mid = (b: IfaceBox): number => b.y + b.h / 2;

export function layoutNetwork(net: NetState, opts: NetworkLayoutOptions): NetworkLayout {
  const d = NET_DIMS;
  const internet = { x: d.hostX + 60, y: d.margin, w: d.hostW - 120, h: d.internetH };
  const hostNs = net.byNs[opts.hostNetns];
  const boxes: NetBox[] = [];
  const hostTop = internet.y + internet.h + 40;
  const host = hostNs ? boxFor(hostNs, d.hostX, hostTop, d.hostW, opts) : null;
  if (host) boxes.push(host);

  // Other namespaces, ordered by the host-side end of their veth (if any), then by inode.
  const narrow = opts.narrow === true;
  const colX = narrow ? d.hostX : d.hostX + d.hostW + d.colGap;
  const colW = narrow ? d.hostW : d.nsW;
  const hostRowOf = new Map<string, IfaceBox>();
  for (const b of host?.ifaces ?? []) hostRowOf.set(b.id, b);
  const others = Object.values(net.byNs)
    .filter((ns) => ns.inum !== opts.hostNetns && !opts.hidden?.has(`ns:${ns.inum}`))
    .map((ns) => {
      let anchor = Infinity;
      for (const l of Object.values(ns.links)) {
        if (!l.peer) continue;
        const row = hostRowOf.get(`${l.peer.netns}:${l.peer.ifindex}`);
        if (row) anchor = Math.min(anchor, mid(row));
      }
      return { ns, anchor };
    })
    .sort((a, b) => a.anchor - b.anchor || a.ns.inum - b.ns.inum);
  let nextY = narrow && host ? host.y + host.h + d.boxGap * 2 : hostTop;
  for (const { ns, anchor } of others) {
    const probe = boxFor(ns, colX, 0, colW, opts);
    // Centre the box's first veth-peer row on its anchor when there is room.
    const firstPeer = probe.ifaces.find((i) => ns.links[i.ifindex]?.peer);
    const want = !narrow && Number.isFinite(anchor) && firstPeer ? anchor - mid(firstPeer) : nextY;
    const y = Math.max(nextY, want);
    const box = boxFor(ns, colX, y, colW, opts);
    boxes.push(box);
    nextY = y + box.h + d.boxGap;
  }

  const byId = new Map<string, IfaceBox>();
  const byName = new Map<string, IfaceBox>();
  for (const b of boxes)
    for (const i of b.ifaces) {
      byId.set(i.id, i);
      byName.set(`${i.netns} ${i.name}`, i);
    }

  const edges: NetEdge[] = [];
  const eth0 = host?.ifaces.find((i) => i.kind === 'ether') ?? host?.ifaces.find((i) => i.name === 'eth0');
  if (eth0) {
    const x = internet.x + internet.w / 2;
    edges.push({ id: 'uplink', kind: 'uplink', from: eth0.id, to: 'internet', d: `M${x},${internet.y + internet.h}V${host?.y ?? eth0.y}` });
  }
  for (const b of boxes) {
    const ns = net.byNs[b.netns];
    if (!ns) continue;
    for (const i of b.ifaces) {
      const link = ns.links[i.ifindex];
      if (!link) continue;
      if (link.master !== null) {
        const br = byId.get(`${b.netns}:${link.master}`);
        if (br) {
          const bx = br.x + 8;
          edges.push({ id: `port:${i.id}`, kind: 'bridge-port', from: br.id, to: i.id, d: `M${bx},${br.y + br.h}V${mid(i)}H${i.x}` });
        }
      }
      if (link.peer) {
        const peerId = `${link.peer.netns}:${link.peer.ifindex}`;
        // Draw each pair once, from the end with the smaller id.
        if (peerId < i.id && byId.has(peerId)) continue;
        const p = byId.get(peerId);
        if (!p) continue;
        const sameColumn = Math.abs(p.x - i.x) < colW / 2;
        const path = sameColumn
          ? `M${i.x + i.w},${mid(i)}C${i.x + i.w + 50},${mid(i)} ${p.x + p.w + 50},${mid(p)} ${p.x + p.w},${mid(p)}`
          : (() => {
              const [l, r] = i.x < p.x ? [i, p] : [p, i];
              return veth({ source: [l.x + l.w, mid(l)], target: [r.x, mid(r)] }) ?? '';
            })();
        edges.push({ id: `veth:${i.id}`, kind: 'veth', from: i.id, to: peerId, d: path });
      }
    }
  }

  const width = narrow ? d.hostX + d.hostW + 64 : colX + d.nsW + d.margin;
  const height = Math.max(...boxes.map((b) => b.y + b.h), internet.y + internet.h) + d.margin;
  return { boxes, edges, internet, width, height, byName };
}

export interface PacketPoint {
  x: number;
  y: number;
  hop: Hop;
}

/** Points a traced packet passes, one per hop that maps to something drawn (consecutive duplicates merged). */
export function packetPath(layout: NetworkLayout, hops: readonly Hop[]): PacketPoint[] {
  const pts: PacketPoint[] = [];
  for (const hop of hops) {
    let x: number;
    let y: number;
    if (hop.what === 'internet') {
      x = layout.internet.x + layout.internet.w / 2;
      y = layout.internet.y + layout.internet.h / 2;
    } else {
      const b = layout.byName.get(`${hop.netns} ${hop.ifname}`);
      if (!b) continue;
      x = b.x + b.w / 2;
      y = mid(b);
    }
    const last = pts[pts.length - 1];
    if (last && last.x === x && last.y === y) {
      last.hop = hop;
      continue;
    }
    pts.push({ x, y, hop });
  }
  return pts;
}

/** Length of a polyline, px. */
export function pathLength(pts: ReadonlyArray<{ x: number; y: number }>): number {
  let len = 0;
  for (let i = 1; i < pts.length; i++) len += Math.hypot(pts[i]!.x - pts[i - 1]!.x, pts[i]!.y - pts[i - 1]!.y);
  return len;
}

/** The point at fraction t (0..1) of a polyline's length. */
export function pointAt(pts: ReadonlyArray<{ x: number; y: number }>, t: number): { x: number; y: number; segment: number } {
  if (pts.length === 0) return { x: 0, y: 0, segment: 0 };
  if (pts.length === 1 || t <= 0) return { x: pts[0]!.x, y: pts[0]!.y, segment: 0 };
  const total = pathLength(pts);
  let want = Math.min(1, t) * total;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const seg = Math.hypot(b.x - a.x, b.y - a.y);
    if (want <= seg || i === pts.length - 1) {
      const f = seg === 0 ? 1 : Math.min(1, want / seg);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, segment: i - 1 };
    }
    want -= seg;
  }
  const last = pts[pts.length - 1]!;
  return { x: last.x, y: last.y, segment: pts.length - 2 };
}
