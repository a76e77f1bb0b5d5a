/**
 * The userland's public face: build one per kernel with createUserland(k).
 */

import type { Kernel } from '../kernel/kernel.ts';
import type { ProgramDef } from './types.ts';
import { Userland, installUserland } from './userland.ts';
import { createRegistry } from './registry.ts';
import { installHostPrograms } from './install.ts';
import { own } from './own.ts';

export { Userland, installUserland, statusOf, ELF_MARKER, PIPE_BUF_MAX } from './userland.ts';
export type { UserlandState, TtyState, PipeState } from './userland.ts';
export { createRegistry } from './registry.ts';
export { installHostPrograms, installImagePrograms, marker, HOST_BINARIES, BUSYBOX_APPLETS, type ImageFlavour } from './install.ts';
export { startHostUserland, spawnLoginShell, newRootSession, ensureRootShell, LOGIN_ENV, type HostUserland } from './boot.ts';
export { runLine, settle, shellIdle, foregroundOf, type RunLineResult, type RunLineIo } from './runline.ts';
export { createTerminal, type TerminalOptions } from './terminal/terminal.ts';
export { parse, isIncomplete } from './shell/parser.ts';
export { currentPrompt } from './shell/program.ts';
export type { ProgramDef, Ctx, Outcome, WakeReason, Fd, FdTable, SpawnOptions, Flavour, ConnInfo, HttpRequest, HttpResponse } from './types.ts';
export { footprint, vszKb, type MemFootprint } from './memory.ts';
export { NGINX_INDEX_HTML, NGINX_DEFAULT_CONF, NGINX_50X_HTML } from './services/nginx-files.ts';
export { NGINX_VERSION } from './services/nginx.ts';
export { REDIS_VERSION } from './services/redis.ts';
export { findPkg, resolveDeps, type Pkg, type PkgFile, type Family } from './pkg/catalogue.ts';
export { namedNetns } from './programs/netns.ts';

/** A userland for kernel k: the registry (plus extra programs), hooks registered, host binaries installed. */
export function createUserland(k: Kernel, opts: { extraPrograms?: ProgramDef<never>[]; installBinaries?: boolean } = {}): Userland {
  const ul = new Userland(k, createRegistry(opts.extraPrograms));
  installUserland(k.hooks, ul);
  if (opts.installBinaries !== false) installHostPrograms(k, (id) => !!own(ul.registry, id));
  return ul;
}
