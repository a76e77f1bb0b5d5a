/**
 * docker inspect (cli/command/system/inspect.go): look a name up as a
 * container, then an image, a network, a volume (swarm objects only on a
 * manager, checked with GET /info), then a plugin; the first hit wins.
 * Unknown names give "Error: No such object: x" after the output.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_JSON_USAGE } from './common.ts';
import { flagBool, flagStr } from '../spec/parse.ts';
import { inspectRefs, type RefResult } from '../format/inspect.ts';
import type { ApiClient, ApiResult } from '../api/client.ts';

export const inspectCmd: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
    { name: 'size', short: 's', type: 'bool', usage: 'Display total file sizes if the type is container' },
    { name: 'type', type: 'string', usage: 'Only inspect objects of the given type' },
  ],
  execute: executeInspect,
};

const TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'];

/** One object kind: how to fetch it. */
export function fetchObject(api: ApiClient, kind: string, ref: string, size = false): ApiResult {
  const e = encodeURIComponent(ref);
  switch (kind) {
    case 'container':
      return api.get(`/containers/${e}/json`, { size: size ? '1' : undefined });
    case 'image':
      return api.get(`/images/${ref}/json`);
    case 'network':
      return api.get(`/networks/${e}`);
    case 'volume':
      return api.get(`/volumes/${e}`);
    default:
      return api.get(`/plugins/${e}/json`);
  }
}

function executeInspect(c: CliCtx): CmdResult {
  const type = flagStr(c.flags, 'type');
  if (type && !TYPES.includes(type)) {
    c.io.err(`unknown type: ${JSON.stringify(type)}: must be one of ${TYPES.map((t) => JSON.stringify(t)).join(', ')}\n`);
    return 1;
  }
  const size = flagBool(c.flags, 'size');
  const get = (ref: string): RefResult => {
    let swarm: boolean | null = null;
    for (const kind of ['container', 'image', 'network', 'volume', 'service', 'task', 'node', 'plugin', 'secret', 'config']) {
      if (type && kind !== type) continue;
      if (!type && ['service', 'task', 'node', 'secret', 'config'].includes(kind)) {
        if (swarm === null) {
          const info = c.api.get('/info');
          if (!info.ok) c.io.err(`${info.error}\n`);
          swarm = info.ok && !!(info.body as { Swarm?: { ControlAvailable?: boolean } }).Swarm?.ControlAvailable;
        }
        if (!swarm) continue;
      }
      if (['service', 'task', 'node', 'secret', 'config'].includes(kind)) continue;
      const r = fetchObject(c.api, kind, ref, size && kind === 'container');
      if (!r.ok) {
        if (r.status === 0) return { ok: false, error: r.error, fatal: true };
        // Without --type, a name that is no object of this kind (404) or no valid reference for it (400) is looked for as the next kind.
        if (!type && (r.status === 404 || r.status === 400)) continue;
        return { ok: false, error: r.error };
      }
      if (size && kind !== 'container') c.io.err(`WARNING: --size ignored for ${kind}\n`);
      return { ok: true, obj: r.body, kind };
    }
    return { ok: false, error: `Error: No such object: ${ref}` };
  };
  const r = inspectRefs(c.args, flagStr(c.flags, 'format'), get);
  c.io.out(r.out);
  c.io.err(r.err);
  return r.exit;
}

/** The per-type inspect commands (container/image/network/volume inspect). */
export function inspectTyped(c: CliCtx, kind: string, opts: { size?: boolean } = {}): CmdResult {
  const get = (ref: string): RefResult => {
    const r = fetchObject(c.api, kind, ref, opts.size);
    if (!r.ok) return { ok: false, error: r.error, fatal: r.status === 0 };
    return { ok: true, obj: r.body, kind };
  };
  const r = inspectRefs(c.args, flagStr(c.flags, 'format'), get);
  c.io.out(r.out);
  c.io.err(r.err);
  return r.exit;
}
