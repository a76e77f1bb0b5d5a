/**
 * sysctl(8), procps-ng 4.0.2 (and busybox sysctl): read and write kernel
 * parameters through the files under /proc/sys.
 *
 * Models: `sysctl KEY` (dots map to slashes) as `KEY = value`, a directory key
 * listing its subtree, -n values only, -N names only, -a every parameter in
 * name order, `-w KEY=value` and `KEY=value` writing the file (which the
 * kernel checks: the caller's namespace decides what it reads and may write),
 * -q quiet writes, -e ignoring unknown keys, -p [FILE] loading
 * /etc/sysctl.conf; errors worded as procps does (`cannot stat
 * /proc/sys/x/y: No such file or directory`, `permission denied on key
 * "net.ipv4.ip_forward"`, exit 1).
 * SIMPLIFICATIONS: no --system, -r pattern or --deprecated; busybox words
 * errors as procps does.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { progName } from './args.ts';
import { fsRead, fsReaddirTyped, fsStat, fsWrite, absPath } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

interface Opts {
  n: boolean;
  N: boolean;
  q: boolean;
  e: boolean;
}

const keyPath = (key: string) => `/proc/sys/${key.replace(/\./g, '/')}`;

function show(ctx: Ctx, o: Opts, key: string, value: string): void {
  const v = value.replace(/\n$/, '');
  ctx.stdout.write(o.N ? `${key}\n` : o.n ? `${v}\n` : `${key} = ${v}\n`);
}

/** Print a parameter or, for a directory, every parameter below it. Returns false on error. */
function read(ctx: Ctx, o: Opts, name: string, key: string, path: string, top: boolean): boolean {
  const st = fsStat(ctx.k, ctx.pid, path);
  if (isErr(st)) {
    if (!o.e) ctx.stderr.write(`${name}: cannot stat ${path}: ${strerror(st.errno)}\n`);
    return o.e;
  }
  if (st.type === 'dir') {
    const ents = fsReaddirTyped(ctx.k, ctx.pid, path);
    if (isErr(ents)) return false;
    let ok = true;
    for (const e of [...ents].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) ok = read(ctx, o, name, key ? `${key}.${e.name}` : e.name, `${path}/${e.name}`, false) && ok;
    return ok;
  }
  if (!(st.mode & 0o444)) return true;
  const v = fsRead(ctx.k, ctx.pid, path);
  if (isErr(v)) {
    if (top) ctx.stderr.write(v.errno === 'EACCES' || v.errno === 'EPERM' ? `${name}: permission denied on key '${key}'\n` : `${name}: reading key "${key}": ${strerror(v.errno)}\n`);
    return !top;
  }
  show(ctx, o, key, v);
  return true;
}

function write(ctx: Ctx, o: Opts, name: string, assign: string): boolean {
  const eq = assign.indexOf('=');
  const key = assign.slice(0, eq).trim().replace(/\//g, '.');
  const value = assign.slice(eq + 1).trim();
  const path = keyPath(key);
  const st = fsStat(ctx.k, ctx.pid, path);
  if (isErr(st)) {
    if (o.e) return true;
    ctx.stderr.write(`${name}: cannot stat ${path}: ${strerror(st.errno)}\n`);
    return false;
  }
  if (st.type === 'dir') {
    ctx.stderr.write(`${name}: setting key "${key}": Is a directory\n`);
    return false;
  }
  const r = fsWrite(ctx.k, ctx.pid, path, `${value}\n`);
  if (isErr(r)) {
    ctx.stderr.write(r.errno === 'EACCES' || r.errno === 'EPERM' ? `${name}: permission denied on key "${key}"\n` : `${name}: setting key "${key}": ${strerror(r.errno)}\n`);
    return false;
  }
  if (!o.q) show(ctx, o, key, value);
  return true;
}

export const sysctlProgram: ProgramDef<null> = {
  id: 'sysctl',
  main(ctx) {
    const name = progName(ctx, 'sysctl');
    const o: Opts = { n: false, N: false, q: false, e: false };
    let all = false;
    let writeMode = false;
    let load: string | null = null;
    const ops: string[] = [];
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '--all') all = true;
      else if (a === '--values') o.n = true;
      else if (a === '--names') o.N = true;
      else if (a === '--quiet') o.q = true;
      else if (a === '--ignore') o.e = true;
      else if (a === '--write') writeMode = true;
      else if (a.startsWith('--load')) load = a.includes('=') ? a.slice(a.indexOf('=') + 1) : '/etc/sysctl.conf';
      else if (a === '--help' || a === '-h' || a === '-d') {
        ctx.stdout.write(USAGE);
        return { exit: 0 };
      } else if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j] as string;
          if ('aAX'.includes(c)) all = true;
          else if (c === 'n') o.n = true;
          else if (c === 'N') o.N = true;
          else if (c === 'q') o.q = true;
          else if (c === 'e') o.e = true;
          else if (c === 'w') writeMode = true;
          else if (c === 'p' || c === 'f') {
            load = j + 1 < a.length ? a.slice(j + 1) : args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('-') ? (args[++i] as string) : '/etc/sysctl.conf';
            break;
          } else if (c === 'b' || c === 'o' || c === 'x') continue;
          else {
            ctx.stderr.write(`${name}: invalid option -- '${c}'\n${USAGE}`);
            return { exit: 1 };
          }
        }
      } else ops.push(a);
    }
    if (load !== null) {
      const text = fsRead(ctx.k, ctx.pid, absPath(ctx.k, ctx.pid, load));
      if (isErr(text)) {
        ctx.stderr.write(`${name}: cannot open "${load}": ${strerror(text.errno)}\n`);
        return { exit: 1 };
      }
      let ok = true;
      for (const line of text.split('\n')) {
        const l = line.trim();
        if (!l || l.startsWith('#') || l.startsWith(';')) continue;
        if (!l.includes('=')) continue;
        ok = write(ctx, o, name, l.replace(/^-/, '')) && ok;
      }
      return { exit: ok ? 0 : 1 };
    }
    if (all) return { exit: read(ctx, o, name, '', '/proc/sys', false) ? 0 : 1 };
    if (!ops.length) {
      ctx.stderr.write(USAGE);
      return { exit: 1 };
    }
    let ok = true;
    for (const op of ops) {
      if (op.includes('=')) ok = write(ctx, o, name, op) && ok;
      else if (writeMode) {
        ctx.stderr.write(`${name}: "${op}" must be of the form name=value\n`);
        ok = false;
      } else {
        const key = op.replace(/\//g, '.');
        ok = read(ctx, o, name, key, keyPath(key), true) && ok;
      }
    }
    return { exit: ok ? 0 : 1 };
  },
};
