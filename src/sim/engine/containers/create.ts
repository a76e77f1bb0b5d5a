/**
 * POST /containers/create (moby daemon/create.go containerCreate, create,
 * newContainer): validate the settings, find the image (404 "No such image:
 * alpine:latest" so the CLI pulls), merge its config, reserve the name
 * (409 "Conflict. The container name ..."), prepare the container's
 * read-write layer, store the record and log the `create` event.
 * The task (processes, namespaces, cgroup) is made only at start.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';
import type { ContainerRecord } from './types.ts';
import { hostConfigFrom, idleNetworkSettings, mergeConfig, pathAndArgs } from './config.ts';
import { validateCreate } from './validate.ts';
import { canonicalName, generateName, newContainerId, shortId, validName, VALID_NAME_CHARS } from './names.ts';
import { initialLifecycle } from './container.machine.ts';
import { initialStateJson } from './state.ts';
import { seamsOf } from './seams.ts';
import { cgroupPathFor } from '../runtime/spec.ts';
import { eventAttrs } from './lookup.ts';
import { recordEvent } from '../system/events-log.ts';
import { createdStamp } from './clock.ts';
import { parseReference, familiarTagged } from '../images/reference.ts';

type Obj = Record<string, unknown>;

/** "No such image: alpine:latest" as the daemon names a missing reference. */
export function noSuchImage(ref: string): string {
  const r = parseReference(ref);
  return `No such image: ${'error' in r ? ref : familiarTagged(r)}`;
}

/**
 * NetworkingConfig.EndpointsConfig as stored: the CLI names the default
 * network "default", which on Linux is the bridge network.
 */
function endpointsFor(raw: unknown, networkMode: string): Record<string, Record<string, unknown>> {
  const src = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(src)) {
    const key = k === 'default' && networkMode === 'bridge' ? 'bridge' : k;
    if (!(key in out) || k !== 'default') out[key] = v;
  }
  return out;
}

/**
 * A create that failed after the mounts were registered: moby's cleanup
 * (cleanupContainer with RemoveVolume) drops the references and the
 * anonymous volumes it made, so `docker volume rm` works afterwards.
 */
function failCreate(engine: Engine, id: string, status: number, message: string): ApiResponse {
  seamsOf(engine).releaseVolumes(engine, id, true);
  return apiError(status, message);
}

export function createContainer(engine: Engine, body: unknown, query: Record<string, string | string[]>): ApiResponse {
  const b = typeof body === 'object' && body !== null ? (body as Obj) : null;
  if (!b) return apiError(400, 'Config cannot be empty in order to create a container');
  const seams = seamsOf(engine);
  const host = hostConfigFrom(b.HostConfig);
  const pre = mergeConfig(b, null);
  const invalid = validateCreate(pre, host, engine.k.state.machine.cpus);
  if (invalid) return apiError(400, invalid);
  const ref = typeof b.Image === 'string' ? b.Image : '';
  const img = ref ? seams.resolveImage(engine, ref) : null;
  if (!img) return apiError(404, noSuchImage(ref));
  const cfg = mergeConfig(b, img);
  const pa = pathAndArgs(cfg);
  if (!pa) return apiError(400, 'no command specified');
  const netCfg = typeof b.NetworkingConfig === 'object' && b.NetworkingConfig !== null ? (b.NetworkingConfig as Obj) : {};
  const endpoints = endpointsFor(netCfg.EndpointsConfig, host.NetworkMode);

  const st = engine.state.containers;
  const rawName = typeof query.name === 'string' ? query.name : '';
  const rng = engine.k.state.rng;
  const id = newContainerId(rng);
  let name: string;
  if (rawName === '') name = generateName(rng, id, (n) => st.names[n] !== undefined);
  else {
    if (!validName(rawName)) return apiError(400, `Invalid container name (${rawName}), only ${VALID_NAME_CHARS} are allowed`);
    name = canonicalName(rawName);
    const taken = st.names[name];
    if (taken) return apiError(409, `Conflict. The container name "${name}" is already in use by container "${taken}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  if (host.NetworkMode === 'host') cfg.Hostname ||= engine.k.state.machine.hostname;
  else if (!host.NetworkMode.startsWith('container:')) cfg.Hostname ||= shortId(id);

  const vol = seams.validateMounts(engine, id, { binds: host.Binds ?? [], mounts: host.Mounts ?? [], tmpfs: host.Tmpfs ?? {}, imageVolumes: Object.keys(cfg.Volumes ?? {}) });
  if (vol) return failCreate(engine, id, 400, vol);
  const rootfs = seams.prepareRootfs(engine, img.id, id);
  if ('error' in rootfs) return failCreate(engine, id, 500, rootfs.error);

  const stamp = createdStamp(engine);
  const rec: ContainerRecord = {
    Id: id,
    Created: stamp.text,
    Path: pa.Path,
    Args: pa.Args,
    State: initialStateJson(),
    Image: img.id,
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: '',
    Name: name,
    RestartCount: 0,
    Driver: rootfs.lowerdirs.length ? 'overlay2' : 'vfs',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: host.Privileged ? 'unconfined' : 'docker-default',
    ExecIDs: null,
    HostConfig: host,
    // vfs (no lowerdirs: a plain directory) reports no GraphDriver data.
    GraphDriver: rootfs.lowerdirs.length
      ? { Data: { LowerDir: rootfs.lowerdirs.join(':'), MergedDir: rootfs.merged, UpperDir: rootfs.upperdir, WorkDir: rootfs.workdir }, Name: 'overlay2' }
      : { Data: null, Name: 'vfs' },
    Mounts: [],
    Config: cfg,
    // What the network area reports for a container not running yet (else the plain default).
    NetworkSettings: seams.idleNetworkSettings(engine, id, { networkMode: host.NetworkMode, endpointsConfig: endpoints }) ?? idleNetworkSettings(host.NetworkMode, endpoints),
    EndpointsConfig: endpoints,
    rt: {
      lifecycle: initialLifecycle(host.RestartPolicy),
      imageRef: ref,
      createdSeq: engine.k.state.seq,
      cgroup: '',
      rootfs,
      rootfsMounted: false,
      task: null,
      attachments: [],
      pty: null,
      stdin: null,
      waiters: [],
      cleanupPending: false,
      restartDueMs: null,
      startedAtMs: null,
      finishedAtMs: null,
    },
  };
  rec.rt.cgroup = cgroupPathFor(rec);
  engine.emit({ type: 'container.created', container: rec });
  // The volume mount points are registered at create (inspect shows them before the first start).
  const prepared = (engine.state.volumes as { prepared?: Record<string, Array<{ point: unknown }>> }).prepared?.[id];
  const points = (prepared ?? []).map((m) => m.point).filter((p): p is NonNullable<typeof p> => p !== null && p !== undefined);
  if (points.length) engine.emit({ type: 'container.mountsChanged', id, mounts: points as ContainerRecord['Mounts'] });
  recordEvent(engine, 'container', 'create', id, eventAttrs(rec));
  return apiJson(201, { Id: id, Warnings: [] });
}
