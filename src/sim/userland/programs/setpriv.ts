/**
 * setpriv (util-linux) and gosu: run a program with other credentials, as the
 * official images' entrypoints do (`exec setpriv --reuid=redis --regid=redis
 * --clear-groups -- "$0" "$@"`, older images `exec gosu redis "$0" "$@"`).
 *
 * Models: setgroups/setgid/setuid through the kernel (root loses its
 * capabilities on the way to a non-root uid), then execve of the command found
 * in PATH.
 * --no-new-privs sets the process's no_new_privs flag (prctl(PR_SET_NO_NEW_PRIVS)).
 * SIMPLIFICATIONS: users and groups are looked up in /etc/passwd and /etc/group
 * as the process sees them; no --inh-caps, --bounding-set or securebits.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsRead } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { setgid, setgroups, setuid } from '../../kernel/process/creds.ts';
import { setNoNewPrivs } from '../../kernel/process/prctl.ts';

/** uid or gid for a name or number, from /etc/passwd or /etc/group (field 2). */
function lookupId(ctx: Ctx, file: '/etc/passwd' | '/etc/group', name: string): number | null {
  if (/^\d+$/.test(name)) return Number(name);
  const text = fsRead(ctx.k, ctx.pid, file);
  if (isErr(text)) return null;
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
  }
  return null;
}

/** The primary gid of a user, from /etc/passwd. */
function primaryGid(ctx: Ctx, user: string): number | null {
  const text = fsRead(ctx.k, ctx.pid, '/etc/passwd');
  if (isErr(text)) return null;
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if ((f[0] === user || f[2] === user) && f[3] !== undefined) return Number(f[3]);
  }
  return null;
}

function switchTo(ctx: Ctx, prog: string, uid: number | null, gid: number | null, clearGroups: boolean): string | null {
  if (clearGroups || gid !== null) {
    const r = setgroups(ctx.k, ctx.pid, gid !== null && !clearGroups ? [gid] : []);
    if (isErr(r)) return `${prog}: setgroups failed: ${strerror(r.errno)}`;
  }
  if (gid !== null) {
    const r = setgid(ctx.k, ctx.pid, gid);
    if (isErr(r)) return `${prog}: setregid failed: ${strerror(r.errno)}`;
  }
  if (uid !== null) {
    const r = setuid(ctx.k, ctx.pid, uid);
    if (isErr(r)) return `${prog}: setreuid failed: ${strerror(r.errno)}`;
  }
  return null;
}

function execRest(ctx: Ctx, prog: string, cmd: string[]) {
  if (!cmd.length) {
    ctx.stderr.write(prog === 'setpriv' ? 'setpriv: no program specified\nTry \'setpriv --help\' for more information.\n' : 'Usage: gosu user-spec command [args]\n');
    return { exit: 1 };
  }
  const w = ctx.ul.which(ctx.pid, cmd[0] as string);
  if ('error' in w) {
    ctx.stderr.write(prog === 'setpriv' ? `setpriv: failed to execute ${cmd[0]}: ${strerror(w.error)}\n` : `error: exec: "${cmd[0]}": executable file not found in $PATH\n`);
    return { exit: prog === 'setpriv' ? 127 : 1 };
  }
  return { exec: { path: w.path, argv: cmd, env: ctx.env } };
}

export const setprivProgram: ProgramDef<null> = {
  id: 'setpriv',
  main(ctx) {
    const args = ctx.argv.slice(1);
    let uid: number | null = null;
    let gid: number | null = null;
    let clear = false;
    let nnp = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--') {
        i++;
        break;
      }
      const m = /^--(reuid|ruid|euid|regid|rgid|egid)=(.+)$/.exec(a);
      if (m) {
        const isUser = (m[1] as string).endsWith('uid');
        const id = lookupId(ctx as Ctx, isUser ? '/etc/passwd' : '/etc/group', m[2] as string);
        if (id === null) {
          ctx.stderr.write(`setpriv: failed to parse ${isUser ? 'uid' : 'gid'}: '${m[2]}'\n`);
          return { exit: 1 };
        }
        if (isUser) uid = id;
        else gid = id;
      } else if (a === '--clear-groups') clear = true;
      else if (a === '--no-new-privs') nnp = true;
      else if (a === '--init-groups' || a === '--keep-groups') continue;
      else if (a.startsWith('-')) {
        ctx.stderr.write(`setpriv: unrecognized option '${a}'\nTry 'setpriv --help' for more information.\n`);
        return { exit: 1 };
      } else break;
    }
    const err = switchTo(ctx as Ctx, 'setpriv', uid, gid, clear);
    if (err) {
      ctx.stderr.write(`${err}\n`);
      return { exit: 1 };
    }
    if (nnp) setNoNewPrivs(ctx.k, ctx.pid);
    return execRest(ctx as Ctx, 'setpriv', args.slice(i));
  },
};

export const gosuProgram: ProgramDef<null> = {
  id: 'gosu',
  main(ctx) {
    const [spec, ...cmd] = ctx.argv.slice(1);
    if (!spec) return execRest(ctx as Ctx, 'gosu', []);
    const [user, group] = spec.split(':') as [string, string | undefined];
    const uid = lookupId(ctx as Ctx, '/etc/passwd', user);
    if (uid === null) {
      ctx.stderr.write(`error: failed switching to "${spec}": unable to find user ${user}: no matching entries in passwd file\n`);
      return { exit: 1 };
    }
    const gid = group !== undefined ? lookupId(ctx as Ctx, '/etc/group', group) : primaryGid(ctx as Ctx, user);
    const err = switchTo(ctx as Ctx, 'gosu', uid, gid, false);
    if (err) {
      ctx.stderr.write(`error: failed switching to "${spec}": operation not permitted\n`);
      return { exit: 1 };
    }
    return execRest(ctx as Ctx, 'gosu', cmd);
  },
};
