/**
 * Running one simple command (XCU 2.9.1): expansion, redirections,
 * assignments, then a function, a builtin or a program found through PATH.
 *
 * SIMPLIFICATIONS: temporary assignments before a builtin last until the
 * builtin's frame is popped (as for special builtins); a text file without #!
 * runs in a subshell of the calling shell (as bash and ash do, but without
 * re-reading it as it runs).
 */

import type { Assign, Command, Redir, Word } from './ast.ts';
import type { Frame } from './state.ts';
import { childEnv, copyShellState } from './state.ts';
import type { FdTable, Outcome } from '../types.ts';
import { expandWords, expandWordText, type ExpandCtx } from './expand.ts';
import { type Sh, effFds, err, expandCtx, expandFailed, forkSubshell, pushCmd, trapIgnored } from './interp.ts';
import { notFound, prefix, redirError } from './messages.ts';
import { BUILTINS } from './builtins.ts';
import { absPath, fsRead, fsWrite, fsStat } from '../fsapi.ts';
import { isErr, strerror } from '../../kernel/errno.ts';
import { parse } from './parser.ts';
import { own } from '../own.ts';
import { hashable, hashedPath, rememberCommand } from './hash.ts';

/** The words of redirections that are expanded (targets; here-document bodies), in order. */
export function redirWords(redirs: Redir[]): Word[] {
  const out: Word[] = [];
  for (const r of redirs) {
    if (r.op === '<<' || r.op === '<<-') {
      if (r.body) out.push(r.body);
    } else out.push(r.target);
  }
  return out;
}

/** Apply redirections on top of `base`; creates/truncates files as the shell. */
export function applyRedirs(sh: Sh, cx: ExpandCtx, base: FdTable, redirs: Redir[]): { fds: FdTable } | { error: string } {
  const fds: FdTable = { ...base };
  const { pid, st } = sh;
  for (const r of redirs) {
    if (r.op === '<<' || r.op === '<<-') {
      const body = r.body ? expandWordText(cx, r.body, true) : '';
      fds[r.fd] = { k: 'pipe', id: sh.ul.newPipe(body) };
      continue;
    }
    const target = expandWordText(cx, r.target);
    if (r.op === '<<<') {
      fds[r.fd] = { k: 'pipe', id: sh.ul.newPipe(target + '\n') };
      continue;
    }
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') {
        fds[r.fd] = { k: 'closed' };
        continue;
      }
      if (/^[0-9]+$/.test(target)) {
        const src = fds[Number(target)];
        if (!src || src.k === 'closed') return { error: `${prefix(st)}${target}: Bad file descriptor\n` };
        fds[r.fd] = { ...src };
        continue;
      }
      if (r.op === '<&') return { error: `${prefix(st)}${target}: ambiguous redirect\n` };
    }
    const output = r.op !== '<' && r.op !== '<>';
    const both = r.op === '&>' || r.op === '&>>' || (r.op === '>&' && !/^[0-9]+$/.test(target));
    const append = r.op === '>>' || r.op === '&>>';
    if (target === '') return { error: `${prefix(st)}: No such file or directory\n` };
    const special = specialPath(sh, target, fds);
    let fd: FdTable[number];
    if (special) fd = special;
    else {
      const k = sh.k;
      const path = absPath(k, pid, target);
      if (output) {
        const st2 = fsStat(k, pid, path);
        if (!isErr(st2) && st2.type === 'dir') return { error: redirError(st, target, 'Is a directory', true) };
        const w = fsWrite(k, pid, path, '', { append });
        if (isErr(w)) return { error: redirError(st, target, strerror(w.errno), true) };
        fd = { k: 'file', path, append: true, by: pid, root: k.proc(pid)?.root ?? '/' };
      } else {
        const data = fsRead(k, pid, path);
        if (isErr(data)) return { error: redirError(st, target, strerror(data.errno), false) };
        fd = { k: 'pipe', id: sh.ul.newPipe(data) };
      }
    }
    if (both) {
      fds[1] = fd;
      fds[2] = { ...fd };
    } else fds[r.fd] = fd;
  }
  return { fds };
}

function specialPath(sh: Sh, target: string, fds: FdTable): FdTable[number] | null {
  switch (target) {
    case '/dev/null':
      return { k: 'null' };
    case '/dev/stdout':
      return fds[1] ? { ...fds[1] } : null;
    case '/dev/stderr':
      return fds[2] ? { ...fds[2] } : null;
    case '/dev/stdin':
      return fds[0] ? { ...fds[0] } : null;
    case '/dev/tty': {
      const tty = sh.k.proc(sh.pid)?.tty;
      return tty ? { k: 'tty', tty } : { k: 'null' };
    }
  }
  return null;
}

function assignValues(cx: ExpandCtx, assigns: Assign[]): Array<[string, string, boolean]> {
  return assigns.map((a) => [a.name, expandWordText(cx, a.value), !!a.append]);
}

/** Nothing runs after the current command in this shell (so it may exec in place). */
function nothingAfter(sh: Sh): boolean {
  const st = sh.st;
  if (!(st.subshell || st.oneshot) || st.traps.EXIT || st.interactive) return false;
  for (let i = 0; i < st.stack.length - 1; i++) {
    const f = st.stack[i] as Frame;
    if (f.f !== 'list' || f.i < f.items.length || f.cond) return false;
  }
  return true;
}

export function execSimple(sh: Sh, fr: Extract<Frame, { f: 'cmd' }>, node: Extract<Command, { t: 'simple' }>): Outcome | null {
  const st = sh.st;
  st.lineNo = node.line;
  const cx = expandCtx(sh, fr.subst);
  let fields: string[];
  let assigns: Array<[string, string, boolean]>;
  let rr: { fds: FdTable } | { error: string };
  try {
    fields = expandWords(cx, node.words);
    rr = applyRedirs(sh, cx, effFds(sh), node.redirs);
    assigns = assignValues(cx, node.assigns);
  } catch (e) {
    return expandFailed(sh, e);
  }
  fr.phase = 1;
  if ('error' in rr) {
    err(sh, rr.error);
    st.last = st.flavour === 'dash' ? 2 : 1;
    if (!st.interactive && fields.length && BUILTINS[fields[0] ?? '']?.special) sh.st.exiting = 1;
    return null;
  }
  if (st.opts.xtrace && (fields.length || assigns.length)) {
    const ps4 = st.vars.PS4 ?? '+ ';
    err(sh, `${ps4}${[...assigns.map(([n, v]) => `${n}=${v}`), ...fields].join(' ')}\n`);
  }
  if (fields.length === 0) {
    for (const [n, v, app] of assigns) st.vars[n] = app ? (own(st.vars, n) ?? '') + v : v;
    st.last = fr.subst && fr.subst.length ? st.substStatus : 0;
    return null;
  }
  const name = fields[0] as string;
  const alias = st.interactive ? own(st.aliases, name) : undefined;
  if (alias !== undefined) {
    const r = parse(`${alias} ${fields.slice(1).map(quote).join(' ')}`);
    if (r.ok && r.list.items.length === 1 && r.list.items[0]) {
      const aliasNode = r.list.items[0].cmd;
      if (!(aliasNode.t === 'simple' && aliasNode.words[0] && expandWordText(cx, aliasNode.words[0]) === name)) {
        pushWithRedirs(sh, rr.fds, []);
        pushCmd(st, aliasNode);
        return null;
      }
    }
  }
  const fn = own(st.funcs, name);
  const builtin = own(BUILTINS, name);
  if (builtin?.special || (!fn && builtin)) {
    const restore: Record<string, string | null> = {};
    for (const [n, v, app] of assigns) {
      if (!builtin.special) restore[n] = own(st.vars, n) ?? null;
      st.vars[n] = app ? (own(st.vars, n) ?? '') + v : v;
    }
    pushWithRedirs(sh, rr.fds, Object.keys(restore).length ? [restore] : []);
    const r = builtin.run(sh, fields, rr.fds);
    if (typeof r === 'number') {
      st.last = r;
      return null;
    }
    return r;
  }
  if (fn) {
    if (st.depth >= 1000) {
      err(sh, `${prefix(st)}${name}: maximum function nesting level exceeded (1000)\n`);
      st.last = 1;
      return null;
    }
    const locals: Record<string, string | null> = {};
    for (const [n, v] of assigns) {
      locals[n] = own(st.vars, n) ?? null;
      st.vars[n] = v;
    }
    pushWithRedirs(sh, rr.fds, []);
    st.stack.push({ f: 'func', params: st.params, locals, name });
    st.params = fields.slice(1);
    st.depth++;
    pushCmd(st, fn);
    return null;
  }
  const extra: Record<string, string> = {};
  for (const [n, v, app] of assigns) extra[n] = app ? (own(st.vars, n) ?? '') + v : v;
  return runExternal(sh, fields, childEnv(st, extra), rr.fds);
}

function quote(s: string): string {
  return /^[A-Za-z0-9_./=:,+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** Push a redirection frame that restores fds (and temporary variables) when popped. */
function pushWithRedirs(sh: Sh, fds: FdTable, restores: Array<Record<string, string | null>>): void {
  const st = sh.st;
  const base = effFds(sh);
  const same = Object.keys(fds).length === Object.keys(base).length && Object.entries(fds).every(([n, f]) => JSON.stringify(base[Number(n)]) === JSON.stringify(f));
  if (same && !restores.length) return;
  const frame: Frame = { f: 'redir', saved: st.fds, closeCaps: Object.values(fds).flatMap((f) => (f.k === 'pipe' && !Object.values(base).some((b) => b.k === 'pipe' && b.id === f.id) ? [f.id] : [])) };
  if (restores.length) (frame as Frame & { vars?: Record<string, string | null> }).vars = restores[0];
  st.stack.push(frame);
  st.fds = fds;
}

/** Run a program found through PATH (or by path). */
export function runExternal(sh: Sh, argv: string[], env: Record<string, string>, fds: FdTable): Outcome | null {
  const st = sh.st;
  const name = argv[0] as string;
  // A remembered command runs without a PATH search (hash.ts); a search's find is remembered.
  const useHash = hashable(st, name, env.PATH);
  const remembered = useHash ? hashedPath(st, name) : null;
  let w: { path: string };
  if (remembered !== null) w = { path: remembered };
  else {
    const found = sh.ul.which(sh.pid, name, env.PATH);
    if ('error' in found) {
      if (found.error === 'ENOENT') {
        err(sh, notFound(st, name));
        st.last = 127;
      } else {
        err(sh, `${prefix(st)}${name}: ${found.error === 'EISDIR' ? 'Is a directory' : 'Permission denied'}\n`);
        st.last = 126;
      }
      return null;
    }
    w = found;
    if (useHash) rememberCommand(st, name, found.path);
  }
  const img = sh.ul.loadImage(sh.pid, w.path, argv);
  if ('error' in img) {
    if (img.error === 'ENOEXEC') return runScriptFile(sh, w.path, argv, fds);
    // A remembered program removed since: bash names the path it tried, dash and ash say "not found".
    if (remembered !== null && img.error === 'ENOENT') err(sh, st.flavour === 'bash' ? `${prefix(st)}${w.path}: No such file or directory\n` : notFound(st, name));
    else err(sh, `${prefix(st)}${name}: ${strerror(img.error)}\n`);
    st.last = img.error === 'ENOENT' ? 127 : 126;
    return null;
  }
  if (nothingAfter(sh)) {
    sh.ul.setFds(sh.pid, fds);
    return { exec: { path: w.path, argv, env } };
  }
  const tty = fds[0]?.k === 'tty' && st.interactive ? fds[0].tty : undefined;
  const pid = sh.ul.spawn(sh.pid, { argv, path: w.path, env, fds, newPgrp: !st.subshell, fgTty: tty, ignored: trapIgnored(st) }, img);
  if (typeof pid !== 'number') {
    err(sh, `${prefix(st)}${pid.error}`);
    st.last = pid.status;
    return null;
  }
  const pgid = sh.k.proc(pid)?.pgid ?? 0;
  st.stack.push({ f: 'wait', pids: [pid], status: {}, bang: false, pgid: tty ? pgid : 0, job: false, cmd: argv.join(' ') });
  return null;
}

function runScriptFile(sh: Sh, path: string, argv: string[], fds: FdTable): Outcome | null {
  const st = sh.st;
  const text = fsRead(sh.k, sh.pid, path);
  if (isErr(text)) {
    err(sh, `${prefix(st)}${argv[0]}: ${strerror(text.errno)}\n`);
    st.last = 126;
    return null;
  }
  const r = parse(text);
  if (!r.ok) {
    st.last = 2;
    return null;
  }
  const frames: Frame[] = [{ f: 'list', items: r.list.items, i: 0, cond: false }];
  const pid = forkSubshell(sh, frames, fds, { newPgrp: !st.subshell, run: false });
  if (typeof pid !== 'number') {
    err(sh, pid.error);
    st.last = pid.status;
    return null;
  }
  const child = sh.ul.programState<import('./state.ts').ShellState>(pid);
  if (child) {
    const copy = copyShellState(child);
    copy.params = argv.slice(1);
    copy.arg0 = argv[0] ?? path;
    copy.funcs = {};
    sh.k.emit({ type: 'process.programStateChanged', pid, state: { fds, fl: sh.ctx.flavour, s: copy } });
  }
  sh.ul.runMain(pid);
  st.stack.push({ f: 'wait', pids: [pid], status: {}, bang: false, pgid: 0, job: false, cmd: argv.join(' ') });
  return null;
}
