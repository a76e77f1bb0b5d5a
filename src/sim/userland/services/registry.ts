/**
 * registry (distribution/distribution 2.8, the `registry:2` image): a private
 * image registry listening on :5000.
 *
 * Models: the process a learner starts with `docker run -d -p 5000:5000
 * registry:2`: its log lines in logrus text format, its listener, the API
 * root `GET /v2/` answering `{}`, and a clean exit on SIGTERM.
 * SIMPLIFICATIONS: pushes and pulls are carried out by the engine's image
 * store (src/sim/engine/images/registry.ts), which checks that such a registry
 * container is running and published; this process does not store blobs.
 */

import type { Ctx, HttpResponse, ProgramDef } from '../types.ts';
import { listenTcp, nowMs } from './svc.ts';
import { SIGINT, SIGTERM } from '../../kernel/signals.ts';

const VERSION = '2.8.3';

function logLine(ctx: Ctx, level: string, msg: string, extra = ''): string {
  const t = new Date(nowMs(ctx)).toISOString().replace('Z', '000000Z').replace(/\.(\d{3})000000Z$/, '.$1000000Z');
  return `time="${t}" level=${level} msg="${msg}"${extra} go.version=go1.20.8 instance.id=${instanceId(ctx)} service=registry version=${VERSION}\n`;
}

function instanceId(ctx: Ctx): string {
  const h = (ctx.pid * 2654435761) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-a${hex.slice(5, 8)}-${hex}${hex.slice(0, 4)}`;
}

export const registryProgram: ProgramDef<{ port: number } | null> = {
  id: 'registry',
  catches: [SIGTERM, SIGINT],
  main(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] !== 'serve' && args[0] !== undefined && !args[0].endsWith('.yml')) {
      ctx.stderr.write(`registry \`${args[0]}\` is not a registry command\n`);
      return { exit: 1 };
    }
    const c = ctx as Ctx;
    const l = listenTcp(c, '0.0.0.0', 5000);
    if ('errno' in l) {
      ctx.stderr.write(logLine(c, 'fatal', 'listen tcp :5000: bind: address already in use'));
      return { exit: 1 };
    }
    ctx.stderr.write(
      logLine(c, 'warning', 'No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable.') +
        logLine(c, 'info', 'redis not configured') +
        logLine(c, 'info', 'Starting upload purge in 20m0s') +
        logLine(c, 'info', 'using inmemory blob descriptor cache') +
        logLine(c, 'info', 'listening on [::]:5000'),
    );
    ctx.state = { port: 5000 };
    return { block: 'forever' };
  },
  onSignal(ctx) {
    (ctx as Ctx).stderr.write(logLine(ctx as Ctx, 'info', 'stopping server'));
    return { exit: 0 };
  },
  onConnection(ctx, req): HttpResponse {
    const json = req.path === '/v2/' || req.path === '/v2' ? '{}' : '{"errors":[{"code":"NOT_FOUND","message":"not found"}]}';
    const status = json === '{}' ? 200 : 404;
    return {
      status,
      reason: status === 200 ? 'OK' : 'Not Found',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Docker-Distribution-Api-Version': 'registry/2.0', Date: new Date(nowMs(ctx as Ctx)).toUTCString() },
      body: json,
    };
  },
};
