/**
 * A booted host with the Docker engine for the containers area's tests: the
 * kernel, the userland with the daemon programs and a few test programs, the
 * host's services (dockerd and containerd among them) and an Engine with a
 * tiny busybox-like image served through the image seams (so these tests do
 * not depend on the image store). Not used by the core.
 */

import { bootKernel } from '../../kernel/boot.ts';
import { emptyHooks, type Kernel } from '../../kernel/kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import { installNet } from '../../kernel/net/install.ts';
import { installCgroup } from '../../kernel/cgroup/cpu.ts';
import { isErr } from '../../kernel/errno.ts';
import { populateTree, mkdirAll } from '../../kernel/fs/index.ts';
import { chargeMemory } from '../../kernel/cgroup/memory.ts';
import { SIGTERM } from '../../kernel/signals.ts';
import { createUserland, startHostUserland, marker, BUSYBOX_APPLETS, type Userland } from '../../userland/index.ts';
import type { ProgramDef } from '../../userland/types.ts';
import type { TreeSpec } from '../../kernel/fs/tree.ts';
import { Engine } from '../engine.ts';
import type { ApiRequest, ApiResponse, HttpMethod } from '../api/types.ts';
import { daemonPrograms, startDaemon } from '../daemon.ts';
import { setSeams, type SeamImage } from './seams.ts';

/** busybox `top` stand-in: catches SIGTERM and exits 128+15, as busybox top does. */
const topProgram: ProgramDef<null> = {
  id: 'top',
  catches: [SIGTERM],
  main: () => ({ block: 'forever' }),
  onSignal: (_ctx, sig) => ({ exit: 128 + sig }),
};

/** `hog N`: makes its resident memory N MiB (and the OOM killer may answer), then waits. */
const hogProgram: ProgramDef<null> = {
  id: 'hog',
  main(ctx) {
    const mib = Number(ctx.argv[1] ?? '1');
    const r = chargeMemory(ctx.k, ctx.pid, mib * 1024 * 1024);
    if (r === 'oom-killed') return { exit: 137 };
    return { block: 'forever' };
  },
};

const O2 = '/var/lib/docker/overlay2';
export const TEST_IMAGE_ID = `sha256:${'ab'.repeat(32)}`;

function imageTree(): TreeSpec {
  const spec: TreeSpec = {
    bin: { dir: true },
    sbin: { dir: true },
    'bin/busybox': { file: marker('busybox'), mode: 0o755 },
    'bin/hog': { file: marker('hog'), mode: 0o755 },
    'bin/notexec': { file: marker('true'), mode: 0o644 },
    'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n',
    'etc/group': 'root:x:0:root\nbin:x:1:root,bin\nnogroup:x:65534:\nwww-data:x:33:\n',
    'etc/hostname': '',
    'etc/hosts': '',
    'etc/resolv.conf': '',
    proc: { dir: true, mode: 0o555 },
    sys: { dir: true, mode: 0o555 },
    dev: { dir: true },
    tmp: { dir: true, mode: 0o1777 },
    root: { dir: true, mode: 0o700 },
    'var/www': { dir: true },
  };
  for (const a of BUSYBOX_APPLETS) if (a !== 'hog') spec[`bin/${a}`] = { symlink: '/bin/busybox' };
  return spec;
}

export interface EngineHost {
  k: Kernel;
  ul: Userland;
  engine: Engine;
  log: LoggedEvent[];
  shellPid: number;
  /** One Engine API call from the root shell. */
  api(method: HttpMethod, path: string, o?: { body?: unknown; query?: Record<string, string | string[]> }): ApiResponse;
  /** create + start; returns the container ID (throws on failure). */
  run(body: Record<string, unknown>, name?: string): string;
}

export function engineHost(seed = 1): EngineHost {
  const log: LoggedEvent[] = [];
  let ul: Userland | null = null;
  const hooks = emptyHooks();
  installNet(hooks);
  installCgroup(hooks);
  const k = bootKernel({
    seed,
    hooks,
    sink: (e) => {
      log.push(e);
      ul?.observe(e);
    },
  });
  ul = createUserland(k, { extraPrograms: [...daemonPrograms, topProgram, hogProgram] as unknown as ProgramDef<never>[] });
  const u = ul;
  const engine = new Engine(k, u);
  const hu = startHostUserland(k, u);
  const layer = `${O2}/testimage/diff`;
  const made = populateTree(k, 1, layer, imageTree(), { parents: true });
  if (isErr(made)) throw new Error(`test image: ${made.errno}`);
  const image: SeamImage = { id: TEST_IMAGE_ID, config: { Cmd: ['sh'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] } };
  setSeams(engine, {
    resolveImage: (_e, ref) => (ref === 'busybox' || ref === 'busybox:latest' || ref === TEST_IMAGE_ID ? image : null),
    prepareRootfs: (_e, _img, id) => {
      for (const d of ['diff', 'work', 'merged']) mkdirAll(k, 1, `${O2}/${id}/${d}`, 0o755);
      return { lowerdirs: [layer], upperdir: `${O2}/${id}/diff`, workdir: `${O2}/${id}/work`, merged: `${O2}/${id}/merged` };
    },
  });
  startDaemon(engine);
  const api: EngineHost['api'] = (method, path, o = {}) => {
    const req: ApiRequest = { method, path, query: o.query ?? {}, headers: {}, ...(o.body !== undefined ? { body: o.body } : {}) };
    return engine.handle(req, hu.rootShellPid);
  };
  const run: EngineHost['run'] = (body, name) => {
    const c = api('POST', '/containers/create', { body: { Image: 'busybox', ...body }, query: name ? { name } : {} });
    if (c.status !== 201) throw new Error(`create: ${JSON.stringify(c.body)}`);
    const id = (c.body as { Id: string }).Id;
    const s = api('POST', `/containers/${id}/start`);
    if (s.status !== 204) throw new Error(`start: ${JSON.stringify(s.body)}`);
    return id;
  };
  return { k, ul: u, engine, log, shellPid: hu.rootShellPid, api, run };
}
