/**
 * One step of the interpreter: run the frame on top of the stack (a list, an
 * and-or list, a compound command, a simple command, a function body).
 *
 * Models: sh(1p) 2.9 "Shell Commands": `;`, `&&`, `||`, `!`, if, while,
 * until, for, case, brace groups, subshells, functions; errexit.
 * SIMPLIFICATIONS: see interp.ts.
 */

import type { Command, List } from './ast.ts';
import type { Frame } from './state.ts';
import type { Outcome } from '../types.ts';
import { matchPattern, expandWords, expandWordText, expandPattern, collectSubst, ExpandError } from './expand.ts';
import { prefix } from './messages.ts';
import { execSimple, redirWords } from './simple.ts';
import { readStep } from './builtins-vars.ts';
import { type Sh, err, expandCtx, pushCmd, pushList, forkSubshell } from './sh.ts';
import { popFrame, exitShell } from './interp.ts';
import { pipeIds, compoundRedirs, startBackground, startPipeline, stepSubst, stepWait } from './pipeline.ts';

export function step(sh: Sh, fr: Frame): Outcome | null {
  const st = sh.st;
  switch (fr.f) {
    case 'list': {
      if (fr.i > 0 && st.opts.errexit && st.last !== 0 && !fr.cond && !st.interactive) {
        const prev = fr.items[fr.i - 1];
        if (prev && !prev.bg && !isCondLike(prev.cmd)) {
          exitShell(sh, st.last);
          return null;
        }
      }
      if (fr.i >= fr.items.length) {
        popFrame(sh);
        return null;
      }
      const item = fr.items[fr.i++];
      if (!item) return null;
      if (item.bg) {
        startBackground(sh, item.cmd);
        return null;
      }
      pushCmd(st, item.cmd);
      return null;
    }
    case 'andor': {
      if (fr.i === 0) {
        fr.i = 1;
        pushCmd(st, fr.node.first);
        return null;
      }
      const r = fr.node.rest[fr.i - 1];
      if (!r) {
        popFrame(sh);
        return null;
      }
      fr.i++;
      if ((r.op === '&&' && st.last === 0) || (r.op === '||' && st.last !== 0)) pushCmd(st, r.cmd);
      return null;
    }
    case 'if': {
      if (fr.phase === 'cond') {
        const cl = fr.node.clauses[fr.i];
        if (!cl) {
          popFrame(sh);
          if (fr.node.else) pushList(st, fr.node.else);
          else st.last = 0;
          return null;
        }
        fr.phase = 'body';
        pushList(st, cl.cond, true);
        return null;
      }
      if (st.last === 0) {
        const cl = fr.node.clauses[fr.i];
        popFrame(sh);
        if (cl) pushList(st, cl.body);
        return null;
      }
      fr.i++;
      fr.phase = 'cond';
      return null;
    }
    case 'loop': {
      if (fr.phase === 'start' || fr.phase === 'body') {
        if (fr.phase === 'body') fr.status = st.last;
        fr.phase = 'cond';
        pushList(st, fr.node.cond, true);
        return null;
      }
      const ok = st.last === 0;
      if (ok === fr.node.until) {
        popFrame(sh);
        st.last = fr.status;
        return null;
      }
      fr.phase = 'body';
      pushList(st, fr.node.body);
      return null;
    }
    case 'for': {
      if (fr.words === null) {
        if (fr.node.words === null) fr.words = [...st.params];
        else {
          const subs = collectSubst(fr.node.words);
          const below = fr as Frame & { subst?: string[] };
          if (subs.length && !below.subst) {
            st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
            return null;
          }
          try {
            fr.words = expandWords(expandCtx(sh, below.subst ?? null), fr.node.words);
          } catch (e) {
            return expandFailed(sh, e);
          }
        }
        st.last = 0;
      }
      const w = fr.words[fr.i++];
      if (w === undefined) {
        popFrame(sh);
        return null;
      }
      st.vars[fr.node.name] = w;
      pushList(st, fr.node.body);
      return null;
    }
    case 'case': {
      const below = fr as Frame & { subst?: string[] };
      if (fr.word === null) {
        const words = [fr.node.word, ...fr.node.items.flatMap((i) => i.patterns)];
        const subs = collectSubst(words);
        if (subs.length && !below.subst) {
          st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
          return null;
        }
        const cx = expandCtx(sh, below.subst ?? null);
        try {
          fr.word = expandWordText(cx, fr.node.word);
          for (const [idx, item] of fr.node.items.entries()) {
            if (item.patterns.some((p) => matchPattern(fr.word ?? '', expandPattern(cx, p)))) {
              popFrame(sh);
              st.last = 0;
              pushList(st, item.body);
              void idx;
              return null;
            }
          }
        } catch (e) {
          return expandFailed(sh, e);
        }
        popFrame(sh);
        st.last = 0;
        return null;
      }
      popFrame(sh);
      return null;
    }
    case 'cmd':
      return stepCmd(sh, fr);
    case 'func':
    case 'dot':
    case 'redir':
    case 'trap':
      popFrame(sh);
      return null;
    case 'subst':
      return stepSubst(sh, fr);
    case 'wait':
      return stepWait(sh, fr);
    case 'read': {
      const r = readStep(sh);
      return typeof r === 'number' ? null : r;
    }
    case 'source':
    case 'eval':
      popFrame(sh);
      pushList(st, fr.list);
      return null;
  }
}

function isCondLike(c: Command): boolean {
  return c.t === 'andor' || (c.t === 'pipeline' && c.bang);
}

export function expandFailed(sh: Sh, e: unknown): Outcome | null {
  if (!(e instanceof ExpandError)) throw e;
  err(sh, `${prefix(sh.st)}${e.msg}\n`);
  sh.st.last = 1;
  popFrame(sh);
  if (e.fatal && !sh.st.interactive) exitShell(sh, 1);
  else if (e.fatal && sh.st.interactive) {
    // bash abandons the rest of the line.
    sh.st.stack = [];
  }
  return null;
}

/** The $(...) bodies of a command, derived once per parsed (frozen) command. */
const substBodies = new WeakMap<Command, List[]>();

function substBodiesOf(node: Command): List[] {
  const known = substBodies.get(node);
  if (known) return known.length ? known.slice() : known;
  const words = node.t === 'simple' ? [...node.words, ...redirWords(node.redirs), ...node.assigns.map((a) => a.value)] : 'redirs' in node ? redirWords(node.redirs) : [];
  const subs = collectSubst(words);
  if (Object.isFrozen(node)) substBodies.set(node, subs.slice());
  return subs;
}

function stepCmd(sh: Sh, fr: Extract<Frame, { f: 'cmd' }>): Outcome | null {
  const st = sh.st;
  const node = fr.node;
  if (fr.phase === 1) {
    popFrame(sh);
    return null;
  }
  // Command substitutions first (in a subshell each).
  if (fr.subst === null) {
    const subs = substBodiesOf(node);
    if (subs.length) {
      fr.subst = [];
      st.stack.push({ f: 'subst', bodies: subs, results: [], i: 0, pid: 0, cap: 0 });
      return null;
    }
    fr.subst = [];
  }
  switch (node.t) {
    case 'simple':
      return execSimple(sh, fr, node);
    case 'pipeline':
      fr.phase = 1;
      return startPipeline(sh, node);
    case 'andor':
      fr.phase = 1;
      st.stack.push({ f: 'andor', node, i: 0 });
      return null;
    case 'func':
      st.funcs[node.name] = node.body;
      st.last = 0;
      fr.phase = 1;
      return null;
    case 'subshell': {
      fr.phase = 1;
      const fds = compoundRedirs(sh, fr, node.redirs);
      if (!fds) return null;
      const pid = forkSubshell(sh, [{ f: 'list', items: node.body.items, i: 0, cond: false }], fds);
      if (typeof pid !== 'number') {
        err(sh, pid.error);
        st.last = pid.status;
        return null;
      }
      st.stack.push({ f: 'wait', pids: [pid], status: {}, bang: false, pgid: 0, job: false, cmd: '' });
      return null;
    }
    default: {
      fr.phase = 1;
      const fds = compoundRedirs(sh, fr, node.redirs);
      if (!fds) return null;
      if (node.redirs.length) st.stack.push({ f: 'redir', saved: st.fds, closeCaps: pipeIds(fds) });
      if (node.redirs.length) st.fds = fds;
      if (node.t === 'group') pushList(st, node.body);
      else if (node.t === 'if') st.stack.push({ f: 'if', node, i: 0, phase: 'cond' });
      else if (node.t === 'loop') st.stack.push({ f: 'loop', node, phase: 'start', status: 0 });
      else if (node.t === 'for') st.stack.push({ f: 'for', node, words: null, i: 0 });
      else if (node.t === 'case') st.stack.push({ f: 'case', node, word: null, item: 0 });
      return null;
    }
  }
}

