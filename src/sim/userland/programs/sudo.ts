/**
 * sudo (1.9, as Debian 12 ships it), su (util-linux) and service
 * (init-system-helpers): the commands tutorials put in front of docker.
 *
 * Models sudo as the set-user-ID-root binary it is: execve of /usr/bin/sudo
 * (mode 4755, owner root) makes the effective UID 0 (kernel/process/exec.ts),
 * then sudo checks the invoking user against the sudoers policy, switches all
 * of its IDs to the target user (setgroups, setgid, setuid) and executes the
 * command with sudo's environment (SUDO_USER, SUDO_UID, SUDO_GID,
 * SUDO_COMMAND, secure_path). So sudo fails where the kernel would stop it:
 * with no_new_privs (`docker run --security-opt no-new-privileges`) the
 * set-user-ID bit is ignored and sudo says so, as sudo 1.9 does.
 * `service NAME COMMAND` runs `systemctl COMMAND NAME.service`, as the script
 * does on a systemd host.
 * SIMPLIFICATIONS:
 * - The policy is Debian's default sudoers: root, and members of group sudo,
 *   may run anything; no password is asked (as with NOPASSWD), no timestamps,
 *   no -l/-v/-k/-e.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { fsChdir, fsRead } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { setgid, setgroups, setuid } from '../../kernel/process/creds.ts';
import { mapUidToNs, mapGidToNs } from '../../kernel/ns/idmap.ts';
import { nameDb, type Passwd } from './users.ts';

const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`;

const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Members of group `sudo` (and its gid) from /etc/group. */
function sudoGroup(ctx: Ctx): { gid: number; members: string[] } | null {
  const text = fsRead(ctx.k, ctx.pid, '/etc/group');
  if (isErr(text)) return null;
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === 'sudo') return { gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) };
  }
  return null;
}

export const sudoProgram: ProgramDef<null> = {
  id: 'sudo',
  main(ctx) {
    const c = ctx as Ctx;
    const args = ctx.argv.slice(1);
    let target = 'root';
    let login = false;
    let shell = false;
    let keepEnv = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      if (a === '-u' || a === '--user') {
        const v = args[++i];
        if (v === undefined) {
          ctx.stderr.write(`sudo: option requires an argument -- 'u'\n${USAGE}`);
          return { exit: 1 };
        }
        target = v;
      } else if (a.startsWith('--user=')) target = a.slice(7);
      else if (a === '-i' || a === '--login') login = true;
      else if (a === '-s' || a === '--shell') shell = true;
      else if (a === '-E' || a === '--preserve-env') keepEnv = true;
      else if (a === '-h' || a === '--help') {
        ctx.stdout.write(`sudo - execute a command as another user\n\n${USAGE}`);
        return { exit: 0 };
      } else if (a === '-V' || a === '--version') {
        ctx.stdout.write('Sudo version 1.9.13p3\n');
        return { exit: 0 };
      } else if (a === '-n' || a === '--non-interactive' || a === '-H' || a === '--set-home') continue;
      else {
        ctx.stderr.write(`sudo: invalid option -- '${a.replace(/^-+/, '').charAt(0)}'\n${USAGE}`);
        return { exit: 1 };
      }
    }
    let cmd = args.slice(i);
    if (cmd.length === 0 && !login && !shell) {
      ctx.stderr.write(USAGE);
      return { exit: 1 };
    }
    const p = ctx.k.proc(ctx.pid);
    if (!p) return { exit: 1 };
    if (mapUidToNs(ctx.k, p.ns.user, p.cred.euid) !== 0) {
      ctx.stderr.write(
        p.noNewPrivs
          ? 'sudo: The "no new privileges" flag is set, which prevents sudo from running as root.\nsudo: If sudo is running in a container, you may need to adjust the container configuration to disable the flag.\n'
          : 'sudo: /usr/bin/sudo must be owned by uid 0 and have the setuid bit set\n',
      );
      return { exit: 1 };
    }
    const ruid = mapUidToNs(ctx.k, p.ns.user, p.cred.uid);
    const db = nameDb(ctx.k, ctx.pid);
    const invoker = db.passwd(String(ruid));
    const invokerName = invoker?.name ?? String(ruid);
    if (ruid !== 0) {
      const g = sudoGroup(c);
      const inGroup = g !== null && (g.members.includes(invokerName) || p.cred.groups.some((k) => mapGidToNs(ctx.k, p.ns.user, k) === g.gid));
      if (!inGroup) {
        ctx.stderr.write(`${invokerName} is not in the sudoers file.\n`);
        return { exit: 1 };
      }
    }
    const to = db.passwd(target.startsWith('#') ? target.slice(1) : target);
    if (!to) {
      ctx.stderr.write(`sudo: unknown user ${target}\nsudo: error initializing audit plugin sudoers_audit\n`);
      return { exit: 1 };
    }
    const err = becomeUser(c, to, db.groupsOf(to.name));
    if (err) {
      ctx.stderr.write(`sudo: unable to change to runas uid: ${err}\n`);
      return { exit: 1 };
    }
    if (login || shell) cmd = cmd.length ? [to.shell, '-c', cmd.join(' ')] : [login ? to.shell : ctx.env.SHELL ?? to.shell];
    const env: Record<string, string> = {
      ...(keepEnv ? ctx.env : { TERM: ctx.env.TERM ?? 'xterm', LANG: ctx.env.LANG ?? 'C.UTF-8' }),
      PATH: SECURE_PATH,
      HOME: to.home,
      USER: to.name,
      LOGNAME: to.name,
      SHELL: to.shell,
      SUDO_COMMAND: cmd.join(' '),
      SUDO_USER: invokerName,
      SUDO_UID: String(ruid),
      SUDO_GID: String(invoker?.gid ?? 0),
    };
    const w = ctx.ul.which(ctx.pid, cmd[0] as string, SECURE_PATH);
    if ('error' in w) {
      ctx.stderr.write(`sudo: ${cmd[0]}: command not found\n`);
      return { exit: 1 };
    }
    const argv = login && cmd.length === 1 ? [`-${(cmd[0] as string).split('/').pop()}`] : cmd;
    return { exec: { path: w.path, argv, env } };
  },
};

/** setgroups, setgid, setuid to a user (needs an effective uid of root); null or the error's text. */
function becomeUser(ctx: Ctx, to: Passwd, supplementary: number[]): string | null {
  const groups = [to.gid, ...supplementary.filter((g) => g !== to.gid)];
  for (const r of [setgroups(ctx.k, ctx.pid, groups), setgid(ctx.k, ctx.pid, to.gid), setuid(ctx.k, ctx.pid, to.uid)]) {
    if (isErr(r)) return strerror(r.errno);
  }
  return null;
}

const SU_USAGE = `
Usage:
 su [options] [-] [<user> [<argument>...]]

Change the effective user ID and group ID to that of <user>.
A mere - implies -l.  If <user> is not given, root is assumed.
`;

/**
 * su (util-linux): another user's shell, or `-c command` in it. Set-user-ID
 * root like sudo; root needs no password, and other users are refused (this
 * host's root account has no password to type).
 */
export const suProgram: ProgramDef<null> = {
  id: 'su',
  main(ctx) {
    const c = ctx as Ctx;
    const args = ctx.argv.slice(1);
    let login = false;
    let command: string | null = null;
    let shell: string | null = null;
    // Options may come before or after the user (getopt permutes them), until "--".
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--') {
        operands.push(...args.slice(i + 1));
        break;
      }
      if (a === '-' || a === '-l' || a === '--login') login = true;
      else if (a === '-c' || a === '--command') command = args[++i] ?? null;
      else if (a.startsWith('--command=')) command = a.slice(10);
      else if (a === '-s' || a === '--shell') shell = args[++i] ?? null;
      else if (a === '-m' || a === '-p' || a === '--preserve-environment') continue;
      else if (a === '-h' || a === '--help') {
        ctx.stdout.write(SU_USAGE);
        return { exit: 0 };
      } else if (a.startsWith('-')) {
        ctx.stderr.write(`su: invalid option -- '${a.replace(/^-+/, '').charAt(0)}'\nTry 'su --help' for more information.\n`);
        return { exit: 1 };
      } else operands.push(a);
    }
    const user = operands[0] ?? 'root';
    const rest = operands.slice(1);
    const p = ctx.k.proc(ctx.pid);
    if (!p) return { exit: 1 };
    const db = nameDb(ctx.k, ctx.pid);
    const to = db.passwd(user);
    if (!to) {
      ctx.stderr.write(`su: user ${user} does not exist or the user entry does not contain all the required fields\n`);
      return { exit: 1 };
    }
    if (mapUidToNs(ctx.k, p.ns.user, p.cred.euid) !== 0) {
      ctx.stderr.write('su: cannot set groups: Operation not permitted\n');
      return { exit: 1 };
    }
    if (mapUidToNs(ctx.k, p.ns.user, p.cred.uid) !== 0 && to.uid !== mapUidToNs(ctx.k, p.ns.user, p.cred.uid)) {
      ctx.stdout.write('Password: \n');
      ctx.stderr.write('su: Authentication failure\n');
      return { exit: 1 };
    }
    const err = becomeUser(c, to, db.groupsOf(to.name));
    if (err) {
      ctx.stderr.write(`su: cannot set user id: ${err}\n`);
      return { exit: 1 };
    }
    const sh = shell ?? (to.shell || '/bin/sh');
    const base: Record<string, string> = login ? { TERM: ctx.env.TERM ?? 'xterm' } : { ...ctx.env };
    const env: Record<string, string> = { ...base, HOME: to.home, SHELL: sh };
    if (to.uid !== 0 || login) Object.assign(env, { USER: to.name, LOGNAME: to.name });
    if (login) env.PATH = to.uid === 0 ? SECURE_PATH : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';
    if (login) fsChdir(ctx.k, ctx.pid, to.home);
    const argv0 = login ? `-${sh.split('/').pop()}` : sh.split('/').pop() ?? sh;
    return { exec: { path: sh, argv: [argv0, ...(command !== null ? ['-c', command] : []), ...rest], env } };
  },
};

const SERVICE_USAGE = 'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n';

export const serviceProgram: ProgramDef<null> = {
  id: 'service',
  main(ctx) {
    const [name, verb, ...rest] = ctx.argv.slice(1);
    if (name === '--help' || name === '-h' || name === undefined) {
      (name === undefined ? ctx.stderr : ctx.stdout).write(SERVICE_USAGE);
      return { exit: name === undefined ? 1 : 0 };
    }
    if (name === '--version') {
      ctx.stdout.write('service ver. 1.65.2\n');
      return { exit: 0 };
    }
    if (verb === undefined) {
      ctx.stderr.write(SERVICE_USAGE);
      return { exit: 1 };
    }
    const unit = name.endsWith('.service') ? name : `${name}.service`;
    const w = ctx.ul.which(ctx.pid, 'systemctl');
    if ('error' in w) {
      ctx.stderr.write(`${name}: unrecognized service\n`);
      return { exit: 1 };
    }
    const sctl = verb === '--full-restart' ? 'restart' : verb;
    return { exec: { path: w.path, argv: ['systemctl', sctl, unit, ...rest], env: { ...ctx.env, SYSTEMCTL_SKIP_REDIRECT: '1' } } };
  },
};
