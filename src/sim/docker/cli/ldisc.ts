/**
 * A canonical-mode line discipline (termios ICANON|ECHO|ICRNL|ISIG) for a
 * container's terminal, applied by the client while it relays the caller's
 * raw keystrokes (docker run -it, exec -it, attach): typed characters are
 * echoed, Enter sends the line, Backspace and ^U edit it, ^C/^\ signal the
 * container's foreground group, ^D at the start of a line is end-of-file.
 * SIMPLIFICATIONS: this stands in for the container pts's own line
 * discipline, which the userland keeps only for terminals with a Terminal
 * attached; programs that switch the container's terminal to raw mode still
 * get cooked input.
 */

export interface LdiscOutput {
  /** Data for the container's terminal input (with an eof marker). */
  input: Array<{ data: string; eof?: boolean }>;
  /** What the terminal echoes back to the caller. */
  echo: string;
  /** Signals for the foreground process group. */
  signals: number[];
}

/** Feed keys; `line` is the edit buffer kept between calls. */
export function ldisc(line: string, keys: string): { line: string; out: LdiscOutput } {
  const out: LdiscOutput = { input: [], echo: '', signals: [] };
  for (const ch of keys) {
    if (ch === '\r' || ch === '\n') {
      out.echo += '\r\n';
      out.input.push({ data: `${line}\n` });
      line = '';
    } else if (ch === '\x7f' || ch === '\b') {
      if (line) {
        line = [...line].slice(0, -1).join('');
        out.echo += '\b \b';
      }
    } else if (ch === '\x15') {
      out.echo += '\b \b'.repeat([...line].length);
      line = '';
    } else if (ch === '\x03') {
      out.echo += '^C\r\n';
      line = '';
      out.signals.push(2);
    } else if (ch === '\x1c') {
      out.echo += '^\\\r\n';
      line = '';
      out.signals.push(3);
    } else if (ch === '\x04') {
      if (line === '') out.input.push({ data: '', eof: true });
      else {
        out.input.push({ data: line });
        line = '';
      }
    } else if (ch === '\t' || ch >= ' ') {
      line += ch;
      out.echo += ch;
    }
  }
  return { line, out };
}
