export type { ContainerMount, MountPoint };

/**
 * A container's mounts: parsing `-v`/`--mount`/`--tmpfs` and image VOLUMEs
 * when the container is created (moby volume/mounts/linux_parser.go,
 * daemon/create_unix.go, daemon/volumes.go registerMountPoints), bind-mounting
 * them into the container's mount namespace when it starts (runc's
 * mountToRootfs, before pivot_root), and dropping the references when the
 * container is removed.
 *
 * Models: `name:/dst[:mode]` named volumes (created on first use), `/host:/dst`
 * binds (a missing host directory is created for -v, refused for --mount),
 * `/dst` and image VOLUMEs as anonymous volumes (64 hex names), `:ro` and
 * ReadOnly, --tmpfs (rw,nosuid,nodev,noexec, not listed in Mounts) and
 * --mount type=tmpfs; an empty volume is filled with the image's content at
 * the mount point on first mount (unless nocopy); the inspect `Mounts`
 * entries with Docker's Mode ("z" for volumes, the given mode for binds) and
 * Propagation ("rprivate" for binds).
 * SIMPLIFICATIONS:
 * - Mount propagation options are recorded, not applied (new mounts stay private).
 * - SELinux z/Z relabelling does nothing.
 */

import type { Engine } from '../engine.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { lstat, mkdirAll, mount, writeFile, exists } from '../../kernel/fs/index.ts';
import { daemonPid } from '../network/kops.ts';
import { dataPath, type ContainerMount, type MountPoint } from './types.ts';
import { createVolume, isVolError, removeVolume, type VolError } from './store.ts';
import { copyTree, isEmptyDir } from './tree.ts';
import { recordEvent } from '../system/events-log.ts';
import { secureJoin, type DirFd } from '../../kernel/fs/vfs/dirfd.ts';

/** --mount as HostConfig.Mounts carries it (api/types/mount.Mount). */
export interface MountIn {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } } | null;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

export interface MountsRequest {
  /** HostConfig.Binds ("name:/dst", "/host:/dst:ro", "/dst"). */
  binds?: string[] | null;
  /** HostConfig.Mounts. */
  mounts?: MountIn[] | null;
  /** HostConfig.Tmpfs ("/run": "size=64m"). */
  tmpfs?: Record<string, string> | null;
  /** Config.Volumes and the image's Volumes: destinations that get anonymous volumes. */
  volumes?: Record<string, unknown> | string[] | null;
}

const MODES = new Set(['ro', 'rw', 'z', 'Z', 'nocopy', 'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'consistent', 'cached', 'delegated']);
const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

function clean(p: string): string {
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (!c || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return `/${out.join('/')}`;
}

function mustAbsolute(spec: string, type: string, dst: string): VolError | null {
  if (dst.startsWith('/')) return null;
  return { error: `invalid volume specification: '${spec}': invalid mount config for type "${type}": invalid mount path: '${dst}' mount path must be absolute`, status: 400 };
}

function anonymous(engine: Engine): { name: string } | VolError {
  const v = createVolume(engine, {}, true);
  return isVolError(v) ? v : { name: v.Name };
}

function volumeMount(name: string, dst: string, rw: boolean, mode: string, copy: boolean): ContainerMount {
  return {
    type: 'volume',
    name,
    source: dataPath(name),
    destination: dst,
    rw,
    copy,
    createSource: false,
    tmpfsData: '',
    point: { Type: 'volume', Name: name, Source: dataPath(name), Destination: dst, Driver: 'local', Mode: mode, RW: rw, Propagation: '' },
  };
}

function bindMount(src: string, dst: string, rw: boolean, mode: string, propagation: string, createSource: boolean): ContainerMount {
  return { type: 'bind', name: null, source: src, destination: dst, rw, copy: false, createSource, tmpfsData: '', point: { Type: 'bind', Source: src, Destination: dst, Mode: mode, RW: rw, Propagation: propagation } };
}

/** One -v spec (parseMountRaw). */
function parseBind(engine: Engine, spec: string): ContainerMount | VolError {
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p, i) => p === '' && !(parts.length === 1 && i === 0))) return { error: `invalid volume specification: '${spec}'`, status: 400 };
  if (parts.length === 1) {
    const dst = parts[0] as string;
    const bad = mustAbsolute(spec, 'volume', dst);
    if (bad) return bad;
    const a = anonymous(engine);
    return isVolError(a) ? a : volumeMount(a.name, clean(dst), true, '', true);
  }
  const [src = '', dst = '', mode = ''] = parts;
  const modes = mode ? mode.split(',') : [];
  if (modes.some((m) => !MODES.has(m))) return { error: `invalid mode: ${mode}`, status: 400 };
  const rw = !modes.includes('ro');
  const isBind = src.startsWith('/');
  const bad = mustAbsolute(spec, isBind ? 'bind' : 'volume', dst);
  if (bad) return bad;
  if (isBind) {
    const prop = modes.find((m) => PROPAGATIONS.has(m)) ?? 'rprivate';
    return bindMount(clean(src), clean(dst), rw, mode, prop, true);
  }
  const v = createVolume(engine, { Name: src });
  if (isVolError(v)) return v;
  return volumeMount(v.Name, clean(dst), rw, mode || 'z', !modes.includes('nocopy'));
}

/** One --mount (HostConfig.Mounts entry). */
function parseMount(engine: Engine, m: MountIn): ContainerMount | VolError {
  const type = m.Type ?? '';
  const target = m.Target ?? '';
  if (!target) return { error: `invalid mount config for type "${type}": field Target must not be empty`, status: 400 };
  if (!target.startsWith('/')) return { error: `invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`, status: 400 };
  const rw = !m.ReadOnly;
  if (type === 'bind') {
    const src = m.Source ?? '';
    if (!src) return { error: 'invalid mount config for type "bind": field Source must not be empty', status: 400 };
    if (!exists(engine.k, daemonPid(engine), src)) return { error: `invalid mount config for type "bind": bind source path does not exist: ${src}`, status: 400 };
    return bindMount(clean(src), clean(target), rw, '', m.BindOptions?.Propagation || 'rprivate', false);
  }
  if (type === 'volume') {
    let name = m.Source ?? '';
    if (!name) {
      const a = anonymous(engine);
      if (isVolError(a)) return a;
      name = a.name;
    } else {
      const v = createVolume(engine, { Name: name, Labels: m.VolumeOptions?.Labels ?? null, DriverOpts: m.VolumeOptions?.DriverConfig?.Options ?? null, Driver: m.VolumeOptions?.DriverConfig?.Name });
      if (isVolError(v)) return v;
    }
    return volumeMount(name, clean(target), rw, 'z', !m.VolumeOptions?.NoCopy);
  }
  if (type === 'tmpfs') {
    if (m.Source) return { error: 'invalid mount config for type "tmpfs": field Source must not be specified', status: 400 };
    const data = [m.TmpfsOptions?.SizeBytes ? `size=${m.TmpfsOptions.SizeBytes}` : '', m.TmpfsOptions?.Mode ? `mode=${m.TmpfsOptions.Mode.toString(8)}` : ''].filter(Boolean).join(',');
    return { type: 'tmpfs', name: null, source: '', destination: clean(target), rw, copy: false, createSource: false, tmpfsData: data, point: { Type: 'tmpfs', Source: '', Destination: clean(target), Mode: '', RW: rw, Propagation: '' } };
  }
  return { error: `invalid mount config for type "${type}": mount type unknown`, status: 400 };
}

/**
 * At container create: resolve every mount, creating named and anonymous
 * volumes, and record that the container uses them. Returns the mounts for
 * mountVolumes and the inspect `Mounts`, or Docker's error.
 */
export function prepareMounts(engine: Engine, containerId: string, req: MountsRequest): { mounts: ContainerMount[]; Mounts: MountPoint[] } | VolError {
  // Only a request with mounts can create volumes (or fail): the common empty one skips the O(volumes) snapshot.
  const vols = req.volumes;
  const any = !!req.binds?.length || !!req.mounts?.length || (!!req.tmpfs && Object.keys(req.tmpfs).length > 0) || (Array.isArray(vols) ? vols.length > 0 : !!vols && Object.keys(vols).length > 0);
  const before = any ? new Set(engine.state.volumes.order) : null;
  const r = resolveMounts(engine, containerId, req);
  // moby validates every spec before it creates anything: a bad spec leaves no volumes behind.
  if (isVolError(r) && before) for (const n of engine.state.volumes.order.filter((x) => !before.has(x))) removeVolume(engine, n, true);
  return r;
}

/** Keep one resolved mount unless its destination is taken (moby's "Duplicate mount point"). */
function addMount(out: ContainerMount[], seen: Set<string>, m: ContainerMount | VolError): VolError | null {
  if (isVolError(m)) return m;
  if (seen.has(m.destination)) return { error: `Duplicate mount point: ${m.destination}`, status: 400 };
  seen.add(m.destination);
  out.push(m);
  return null;
}

function resolveMounts(engine: Engine, containerId: string, req: MountsRequest): { mounts: ContainerMount[]; Mounts: MountPoint[] } | VolError {
  const out: ContainerMount[] = [];
  const seen = new Set<string>();
  for (const b of req.binds ?? []) {
    const e = addMount(out, seen, parseBind(engine, b));
    if (e) return e;
  }
  for (const m of req.mounts ?? []) {
    const e = addMount(out, seen, parseMount(engine, m));
    if (e) return e;
  }
  for (const [dst, data] of Object.entries(req.tmpfs ?? {})) {
    const d = clean(dst);
    if (seen.has(d)) return { error: `Duplicate mount point: ${d}`, status: 400 };
    seen.add(d);
    out.push({ type: 'tmpfs', name: null, source: '', destination: d, rw: true, copy: false, createSource: false, tmpfsData: data, point: null });
  }
  const vols = Array.isArray(req.volumes) ? req.volumes : Object.keys(req.volumes ?? {});
  for (const dst of vols) {
    if (seen.has(clean(dst))) continue;
    const e = addMount(out, seen, parseBind(engine, dst));
    if (e) return e;
  }
  const names = out.filter((m) => m.name !== null).map((m) => m.name as string);
  engine.emit({ type: 'volume.referenced', containerId, names, mounts: out });
  return { mounts: out, Mounts: out.filter((m) => m.point !== null).map((m) => ({ ...(m.point as MountPoint) })) };
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}

/**
 * At container start, as runc does before pivot_root: mount each entry onto
 * `rootfs` + destination, as the container's init process `initPid` (in its
 * new mount namespace, still holding every capability). `rootfs` is the
 * container's root as initPid sees it ('' when it already is `/`); with `at`
 * (runc's rootfs opened as a dirfd) the destination is resolved inside it, as
 * runc's securejoin does: a symlink in the image cannot send a mount out of
 * the rootfs.
 */
export function mountVolumes(engine: Engine, containerId: string, initPid: number, mounts: ContainerMount[], opts: { rootfs?: string; at?: DirFd } = {}): null | VolError {
  const k = engine.k;
  const root = (opts.rootfs ?? '').replace(/\/$/, '');
  for (const m of [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination))) {
    const joined = opts.at ? secureJoin(k, initPid, opts.at, m.destination) : `${root}${m.destination}`;
    if (isErr(joined)) return { error: `error mounting "${m.type === 'tmpfs' ? 'tmpfs' : m.source}" to rootfs at "${m.destination}": ${strerror(joined.errno).toLowerCase()}`, status: 500 };
    const target = joined;
    if (m.type === 'tmpfs') {
      mkdirAll(k, initPid, target, 0o755);
      const r = mount(k, initPid, 'tmpfs', target, 'tmpfs', { flags: ['nosuid', 'nodev', 'noexec', ...(m.rw ? [] : ['ro'])], ...(m.tmpfsData ? { data: m.tmpfsData } : {}) });
      if (isErr(r)) return { error: `error mounting "tmpfs" to rootfs at "${m.destination}": ${strerror(r.errno).toLowerCase()}`, status: 500 };
      continue;
    }
    if (m.type === 'bind' && !exists(k, daemonPid(engine), m.source)) {
      if (!m.createSource) return { error: `invalid mount config for type "bind": bind source path does not exist: ${m.source}`, status: 400 };
      mkdirAll(k, daemonPid(engine), m.source, 0o755);
    }
    const src = lstat(k, initPid, m.source);
    if (isErr(src)) return { error: `error while mounting volume '${m.source}': ${strerror(src.errno).toLowerCase()}`, status: 500 };
    if (m.type === 'volume' && m.copy && isEmptyDir(k, initPid, m.source)) {
      const img = lstat(k, initPid, target);
      if (!isErr(img) && img.type === 'dir') copyTree(k, initPid, target, m.source);
    }
    if (!exists(k, initPid, target)) {
      if (src.type === 'dir') mkdirAll(k, initPid, target, 0o755);
      else {
        mkdirAll(k, initPid, target.slice(0, target.lastIndexOf('/')) || '/', 0o755);
        writeFile(k, initPid, target, '', { mode: 0o644 });
      }
    }
    const r = mount(k, initPid, m.source, target, '', { bind: true, recursive: true, flags: m.rw ? [] : ['ro'] });
    if (isErr(r)) return { error: `error mounting "${m.source}" to rootfs at "${m.destination}": ${strerror(r.errno).toLowerCase()}`, status: 500 };
    if (m.name) {
      engine.emit({ type: 'volume.mounted', containerId, name: m.name, destination: m.destination });
      recordEvent(engine, 'volume', 'mount', m.name, { container: containerId, destination: m.destination, driver: 'local', propagation: '', 'read/write': String(m.rw) });
    }
  }
  return null;
}

/** At container removal: drop its volume references; with removeAnonymous (`rm -v`, `--rm`) delete its anonymous volumes. */
export function releaseVolumes(engine: Engine, containerId: string, opts: { removeAnonymous?: boolean } = {}): void {
  const names = [...(engine.state.volumes.byContainer[containerId] ?? [])];
  if (!names.length && !engine.state.volumes.prepared[containerId]) return;
  engine.emit({ type: 'volume.released', containerId });
  if (!opts.removeAnonymous) return;
  for (const n of names) {
    const v = engine.state.volumes.volumes[n];
    if (v?.anonymous && !(engine.state.volumes.refs[n] ?? []).length) {
      // Docker removes them quietly; a failure leaves the volume dangling.
      removeVolume(engine, n, true);
    }
  }
}
