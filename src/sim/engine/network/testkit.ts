/**
 * Helpers for the network and volume tests: a booted host (kernel, net hooks,
 * userland with dockerd among its services), an Engine whose daemon
 * networking is set up, and stand-in containers (a process in new network,
 * UTS and mount namespaces, as runc would make) with a tiny HTTP server
 * program. Not used by the core.
 */

import { bootKernel } from '../../kernel/boot.ts';
import { emptyHooks, type Kernel } from '../../kernel/kernel.ts';
import type { LoggedEvent } from '../../events.ts';
import { installNet } from '../../kernel/net/install.ts';
import { installCgroup } from '../../kernel/cgroup/cpu.ts';
import { listen } from '../../kernel/net/socket.ts';
import { CLONE_FLAGS } from '../../kernel/ns/types.ts';
import { sethostname } from '../../kernel/ns/uts.ts';
import { writeFile } from '../../kernel/fs/index.ts';
import { isErr } from '../../kernel/errno.ts';
import { hex } from '../../host/rng.ts';
import { createUserland, startHostUserland, marker, type Userland } from '../../userland/index.ts';
import type { ProgramDef } from '../../userland/types.ts';
import { Engine } from '../engine.ts';
import { setupDaemonNetworking } from './daemon-net.ts';
import { dockerProxyProgram } from './docker-proxy.ts';
import { nsAt } from '../../kernel/ns/by-inum.ts';

/** A web server for tests: listens on argv[1] (default 80), answers with its hostname. */
export const webServerProgram: ProgramDef<{ port: number } | null> = {
  id: 'websrv',
  main(ctx) {
    const port = Number(ctx.argv[1] ?? 80);
    const r = listen(ctx.k, ctx.pid, 'tcp', '0.0.0.0', port);
    if (isErr(r)) return { exit: 1 };
    ctx.state = { port };
    return { block: 'forever' };
  },
  onConnection(ctx, req) {
    const p = ctx.k.proc(ctx.pid);
    const uts = p ? nsAt(ctx.k.state, p.ns.uts) : undefined;
    const host = uts && 'hostname' in uts ? uts.hostname : '?';
    return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `hello from ${host} (client ${req.from.ip})\n` };
  },
};

export interface EngineHost {
  k: Kernel;
  ul: Userland;
  engine: Engine;
  log: LoggedEvent[];
  dockerd: number;
  /** root's login shell, for runLine(). */
  shell: number;
}

export function bootEngine(seed = 1, opts: { setup?: boolean } = {}): EngineHost {
  const log: LoggedEvent[] = [];
  const hooks = emptyHooks();
  installNet(hooks);
  installCgroup(hooks);
  const k = bootKernel({ seed, sink: (e) => log.push(e), hooks });
  const ul = createUserland(k, { extraPrograms: [dockerProxyProgram as ProgramDef<never>, webServerProgram as ProgramDef<never>] });
  const shell = startHostUserland(k, ul).rootShellPid;
  writeFile(k, 1, '/usr/bin/websrv', marker('websrv'), { mode: 0o755 });
  const engine = new Engine(k, ul);
  const dockerd = Object.values(k.state.proc.byPid).find((p) => p.comm === 'dockerd')?.pid;
  if (dockerd === undefined) throw new Error('no dockerd');
  if (opts.setup !== false) setupDaemonNetworking(engine);
  return { k, ul, engine, log, dockerd, shell };
}

/** `iptables -S` of a fresh Docker 28.2 daemon (filter table). */
export const FRESH_FILTER = [
  '-P INPUT ACCEPT',
  '-P FORWARD DROP',
  '-P OUTPUT ACCEPT',
  '-N DOCKER',
  '-N DOCKER-BRIDGE',
  '-N DOCKER-CT',
  '-N DOCKER-FORWARD',
  '-N DOCKER-ISOLATION-STAGE-1',
  '-N DOCKER-ISOLATION-STAGE-2',
  '-N DOCKER-USER',
  '-A FORWARD -j DOCKER-USER',
  '-A FORWARD -j DOCKER-FORWARD',
  '-A DOCKER ! -i docker0 -o docker0 -j DROP',
  '-A DOCKER-BRIDGE -o docker0 -j DOCKER',
  '-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A DOCKER-FORWARD -j DOCKER-CT',
  '-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1',
  '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
  '-A DOCKER-FORWARD -i docker0 -j ACCEPT',
  '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
  '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
];

/** `iptables -t nat -S` of a fresh Docker 28.2 daemon. */
export const FRESH_NAT = [
  '-P PREROUTING ACCEPT',
  '-P INPUT ACCEPT',
  '-P OUTPUT ACCEPT',
  '-P POSTROUTING ACCEPT',
  '-N DOCKER',
  '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
  '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
  '-A DOCKER -i docker0 -j RETURN',
];

export const lines = (a: string[]): string => `${a.join('\n')}\n`;

/** A stand-in container: id, and an init process (a web server on `port`, or sleep) in new net/uts/mnt namespaces. */
export function fakeContainer(h: EngineHost, opts: { serve?: number; mnt?: boolean } = {}): { id: string; pid: number } {
  const id = hex(h.k.state.rng, 64);
  const flags = CLONE_FLAGS.net | CLONE_FLAGS.uts | (opts.mnt ? CLONE_FLAGS.mnt : 0);
  const argv = opts.serve !== undefined ? ['websrv', String(opts.serve)] : ['sleep', '100000'];
  const path = opts.serve !== undefined ? '/usr/bin/websrv' : '/usr/bin/sleep';
  const pid = h.ul.spawn(h.dockerd, { argv, path, env: {}, cloneFlags: flags, fds: { 0: { k: 'null' }, 1: { k: 'null' }, 2: { k: 'null' } } });
  if (typeof pid !== 'number') throw new Error(pid.error);
  sethostname(h.k, pid, id.slice(0, 12));
  return { id, pid };
}
