/**
 * docker-proxy, Docker's userland proxy (moby cmd/docker-proxy): one process
 * per published port, child of dockerd, listening on the host port and
 * copying each connection to the container's address and port.
 *
 * Models: its flags (-proto -host-ip -host-port -container-ip -container-port
 * -use-listen-fd); the listening socket in the host's netns (so `ss -ltnp`
 * names docker-proxy and `curl localhost:8080` from the host, which the nat
 * OUTPUT rule skips for 127.0.0.0/8, reaches the container through it); each
 * accepted connection re-made from the proxy to the container (the container
 * sees the bridge's gateway address as the client).
 * SIMPLIFICATIONS:
 * - Requests are HTTP-shaped (the userland's onConnection): the proxy connects
 *   to the backend and hands the request to whichever program listens there.
 * - When the backend refuses, the proxy closes the connection without an
 *   answer; serve() reads that as an empty reply (curl exit 52).
 */

import type { Ctx, HttpRequest, HttpResponse, ProgramDef } from '../../userland/types.ts';
import type { Userland } from '../../userland/userland.ts';
import { connect, listen } from '../../kernel/net/index.ts';
import { isErr, strerror } from '../../kernel/errno.ts';

export interface ProxyState {
  proto: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function parseProxyArgs(argv: string[]): ProxyState | string {
  const proto = flag(argv, '-proto') ?? 'tcp';
  const hostIp = flag(argv, '-host-ip') ?? '';
  const hostPort = Number(flag(argv, '-host-port') ?? '');
  const containerIp = flag(argv, '-container-ip') ?? '';
  const containerPort = Number(flag(argv, '-container-port') ?? '');
  if (proto !== 'tcp' && proto !== 'udp') return `unsupported protocol ${proto}`;
  if (!hostIp || !containerIp || !Number.isInteger(hostPort) || !Number.isInteger(containerPort)) return 'missing or invalid arguments';
  return { proto, hostIp, hostPort, containerIp, containerPort };
}

/**
 * Carry one request from the proxy (process `ctx.pid`, host netns) to the
 * container's listener; null when the backend cannot be reached.
 */
export function forwardConnection(ctx: Ctx, st: ProxyState, req: HttpRequest): HttpResponse | null {
  const c = connect(ctx.k, ctx.pid, st.containerIp, st.containerPort, st.proto);
  if (isErr(c) || c.listener.pid === null) return null;
  const ul = ctx.ul as unknown as Userland;
  return ul.serve(c.listener.pid, Object.assign({}, req, { from: { ip: c.srcIp, port: c.srcPort } }));
}

export const dockerProxyProgram: ProgramDef<ProxyState | null> = {
  id: 'docker-proxy',
  main(ctx) {
    const st = parseProxyArgs(ctx.argv);
    if (typeof st === 'string') {
      ctx.stderr.write(`${st}\n`);
      return { exit: 1 };
    }
    const r = listen(ctx.k, ctx.pid, st.proto, st.hostIp, st.hostPort);
    if (isErr(r)) {
      ctx.stderr.write(`listen ${st.proto} ${st.hostIp}:${st.hostPort}: bind: ${strerror(r.errno).toLowerCase()}\n`);
      return { exit: 1 };
    }
    ctx.state = st;
    return { block: 'forever' };
  },
  onConnection(ctx, req) {
    const st = ctx.state;
    const res = st ? forwardConnection(ctx, st, req) : null;
    // No backend: docker-proxy closes the client's connection (serve() treats null as an empty reply).
    return res as HttpResponse;
  },
};
