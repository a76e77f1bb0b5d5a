/**
 * Layout math for the VM views, pure and tested in Node (d3-scale only; the
 * components render every element).
 *
 * - stacksLayout: two stacks side by side, built bottom-up: hardware, host
 *   kernel, then a hypervisor carrying guest kernels with their apps on one
 *   side, and a container runtime carrying containers (no kernel of their
 *   own) on the other. Columns are d3 bands across each side.
 * - densityScales: shared linear scales for memory and disk bars (so VMs and
 *   containers compare on one axis, with the host's capacity marked) and a
 *   log scale for start times (125 ms to 60 s on one axis).
 * - tileGrid: N instance tiles in rows, for the fleet animation.
 */

import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import type { StacksModel } from '../../sim/vm/stacks.ts';
import type { DeployCost } from '../../sim/vm/accounting.ts';

export type BoxKind = 'hardware' | 'hostKernel' | 'hypervisor' | 'guestKernel' | 'app' | 'runtime' | 'container' | 'more' | 'empty';

export interface StackBox {
  id: string;
  side: 'vm' | 'container';
  kind: BoxKind;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  sub: string;
}

export interface StacksLayout {
  width: number;
  height: number;
  sideWidth: number;
  boxes: StackBox[];
}

export interface StacksOptions {
  width: number;
  layerHeight?: number;
  gap?: number;
  /** Columns shown per side; the rest are summarised in a "+N more" box. */
  maxColumns?: number;
}

/** The two stacks as boxes; y grows downwards, hardware at the bottom. */
export function stacksLayout(m: StacksModel, o: StacksOptions): StacksLayout {
  const lh = o.layerHeight ?? 44;
  const gap = o.gap ?? 6;
  const middle = 24;
  const sideWidth = Math.max(120, (o.width - middle) / 2);
  const maxCols = o.maxColumns ?? 4;
  // Layers from the top: app, guest kernel, hypervisor/runtime, host kernel, hardware.
  const rows = 5;
  const height = rows * lh + (rows - 1) * gap;
  const yOf = (row: number) => row * (lh + gap);
  const boxes: StackBox[] = [];
  const hwSub = `${m.hardware.cpus} CPUs, ${m.hardware.memoryMiB} MiB${m.hardware.vtx ? ', VT-x' : ''}${m.hardware.ept ? '/EPT' : ''}`;

  for (const side of ['vm', 'container'] as const) {
    const x0 = side === 'vm' ? 0 : sideWidth + middle;
    const full = (id: string, kind: BoxKind, row: number, label: string, sub: string) => boxes.push({ id: `${side}:${id}`, side, kind, x: x0, y: yOf(row), w: sideWidth, h: lh, label, sub });
    full('hw', 'hardware', 4, 'Hardware', hwSub);
    full('kernel', 'hostKernel', 3, `Host kernel ${m.hostKernel.release}`, `one kernel: ${m.hostKernel.hostname}`);
    if (side === 'vm') full('hv', 'hypervisor', 2, m.hypervisor ? 'Hypervisor' : 'Hypervisor (not installed)', m.hypervisor?.label ?? 'no VMs yet');
    else full('rt', 'runtime', 2, 'Container runtime', m.runtime?.label ?? 'dockerd not running');

    const items = side === 'vm' ? m.vms : m.containers;
    const shown = items.length > maxCols ? items.slice(0, maxCols - 1) : items;
    const extra = items.length - shown.length;
    const cols = Math.max(1, shown.length + (extra > 0 ? 1 : 0));
    const band = scaleBand<number>()
      .domain(Array.from({ length: cols }, (_, i) => i))
      .range([x0, x0 + sideWidth])
      .paddingInner(0.08);
    const w = band.bandwidth();
    if (items.length === 0) {
      boxes.push({ id: `${side}:empty`, side, kind: 'empty', x: x0, y: yOf(0), w: sideWidth, h: 2 * lh + gap, label: side === 'vm' ? 'No VMs' : 'No containers', sub: side === 'vm' ? 'virt-install creates one' : 'docker run starts one' });
      continue;
    }
    shown.forEach((item, i) => {
      const x = band(i) as number;
      if (side === 'vm' && 'kernel' in item) {
        const appNames = item.apps.map((a) => a.name).join(', ');
        boxes.push({ id: `vm:${item.name}:kernel`, side, kind: 'guestKernel', x, y: yOf(1), w, h: lh, label: `${item.kernelFamily === 'windows' ? 'Windows' : 'Guest'} kernel ${item.kernel}`, sub: `${item.name}: ${item.status}${item.docker ? ', with Docker' : ''}` });
        boxes.push({ id: `vm:${item.name}:app`, side, kind: 'app', x, y: yOf(0), w, h: lh, label: appNames || 'guest OS services', sub: `${item.guestProcesses} guest processes, ${item.memoryMiB} MiB reserved` });
      } else if ('id' in item) {
        // A container is its processes on the shared kernel: one tall box, no kernel of its own.
        boxes.push({ id: `container:${item.id}`, side, kind: 'container', x, y: yOf(0), w, h: 2 * lh + gap, label: item.name, sub: `${item.processes} process${item.processes === 1 ? '' : 'es'}, no own kernel` });
      }
    });
    if (extra > 0) {
      const x = band(cols - 1) as number;
      boxes.push({ id: `${side}:more`, side, kind: 'more', x, y: yOf(0), w, h: 2 * lh + gap, label: `+${extra} more`, sub: '' });
    }
  }
  return { width: 2 * sideWidth + middle, height, sideWidth, boxes };
}

export interface DensityScales {
  memory: (mib: number) => number;
  disk: (mib: number) => number;
  start: (ms: number) => number;
  memoryMax: number;
  diskMax: number;
  /** Tick values for the start-time axis, ms. */
  startTicks: number[];
}

/** Scales shared by the three deployment kinds, so their bars compare directly; capacities mark the host's limit. */
export function densityScales(costs: DeployCost[], width: number, hostMemoryMiB: number, hostDiskMiB: number): DensityScales {
  const memoryMax = Math.max(hostMemoryMiB, ...costs.map((c) => c.memoryMiB.value));
  const diskMax = Math.max(hostDiskMiB, ...costs.map((c) => c.diskMiB.value));
  const memory = scaleLinear().domain([0, memoryMax]).range([0, width]).clamp(true);
  const disk = scaleLinear().domain([0, diskMax]).range([0, width]).clamp(true);
  const start = scaleLog().domain([100, 60_000]).range([0, width]).clamp(true);
  return {
    memory: (v) => memory(v),
    disk: (v) => disk(v),
    start: (v) => start(Math.max(100, v)),
    memoryMax,
    diskMax,
    startTicks: [100, 1000, 10_000, 60_000],
  };
}

export interface Tile {
  index: number;
  x: number;
  y: number;
  /** Beyond what fits on the host. */
  overflow: boolean;
}

/** N tiles of `size` px in rows of `perRow`; tiles past `fit` are marked as not fitting. */
export function tileGrid(n: number, fit: number, perRow: number, size: number, gap = 3): { tiles: Tile[]; width: number; height: number } {
  const tiles: Tile[] = [];
  for (let i = 0; i < n; i++) tiles.push({ index: i, x: (i % perRow) * (size + gap), y: Math.floor(i / perRow) * (size + gap), overflow: i >= fit });
  const rows = Math.max(1, Math.ceil(n / perRow));
  return { tiles, width: Math.min(n, perRow) * (size + gap) - gap, height: rows * (size + gap) - gap };
}

/** Real milliseconds an animation spends on `virtualMs` (VM boots compressed so 60 s takes 4 s; the fast ones stay visible). */
export function animationMs(virtualMs: number): number {
  return Math.max(250, Math.round((virtualMs / 60_000) * 4000));
}

/** "568 ms", "30 s", "1.2 GiB", "190 MiB". */
export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

export function fmtMiB(mib: number): string {
  return mib >= 1024 ? `${Math.round((mib / 1024) * 10) / 10} GiB` : `${Math.round(mib)} MiB`;
}
