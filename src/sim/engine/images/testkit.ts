/**
 * Helpers for the image store's tests: a booted host with its userland, an
 * Engine and the daemon started (the store itself works as PID 1), and
 * shortcuts for API requests. Not used by the core.
 */

import { bootKernel } from '../../kernel/boot.ts';
import { emptyHooks, type Kernel } from '../../kernel/kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import { installNet } from '../../kernel/net/install.ts';
import { installCgroup } from '../../kernel/cgroup/cpu.ts';
import { createUserland, startHostUserland, type Userland } from '../../userland/index.ts';
import type { ProgramDef } from '../../userland/types.ts';
import type { ApiRequest, ApiResponse, HttpMethod } from '../api/types.ts';
import { Engine } from '../engine.ts';
import { helloProgram } from './programs/hello.ts';
import { daemonPrograms, startDaemon } from '../daemon.ts';

export interface ImagesHost {
  k: Kernel;
  ul: Userland;
  engine: Engine;
  log: LoggedEvent[];
  shell: number;
}

export function bootImages(seed = 1, extra: ProgramDef<never>[] = []): ImagesHost {
  const log: LoggedEvent[] = [];
  let userland: Userland | null = null;
  const hooks = emptyHooks();
  installNet(hooks);
  installCgroup(hooks);
  const k = bootKernel({
    seed,
    hooks,
    sink: (e) => {
      log.push(e);
      userland?.observe(e);
    },
  });
  const ul = createUserland(k, { extraPrograms: [...(daemonPrograms as unknown as ProgramDef<never>[]), helloProgram as ProgramDef<never>, ...extra] });
  userland = ul;
  const engine = new Engine(k, ul);
  const shell = startHostUserland(k, ul).rootShellPid;
  startDaemon(engine);
  return { k, ul, engine, log, shell };
}

/** One Engine API request as the CLI would send it (from the root shell). */
export function api(h: ImagesHost, method: HttpMethod, path: string, query: Record<string, string | string[]> = {}, body?: unknown, headers: Record<string, string> = {}): ApiResponse {
  const req: ApiRequest = { method, path, query, headers, body };
  return h.engine.handle(req, h.shell);
}

/** The stream messages of a streaming response. */
export function streamOf(res: ApiResponse): Array<Record<string, unknown>> {
  const b = res.body as { stream?: Array<Record<string, unknown>> } | undefined;
  return b?.stream ?? [];
}

/** Lines as the CLI prints a pull stream without a terminal: "<id>: <status>" or "<status>", skipping progress bars. */
export function pullLines(res: ApiResponse): string[] {
  return streamOf(res)
    .filter((m) => !(m.progress && typeof m.progress === 'string'))
    .map((m) => (m.id ? `${String(m.id)}: ${String(m.status)}` : String(m.status)));
}
