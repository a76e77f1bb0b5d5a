/**
 * How dockerd touches the kernel for its network and volume work: as its own
 * process (root, every capability, the host's namespaces), entering a
 * container's network namespace the way libnetwork does (a thread calls
 * setns(2) on the namespace, configures, and returns), writing files under
 * /var/lib/docker, and Docker's timestamp formats.
 * SIMPLIFICATIONS:
 * - dockerd itself switches namespaces (two process.nsChanged events) instead
 *   of a locked OS thread, since the kernel model has no threads.
 * - Nanosecond digits of timestamps come from the seeded rng (the clock has ms).
 */

import type { Engine } from '../engine.ts';
import { isErr } from '../../kernel/errno.ts';
import { setnsInum } from '../../kernel/ns/setns.ts';
import type { NsInum } from '../../kernel/ids.ts';
import { mkdirAll, writeFile } from '../../kernel/fs/index.ts';
import { hex, nextInt } from '../../host/rng.ts';

/** dockerd's host pid (PID 1 until the daemon's networking is set up, for tests without a daemon). */
export function daemonPid(engine: Engine): number {
  const pid = engine.state.network.daemonPid;
  if (pid !== null && engine.k.proc(pid) && engine.k.proc(pid)?.state !== 'Z') return pid;
  return 1;
}

/** Run `fn` with dockerd inside network namespace `netns`, then put it back. */
export function inNetns<T>(engine: Engine, netns: number, fn: (pid: number) => T): T {
  const pid = daemonPid(engine);
  const p = engine.k.proc(pid);
  const home = p?.ns.net;
  if (home === undefined || home === netns) return fn(pid);
  const r = setnsInum(engine.k, pid, netns as NsInum, 'net');
  if (isErr(r)) throw new Error(`dockerd cannot enter netns ${netns}: ${r.errno}`);
  try {
    return fn(pid);
  } finally {
    setnsInum(engine.k, pid, home as NsInum, 'net');
  }
}

/** Write a file in the host's filesystem as dockerd, creating its directory. */
export function writeHostFile(engine: Engine, path: string, content: string, mode = 0o644): void {
  const pid = daemonPid(engine);
  // The directory usually exists: make it only when the write finds it missing.
  const w = writeFile(engine.k, pid, path, content, { mode });
  if (!isErr(w) || w.errno !== 'ENOENT') return;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  mkdirAll(engine.k, pid, dir, 0o710);
  writeFile(engine.k, pid, path, content, { mode });
}

/** A 64-hex id (network, endpoint, sandbox, volume names). */
export function newId(engine: Engine): string {
  return hex(engine.k.state.rng, 64);
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Go's time.Time JSON (RFC 3339 with nanoseconds, trailing zeros trimmed), host in UTC. */
export function rfc3339Nano(engine: Engine): string {
  const ms = engine.k.nowMs;
  const ns = (ms % 1000) * 1_000_000 + nextInt(engine.k.state.rng, 1_000_000);
  const frac = ns === 0 ? '' : `.${String(ns).padStart(9, '0').replace(/0+$/, '')}`;
  return `${isoSeconds(ms)}${frac}Z`;
}

/** RFC 3339 to the second (volume CreatedAt). */
export function rfc3339(engine: Engine): string {
  return `${isoSeconds(engine.k.nowMs)}Z`;
}
