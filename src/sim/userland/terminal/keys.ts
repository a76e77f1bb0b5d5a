/**
 * Splitting terminal input into keys: printable text, control characters and
 * the escape sequences xterm sends for arrows, Home/End, Delete.
 */

export type Key =
  | { k: 'text'; s: string }
  | { k: 'enter' }
  | { k: 'backspace' }
  | { k: 'delete' }
  | { k: 'left' }
  | { k: 'right' }
  | { k: 'up' }
  | { k: 'down' }
  | { k: 'home' }
  | { k: 'end' }
  | { k: 'tab' }
  | { k: 'ctrl'; c: string };

const SEQS: Array<[string, Key]> = [
  ['\x1b[A', { k: 'up' }],
  ['\x1b[B', { k: 'down' }],
  ['\x1b[C', { k: 'right' }],
  ['\x1b[D', { k: 'left' }],
  ['\x1bOA', { k: 'up' }],
  ['\x1bOB', { k: 'down' }],
  ['\x1bOC', { k: 'right' }],
  ['\x1bOD', { k: 'left' }],
  ['\x1b[H', { k: 'home' }],
  ['\x1b[F', { k: 'end' }],
  ['\x1bOH', { k: 'home' }],
  ['\x1bOF', { k: 'end' }],
  ['\x1b[1~', { k: 'home' }],
  ['\x1b[4~', { k: 'end' }],
  ['\x1b[3~', { k: 'delete' }],
];

export function splitKeys(data: string): Key[] {
  const out: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ k: 'text', s: text });
    text = '';
  };
  for (let i = 0; i < data.length; ) {
    const c = data[i] as string;
    if (c === '\x1b') {
      flush();
      const m = SEQS.find(([s]) => data.startsWith(s, i));
      if (m) {
        out.push(m[1]);
        i += m[0].length;
      } else {
        // Unknown escape sequence: skip ESC [ ... final byte.
        // eslint-disable-next-line no-control-regex -- escape sequences are what this parses
        const rest = /^\x1b\[[0-9;]*[A-Za-z~]/.exec(data.slice(i));
        i += rest ? rest[0].length : 1;
      }
      continue;
    }
    if (c === '\r' || c === '\n') {
      flush();
      out.push({ k: 'enter' });
      i += c === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (c === '\x7f' || c === '\b') {
      flush();
      out.push({ k: 'backspace' });
      i++;
      continue;
    }
    if (c === '\t') {
      flush();
      out.push({ k: 'tab' });
      i++;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code < 32) {
      flush();
      out.push({ k: 'ctrl', c: String.fromCharCode(code + 64) });
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return out;
}
