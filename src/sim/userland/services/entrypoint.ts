/**
 * The official images' /docker-entrypoint.sh (nginx) and
 * /usr/local/bin/docker-entrypoint.sh (redis), as one program that does what
 * those scripts do for the command they are given, then execs it.
 *
 * Models: docker-library/nginx's entrypoint: when the command is nginx or
 * nginx-debug and /docker-entrypoint.d/ has files, it says so, runs each
 * *.sh (Launching ...) and sources each *.envsh (Sourcing ...), with the
 * texts of 10-listen-on-ipv6-by-default.sh, then "Configuration complete;
 * ready for start up"; all on stdout unless NGINX_ENTRYPOINT_QUIET_LOGS is
 * set. docker-library/redis's: `redis-server` started as root drops to user
 * redis (gosu) first; an argument list starting with "-" gets redis-server
 * put in front.
 * SIMPLIFICATIONS: the hook scripts are not run, only announced with the
 * lines they print in a default container.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsReaddir, fsStat } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { dropTo } from './svc.ts';

function nginxHooks(ctx: Ctx, arg0: string): void {
  const say = (s: string) => {
    if (!ctx.env.NGINX_ENTRYPOINT_QUIET_LOGS) ctx.stdout.write(s + '\n');
  };
  const dir = fsReaddir(ctx.k, ctx.pid, '/docker-entrypoint.d');
  const files = isErr(dir) ? [] : dir.sort();
  if (!files.length) {
    say(`${arg0}: No files found in /docker-entrypoint.d/, skipping configuration`);
    return;
  }
  say(`${arg0}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`);
  say(`${arg0}: Looking for shell scripts in /docker-entrypoint.d/`);
  for (const f of files) {
    const path = `/docker-entrypoint.d/${f}`;
    const st = fsStat(ctx.k, ctx.pid, path);
    if (isErr(st) || st.type !== 'file') continue;
    if (f.endsWith('.envsh')) {
      if (st.mode & 0o111) say(`${arg0}: Sourcing ${path}`);
      else say(`${arg0}: Ignoring ${path}, not executable`);
    } else if (f.endsWith('.sh')) {
      if (!(st.mode & 0o111)) {
        say(`${arg0}: Ignoring ${path}, not executable`);
        continue;
      }
      say(`${arg0}: Launching ${path}`);
      if (f === '10-listen-on-ipv6-by-default.sh') {
        const conf = '/etc/nginx/conf.d/default.conf';
        if (isErr(fsStat(ctx.k, ctx.pid, conf))) say(`${f}: info: /etc/nginx/conf.d/default.conf is not a file or does not exist`);
        else {
          say(`${f}: info: Getting the checksum of ${conf}`);
          say(`${f}: info: Enabled listen on IPv6 in ${conf}`);
        }
      }
    } else say(`${arg0}: Ignoring ${path}`);
  }
  say(`${arg0}: Configuration complete; ready for start up`);
}

export const entrypointProgram: ProgramDef<null> = {
  id: 'docker-entrypoint.sh',
  main(ctx) {
    const arg0 = ctx.argv[0] ?? '/docker-entrypoint.sh';
    let args = ctx.argv.slice(1);
    const cmd = (args[0] ?? '').split('/').pop() ?? '';
    if (cmd === 'nginx' || cmd === 'nginx-debug') nginxHooks(ctx as Ctx, arg0);
    const isRedisImage = !isErr(fsStat(ctx.k, ctx.pid, '/usr/local/bin/redis-server'));
    if (isRedisImage && (args[0]?.startsWith('-') || args[0]?.endsWith('.conf'))) args = ['redis-server', ...args];
    if (args[0] === 'redis-server' && ctx.k.proc(ctx.pid)?.cred.euid === 0) dropTo(ctx as Ctx, ctx.pid, ['redis']);
    if (!args.length) return { exit: 0 };
    const w = ctx.ul.which(ctx.pid, args[0] as string);
    if ('error' in w) {
      ctx.stderr.write(`${arg0}: exec: line 47: ${args[0]}: not found\n`);
      return { exit: 127 };
    }
    return { exec: { path: w.path, argv: args } };
  },
};
