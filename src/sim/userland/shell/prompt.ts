/**
 * Prompt strings: bash's PS1 backslash escapes (bash(1) "PROMPTING") and
 * busybox ash's fancy prompt, then parameter expansion of the result.
 * SIMPLIFICATIONS: \t \T \@ \A \d from the virtual clock in UTC; \! and \#
 * count history entries.
 */

import type { Kernel } from '../../kernel/kernel.ts';
import type { ShellState } from './state.ts';
import { fsRead, fsGetcwd } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { own } from '../own.ts';
import { mapUidToNs } from '../../kernel/ns/idmap.ts';
import { nsAt } from '../../kernel/ns/by-inum.ts';

/** The user name for a uid, from /etc/passwd as the process sees it. */
export function userName(k: Kernel, pid: number, uid: number): string | null {
  const text = fsRead(k, pid, '/etc/passwd');
  if (!isErr(text)) {
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid) && f[0]) return f[0];
    }
  }
  return uid === 0 ? 'root' : null;
}

export function hostnameOf(k: Kernel, pid: number): string {
  const p = k.proc(pid);
  const ns = p ? nsAt(k.state, p.ns.uts) : undefined;
  return ns && ns.type === 'uts' ? ns.hostname : k.state.machine.hostname;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Expand a prompt string for the shell process pid. */
export function expandPrompt(k: Kernel, pid: number, st: ShellState, ps: string): string {
  const p = k.proc(pid);
  const uid = p?.cred.euid ?? 0;
  const home = st.vars.HOME ?? '';
  const pwd = st.vars.PWD ?? fsGetcwd(k, pid);
  const tilde = home && home !== '/' && (pwd === home || pwd.startsWith(home + '/')) ? '~' + pwd.slice(home.length) : pwd;
  const d = new Date(k.nowMs);
  let outText = '';
  for (let i = 0; i < ps.length; i++) {
    const c = ps[i] ?? '';
    if (c !== '\\') {
      outText += c;
      continue;
    }
    const n = ps[++i] ?? '';
    switch (n) {
      case 'u':
        outText += userName(k, pid, uid) ?? 'I have no name!';
        break;
      case 'h':
        outText += hostnameOf(k, pid).split('.')[0];
        break;
      case 'H':
        outText += hostnameOf(k, pid);
        break;
      case 'w':
        outText += tilde;
        break;
      case 'W':
        outText += pwd === '/' ? '/' : tilde === '~' ? '~' : (pwd.split('/').pop() ?? '');
        break;
      case '$':
        outText += uid === 0 ? '#' : '$';
        break;
      case 's':
        outText += st.flavour !== 'bash' ? 'sh' : 'bash';
        break;
      case 'v':
        outText += '5.2';
        break;
      case 'V':
        outText += '5.2.15';
        break;
      case 'n':
        outText += '\n';
        break;
      case 'r':
        outText += '\r';
        break;
      case 'e':
        outText += '\x1b';
        break;
      case 'a':
        outText += '\x07';
        break;
      case '[':
      case ']':
        break;
      case 't':
        outText += `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        break;
      case 'A':
        outText += `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
        break;
      case 'j':
        outText += String(st.jobs.length);
        break;
      case '!':
      case '#':
        outText += String(st.history.length + 1);
        break;
      case '\\':
        outText += '\\';
        break;
      default:
        outText += '\\' + n;
    }
  }
  return outText.replace(/\$\{debian_chroot:\+\(\$debian_chroot\)\}/g, st.vars.debian_chroot ? `(${st.vars.debian_chroot})` : '').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => own(st.vars, name) ?? '');
}

/** The primary prompt of an interactive shell. */
export function shellPrompt(k: Kernel, pid: number, st: ShellState): string {
  const ps1 = st.vars.PS1;
  if (ps1 !== undefined) return expandPrompt(k, pid, st, ps1);
  // dash's default is "$ " ("# " for root) with no escapes; busybox ash's "\\w \\$ "; bash's "\\s-\\v\\$ ".
  if (st.flavour === 'dash') {
    const p = k.proc(pid);
    return p && mapUidToNs(k, p.ns.user, p.cred.euid) === 0 ? '# ' : '$ ';
  }
  return expandPrompt(k, pid, st, st.flavour !== 'bash' ? '\\w \\$ ' : '\\s-\\v\\$ ');
}
