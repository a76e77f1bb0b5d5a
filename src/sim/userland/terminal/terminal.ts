/**
 * An interactive terminal on a shell: the pts line discipline plus the line
 * editing and history readline gives bash (and busybox's line editor gives ash).
 *
 * Models: termios canonical mode with echo (a line is sent to the reader on
 * Enter; ^C sends SIGINT and ^\ SIGQUIT to the foreground process group; ^D at
 * the start of a line is end-of-file; ^U erases the line), raw mode for
 * programs that ask for it, and, while an interactive shell reads its prompt,
 * readline: cursor movement (←/→, Home/End, ^A/^E), history (↑/↓, ^P/^N),
 * Tab completion (a unique match completes; several list on a second Tab).
 * Output uses "\r\n" line ends (ONLCR).
 * SIMPLIFICATIONS:
 * - Line editing is done here for whichever interactive shell is the
 *   terminal's foreground reader; the shell receives the finished line.
 * - ^Z (job stop) is not supported: it is echoed and ignored.
 * - Ctrl-D at an empty prompt ends the shell; when the terminal's own shell
 *   ends and `respawn` is given (the host's root terminal), it prints what
 *   bash prints ("logout") and starts a new login shell (a new ssh session).
 * - dispose() hangs up the foreground job if it is not the shell itself; the
 *   shell survives (the host's root shell keeps serving host.run).
 */

import type { Terminal } from '../../host/terminal.ts';
import type { LoggedEvent } from '../../events.ts';
import type { Userland } from '../userland.ts';
import type { ShellState } from '../shell/state.ts';
import { splitKeys, type Key } from './keys.ts';
import { complete, columns } from './complete.ts';
import { settle, foregroundOf, nextForegroundWake } from '../runline.ts';
import { currentPrompt } from '../shell/program.ts';

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  /** The host's event log, to hand each input batch's events to onEvents subscribers. */
  log?: Pick<readonly LoggedEvent[], 'length' | 'slice'>;
  /** Called when the terminal's shell has ended; return a new shell pid to continue, or null. */
  respawn?: () => number | null;
  /** Told about a respawned shell (so the host can update its root shell). */
  onRespawn?: (pid: number) => void;
}

type Mode = { m: 'shell'; pid: number } | { m: 'canon' } | { m: 'raw' } | { m: 'dead' };

export function createTerminal(ul: Userland, shellPid: number, opts: TerminalOptions = {}): Terminal & { readonly shellPid: number } {
  const k = ul.k;
  let shell = shellPid;
  const ttyName = k.proc(shellPid)?.tty ?? 'pts/0';
  const t = ul.tty(ttyName);
  t.cols = opts.cols ?? t.cols;
  t.rows = opts.rows ?? t.rows;
  const dataSubs: Array<(d: string) => void> = [];
  const eventSubs: Array<(e: LoggedEvent[]) => void> = [];
  const emit = (s: string) => {
    for (const cb of [...dataSubs]) cb(s);
  };
  const unsubscribeTty = ul.onTtyOutput(ttyName, emit);
  // Line editor state (transient UI state, like readline's).
  let buf = '';
  let cur = 0;
  let histIdx: number | null = null;
  let saved = '';
  let tabs = 0;
  let disposed = false;

  const mode = (): Mode => {
    const sp = k.proc(shell);
    if (!sp || sp.state === 'Z') return { m: 'dead' };
    if (ul.tty(ttyName).raw) return { m: 'raw' };
    const fgPgid = ul.tty(ttyName).fgPgid;
    for (const p of foregroundOf(ul, shell)) {
      if (p.pgid !== fgPgid && p.pid !== shell) continue;
      if (p.wait.kind !== 'input') continue;
      const st = ul.programState<ShellState>(p.pid);
      if (st && typeof st === 'object' && 'interactive' in st && st.interactive && st.stack.length === 0 && ul.fdsOf(p.pid)[0]?.k === 'tty') return { m: 'shell', pid: p.pid };
    }
    return { m: 'canon' };
  };

  const history = (pid: number): string[] => ul.programState<ShellState>(pid)?.history ?? [];

  const replaceLine = (text: string) => {
    let s = cur > 0 ? `\x1b[${cur}D` : '';
    s += text + '\x1b[K';
    buf = text;
    cur = text.length;
    emit(s);
  };

  const insert = (s: string) => {
    const tail = buf.slice(cur);
    buf = buf.slice(0, cur) + s + tail;
    cur += s.length;
    emit(s + tail + (tail.length ? `\x1b[${tail.length}D` : ''));
  };

  const backspace = () => {
    if (cur === 0) return;
    const tail = buf.slice(cur);
    buf = buf.slice(0, cur - 1) + tail;
    cur--;
    emit(`\b${tail} \x1b[${tail.length + 1}D`);
  };

  const del = () => {
    if (cur >= buf.length) return;
    const tail = buf.slice(cur + 1);
    buf = buf.slice(0, cur) + tail;
    emit(`${tail} \x1b[${tail.length + 1}D`);
  };

  const resetLine = () => {
    buf = '';
    cur = 0;
    histIdx = null;
    saved = '';
    tabs = 0;
  };

  const shellKey = (key: Key, pid: number) => {
    if (key.k !== 'tab') tabs = 0;
    switch (key.k) {
      case 'text':
        insert(key.s);
        return;
      case 'enter': {
        const line = buf;
        emit('\r\n');
        resetLine();
        ul.ttyInput(ttyName, line + '\n');
        return;
      }
      case 'backspace':
        backspace();
        return;
      case 'delete':
        del();
        return;
      case 'left':
        if (cur > 0) {
          cur--;
          emit('\x1b[D');
        }
        return;
      case 'right':
        if (cur < buf.length) {
          cur++;
          emit('\x1b[C');
        }
        return;
      case 'home':
        if (cur > 0) emit(`\x1b[${cur}D`);
        cur = 0;
        return;
      case 'end':
        if (cur < buf.length) emit(`\x1b[${buf.length - cur}C`);
        cur = buf.length;
        return;
      case 'up': {
        const h = history(pid);
        if (!h.length) return;
        if (histIdx === null) {
          saved = buf;
          histIdx = h.length;
        }
        if (histIdx > 0) {
          histIdx--;
          replaceLine(h[histIdx] ?? '');
        }
        return;
      }
      case 'down': {
        const h = history(pid);
        if (histIdx === null) return;
        histIdx++;
        if (histIdx >= h.length) {
          histIdx = null;
          replaceLine(saved);
        } else replaceLine(h[histIdx] ?? '');
        return;
      }
      case 'tab': {
        tabs++;
        const c = complete(ul, pid, buf, cur);
        if (c.insert) {
          insert(c.insert);
          tabs = 0;
          return;
        }
        if (c.choices.length > 1 && tabs >= 2) {
          emit(`\r\n${columns(c.choices, ul.tty(ttyName).cols)}\r\n${currentPrompt(ul, pid)}${buf}`);
          if (cur < buf.length) emit(`\x1b[${buf.length - cur}D`);
        } else emit('\x07');
        return;
      }
      case 'ctrl':
        switch (key.c) {
          case 'A':
            shellKey({ k: 'home' }, pid);
            return;
          case 'E':
            shellKey({ k: 'end' }, pid);
            return;
          case 'B':
            shellKey({ k: 'left' }, pid);
            return;
          case 'F':
            shellKey({ k: 'right' }, pid);
            return;
          case 'P':
            shellKey({ k: 'up' }, pid);
            return;
          case 'N':
            shellKey({ k: 'down' }, pid);
            return;
          case 'U': {
            const tail = buf.slice(cur);
            emit((cur ? `\x1b[${cur}D` : '') + tail + '\x1b[K' + (tail.length ? `\x1b[${tail.length}D` : ''));
            buf = tail;
            cur = 0;
            return;
          }
          case 'K':
            buf = buf.slice(0, cur);
            emit('\x1b[K');
            return;
          case 'W': {
            const before = buf.slice(0, cur).replace(/\S+\s*$/, '');
            const n = cur - before.length;
            for (let i = 0; i < n; i++) backspace();
            return;
          }
          case 'L':
            emit(`\x1b[H\x1b[2J${currentPrompt(ul, pid)}${buf}`);
            return;
          case 'C':
            emit('^C');
            resetLine();
            ul.ttySignal(ttyName, 2);
            return;
          case 'D':
            if (buf === '') {
              ul.ttyInput(ttyName, '', true);
              return;
            }
            del();
            return;
          default:
            return;
        }
    }
  };

  const canonKey = (key: Key) => {
    switch (key.k) {
      case 'text':
        buf += key.s;
        emit(key.s);
        return;
      case 'tab':
        buf += '\t';
        emit('\t');
        return;
      case 'enter': {
        const line = buf;
        buf = '';
        emit('\r\n');
        ul.ttyInput(ttyName, line + '\n');
        return;
      }
      case 'backspace':
        if (buf) {
          buf = buf.slice(0, -1);
          emit('\b \b');
        }
        return;
      case 'ctrl':
        switch (key.c) {
          case 'C':
            emit('^C');
            buf = '';
            ul.ttySignal(ttyName, 2);
            return;
          case '\\':
            emit('^\\');
            buf = '';
            ul.ttySignal(ttyName, 3);
            return;
          case 'D':
            if (buf === '') ul.ttyInput(ttyName, '', true);
            else {
              ul.ttyInput(ttyName, buf);
              buf = '';
            }
            return;
          case 'U':
            emit('\b \b'.repeat(buf.length));
            buf = '';
            return;
          case 'Z':
            emit('^Z');
            return;
          case 'P':
          case 'Q':
            ul.ttyInput(ttyName, key.c === 'P' ? '\x10' : '\x11');
            return;
          default:
            return;
        }
      default:
        return;
    }
  };

  /** Hand the events since `seqBefore` to onEvents subscribers. */
  const report = (seqBefore: number) => {
    if (!opts.log || !eventSubs.length) return;
    const evs = opts.log.slice(seqBefore);
    for (const cb of [...eventSubs]) cb(evs);
  };

  const afterShellEnded = () => {
    if (!opts.respawn) return;
    const pid = opts.respawn();
    if (pid === null) return;
    shell = pid;
    opts.onRespawn?.(pid);
  };

  const term: Terminal & { readonly shellPid: number } = {
    get shellPid() {
      return shell;
    },
    input(data: string, how: { wait?: boolean } = {}) {
      if (disposed) return;
      // wait: false leaves a foreground job that sleeps on a timer where it is; step() moves it on.
      const wakes = how.wait === false ? 0 : undefined;
      const seqBefore = opts.log?.length ?? 0;
      ul.drain();
      const raw = ul.tty(ttyName).raw;
      if (raw) {
        ul.ttyInput(ttyName, data);
      } else {
        for (const key of splitKeys(data)) {
          const md = mode();
          if (md.m === 'dead') break;
          if (md.m === 'shell') shellKey(key, md.pid);
          else if (md.m === 'raw') ul.ttyInput(ttyName, key.k === 'text' ? key.s : '');
          else canonKey(key);
          settle(ul, shell, () => false, wakes);
          const sp = k.proc(shell);
          if (!sp || sp.state === 'Z') {
            afterShellEnded();
            break;
          }
        }
      }
      settle(ul, shell, () => false, wakes);
      report(seqBefore);
    },
    step(maxWakes = 1) {
      if (disposed) return false;
      if (maxWakes > 0 && nextForegroundWake(ul, shell) !== null) {
        const seqBefore = opts.log?.length ?? 0;
        settle(ul, shell, () => false, maxWakes);
        const sp = k.proc(shell);
        if (!sp || sp.state === 'Z') afterShellEnded();
        report(seqBefore);
      }
      return nextForegroundWake(ul, shell) !== null;
    },
    onData(cb) {
      dataSubs.push(cb);
      const md = mode();
      if (md.m === 'shell') cb(currentPrompt(ul, md.pid) + buf);
      return () => {
        const i = dataSubs.indexOf(cb);
        if (i >= 0) dataSubs.splice(i, 1);
      };
    },
    onEvents(cb) {
      eventSubs.push(cb);
      return () => {
        const i = eventSubs.indexOf(cb);
        if (i >= 0) eventSubs.splice(i, 1);
      };
    },
    resize(cols: number, rows: number) {
      const tt = ul.tty(ttyName);
      tt.cols = cols;
      tt.rows = rows;
      if (tt.fgPgid) ul.ttySignal(ttyName, 28);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribeTty();
      const sp = k.proc(shell);
      const fg = ul.tty(ttyName).fgPgid;
      if (sp && fg && fg !== sp.pgid) ul.ttySignal(ttyName, 1);
      dataSubs.length = 0;
      eventSubs.length = 0;
    },
  };
  return term;
}
