/**
 * AST back to source text: what `jobs`, `type` and `set -x`-style messages show.
 * SIMPLIFICATIONS: normalises spacing and quoting (bash prints its own canonical form too).
 */

import type { Command, List, Redir, Word, WordPart } from './ast.ts';

export function wordText(w: Word): string {
  return w.parts.map(partText).join('');
}

function partText(p: WordPart): string {
  switch (p.k) {
    case 'lit':
      return p.v;
    case 'sq':
      return p.v.length === 1 && !/['\n]/.test(p.v) ? `\\${p.v}` : `'${p.v}'`;
    case 'dq':
      return `"${p.parts.map(partText).join('')}"`;
    case 'param':
      if (!p.op) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name) || p.name.length === 1 ? `$${p.name}` : `\${${p.name}}`;
      if (p.op === '#len') return `\${#${p.name}}`;
      return `\${${p.name}${p.colon ? ':' : ''}${p.op}${p.arg ? wordText(p.arg) : ''}}`;
    case 'cmd':
      return `$(${listText(p.body)})`;
    case 'arith':
      return `$((${wordText(p.expr)}))`;
    case 'tilde':
      return `~${p.user}`;
  }
}

function redirText(r: Redir): string {
  const fd = (r.op.startsWith('<') && r.fd === 0) || (!r.op.startsWith('<') && r.fd === 1) || r.op.startsWith('&') ? '' : String(r.fd);
  return `${fd}${r.op}${r.op === '<<' || r.op === '<<-' ? '' : ''}${wordText(r.target)}`;
}

function withRedirs(s: string, rs: Redir[]): string {
  return rs.length ? `${s} ${rs.map(redirText).join(' ')}` : s;
}

export function cmdText(c: Command): string {
  switch (c.t) {
    case 'simple':
      return [...c.assigns.map((a) => `${a.name}${a.append ? '+' : ''}=${wordText(a.value)}`), ...c.words.map(wordText), ...c.redirs.map(redirText)].join(' ');
    case 'pipeline':
      return `${c.bang ? '! ' : ''}${c.cmds.map(cmdText).join(' | ')}`;
    case 'andor':
      return [cmdText(c.first), ...c.rest.map((r) => `${r.op} ${cmdText(r.cmd)}`)].join(' ');
    case 'subshell':
      return withRedirs(`( ${listText(c.body)} )`, c.redirs);
    case 'group':
      return withRedirs(`{ ${listText(c.body)}; }`, c.redirs);
    case 'if': {
      let s = c.clauses.map((cl, i) => `${i ? 'elif' : 'if'} ${listText(cl.cond)}; then ${listText(cl.body)}; `).join('');
      if (c.else) s += `else ${listText(c.else)}; `;
      return withRedirs(`${s}fi`, c.redirs);
    }
    case 'loop':
      return withRedirs(`${c.until ? 'until' : 'while'} ${listText(c.cond)}; do ${listText(c.body)}; done`, c.redirs);
    case 'for':
      return withRedirs(`for ${c.name}${c.words ? ` in ${c.words.map(wordText).join(' ')}` : ''}; do ${listText(c.body)}; done`, c.redirs);
    case 'case':
      return withRedirs(`case ${wordText(c.word)} in ${c.items.map((it) => `${it.patterns.map(wordText).join('|')}) ${listText(it.body)};;`).join(' ')} esac`, c.redirs);
    case 'func':
      return `${c.name} () ${cmdText(c.body)}`;
  }
}

export function listText(l: List): string {
  return l.items
    .map((it, i) => cmdText(it.cmd) + (it.bg ? ' &' : i < l.items.length - 1 ? ';' : ''))
    .join(' ');
}

/** bash's `type f` body display: "f () \n{ \n    body\n}". */
export function funcText(name: string, body: Command): string {
  if (body.t === 'group') {
    const lines = body.body.items.map((it) => `    ${cmdText(it.cmd)}${it.bg ? ' &' : ''}`);
    return `${name} () \n{ \n${lines.join(';\n')}\n}`;
  }
  return `${name} () \n${cmdText(body)}`;
}
