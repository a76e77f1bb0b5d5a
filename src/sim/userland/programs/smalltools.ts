/**
 * Small coreutils 9.1 (and util-linux) tools tutorials reach for: tac, rev,
 * nl, base64, tty, groups, mktemp, chgrp, clear.
 *
 * Models: tac reversing records (a last line without a newline stays glued
 * to the next, as in GNU tac); rev reversing each line; nl numbering
 * non-empty lines ("%6d\t"); base64 encoding UTF-8 bytes with 76-column lines
 * (-w COLS, -d to decode, `base64: invalid input`); tty naming the terminal
 * on stdin or `not a tty` (exit 1); groups from the caller's credentials or
 * /etc/group; mktemp creating /tmp/tmp.XXXXXXXXXX (random from the host's
 * seeded rng) as a file (0600) or directory (-d, 0700); chgrp through chown(2)
 * with the kernel's permission checks; clear's escape sequence.
 * SIMPLIFICATIONS: filters read all input before writing; nl has only -b a/t
 * and -w; mktemp takes only -d, -u, -p DIR and a TEMPLATE.
 */

import type { Ctx, ProgramDef } from '../types.ts';
import { parseArgs, progName, usageError } from './args.ts';
import { filterProgram, type Filter } from './input.ts';
import { absPath, fsChown, fsMkdir, fsStat, fsWrite } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { mapGidToNs } from '../../kernel/ns/idmap.ts';
import { nextInt } from '../../host/rng.ts';
import { nameDb } from './users.ts';

/** A filter over its file operands (or stdin), producing output from each part's text (null: an error, stop). */
function filter<O>(id: string, parse: (ctx: Ctx, name: string) => { o: O; operands: string[] } | { exit: number }, run: (ctx: Ctx, o: O, text: string) => string | null): Filter<O> {
  const openErr = id === 'rev' ? (name: string, f: string, e: string) => `${name}: cannot open ${f}: ${e}\n` : id === 'tac' ? (name: string, f: string, e: string) => `${name}: failed to open '${f}' for reading: ${e}\n` : undefined;
  return filterProgram(
    id,
    parse,
    (ctx, _name, o, st) => {
      for (const p of st.parts) {
        if (p.text === null) continue;
        const out = run(ctx, o, p.text);
        if (out === null) return 1;
        ctx.stdout.write(out);
      }
      return 0;
    },
    openErr,
  );
}

const noOpts = (ctx: Ctx, name: string) => {
  const r = parseArgs(ctx.argv.slice(1), {});
  return r.ok ? { o: null, operands: r.p.operands } : usageError(ctx, name, r.error);
};

export const tacProgram = filter('tac', noOpts, (_ctx, _o, text) => (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).reverse().join(''));

export const revProgram = filter('rev', noOpts, (_ctx, _o, text) =>
  text
    .split('\n')
    .map((l) => [...l].reverse().join(''))
    .join('\n'),
);

export const nlProgram = filter(
  'nl',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { withValue: 'bw', long: { 'body-numbering': { short: 'b', value: true }, 'number-width': { short: 'w', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    return { o: { all: r.p.value('b') === 'a', w: Number(r.p.value('w') ?? 6), n: 1 }, operands: r.p.operands };
  },
  (_ctx, o, text) => {
    let out = '';
    const ls = text.split('\n');
    if (ls[ls.length - 1] === '') ls.pop();
    for (const l of ls) out += (l !== '' || o.all ? `${String(o.n++).padStart(o.w)}\t` : ' '.repeat(o.w + 1)) + l + '\n';
    return out;
  },
);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

function utf8Decode(b: number[]): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    const n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    let cp = n ? c & (0x3f >> n) : c;
    for (let j = 1; j <= n; j++) cp = (cp << 6) | ((b[i + j] ?? 0) & 63);
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

export function base64Encode(s: string): string {
  const b = utf8Bytes(s);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[n >> 18] + (B64[(n >> 12) & 63] as string) + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
  }
  return out;
}

export function base64Decode(s: string): string | null {
  const t = s.replace(/\n/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return null;
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of t.replace(/=+$/, '')) {
    acc = (acc << 6) | B64.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return utf8Decode(bytes);
}

export const base64Program = filter(
  'base64',
  (ctx, name) => {
    const r = parseArgs(ctx.argv.slice(1), { flags: 'di', withValue: 'w', long: { decode: { short: 'd' }, wrap: { short: 'w', value: true }, 'ignore-garbage': { short: 'i' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    return { o: { d: r.p.has('d'), w: Number(r.p.value('w') ?? 76) }, operands: r.p.operands.slice(0, 1) };
  },
  (ctx, o, text) => {
    if (o.d) {
      const d = base64Decode(text);
      if (d === null) ctx.stderr.write(`${progName(ctx, 'base64')}: invalid input\n`);
      return d;
    }
    const e = base64Encode(text);
    if (!e) return '';
    const lines = o.w > 0 ? (e.match(new RegExp(`.{1,${o.w}}`, 'g')) ?? []) : [e];
    return lines.join('\n') + '\n';
  },
);

export const ttyProgram: ProgramDef<null> = {
  id: 'tty',
  main(ctx) {
    const fd = ctx.fds[0];
    const silent = ctx.argv.includes('-s');
    if (fd?.k !== 'tty') {
      if (!silent) ctx.stdout.write('not a tty\n');
      return { exit: 1 };
    }
    if (!silent) ctx.stdout.write(`/dev/${fd.tty}\n`);
    return { exit: 0 };
  },
};

export const groupsProgram: ProgramDef<null> = {
  id: 'groups',
  main(ctx) {
    const db = nameDb(ctx.k, ctx.pid);
    const name = progName(ctx, 'groups');
    const users = ctx.argv.slice(1);
    const gname = (g: number) => db.group(g) ?? String(g);
    if (!users.length) {
      const p = ctx.k.proc(ctx.pid);
      if (!p) return { exit: 1 };
      const ids = [p.cred.egid, ...p.cred.groups.filter((g) => g !== p.cred.egid)].map((g) => mapGidToNs(ctx.k, p.ns.user, g));
      ctx.stdout.write(ids.map(gname).join(' ') + '\n');
      return { exit: 0 };
    }
    let status = 0;
    for (const u of users) {
      const pw = db.passwd(u);
      if (!pw) {
        ctx.stderr.write(`${name}: ‘${u}’: no such user\n`);
        status = 1;
        continue;
      }
      ctx.stdout.write(`${u} : ${[pw.gid, ...db.groupsOf(pw.name).filter((g) => g !== pw.gid)].map(gname).join(' ')}\n`);
    }
    return { exit: status };
  },
};

const TEMPLATE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const mktempProgram: ProgramDef<null> = {
  id: 'mktemp',
  main(ctx) {
    const name = progName(ctx, 'mktemp');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'duqt', withValue: 'p', long: { directory: { short: 'd' }, 'dry-run': { short: 'u' }, quiet: { short: 'q' }, tmpdir: { short: 'p', value: true } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const tpl = r.p.operands[0] ?? 'tmp.XXXXXXXXXX';
    const m = /X{3,}$/.exec(tpl);
    if (!m) {
      ctx.stderr.write(`${name}: too few X's in template ‘${tpl}’\n`);
      return { exit: 1 };
    }
    const dir = r.p.value('p') ?? (r.p.operands[0] !== undefined && !r.p.has('t') ? null : (ctx.env.TMPDIR ?? '/tmp'));
    let rand = '';
    for (let i = 0; i < m[0].length; i++) rand += TEMPLATE_CHARS[nextInt(ctx.k.state.rng, TEMPLATE_CHARS.length)];
    const rel = tpl.slice(0, m.index) + rand;
    const shown = dir === null ? rel : `${dir.replace(/\/$/, '')}/${rel}`;
    if (!r.p.has('u')) {
      const path = absPath(ctx.k, ctx.pid, shown);
      const res = r.p.has('d') ? fsMkdir(ctx.k, ctx.pid, path, 0o700) : fsWrite(ctx.k, ctx.pid, path, '', { mode: 0o600, excl: true });
      if (isErr(res)) {
        if (!r.p.has('q')) ctx.stderr.write(`${name}: failed to create ${r.p.has('d') ? 'directory' : 'file'} via template ‘${shown.slice(0, shown.length - rand.length)}${'X'.repeat(rand.length)}’: ${strerror(res.errno)}\n`);
        return { exit: 1 };
      }
    }
    ctx.stdout.write(shown + '\n');
    return { exit: 0 };
  },
};

export const chgrpProgram: ProgramDef<null> = {
  id: 'chgrp',
  main(ctx) {
    const name = progName(ctx, 'chgrp');
    const r = parseArgs(ctx.argv.slice(1), { flags: 'Rhfv', long: { recursive: { short: 'R' } } });
    if (!r.ok) return usageError(ctx, name, r.error);
    const [group, ...files] = r.p.operands;
    if (group === undefined || !files.length) {
      ctx.stderr.write(group === undefined ? `${name}: missing operand\nTry '${name} --help' for more information.\n` : `${name}: missing operand after ‘${group}’\nTry '${name} --help' for more information.\n`);
      return { exit: 1 };
    }
    const gid = nameDb(ctx.k, ctx.pid).gidOf(group);
    if (gid === null) {
      ctx.stderr.write(`${name}: invalid group: ‘${group}’\n`);
      return { exit: 1 };
    }
    let status = 0;
    for (const f of files) {
      const path = absPath(ctx.k, ctx.pid, f);
      const st = fsStat(ctx.k, ctx.pid, path);
      const res = isErr(st) ? st : fsChown(ctx.k, ctx.pid, path, st.uid, gid);
      if (isErr(res)) {
        ctx.stderr.write(res.errno === 'ENOENT' ? `${name}: cannot access '${f}': No such file or directory\n` : `${name}: changing group of '${f}': ${strerror(res.errno)}\n`);
        status = 1;
      }
    }
    return { exit: status };
  },
};

export const clearProgram: ProgramDef<null> = {
  id: 'clear',
  main(ctx) {
    ctx.stdout.write('\x1b[H\x1b[2J\x1b[3J');
    return { exit: 0 };
  },
};
