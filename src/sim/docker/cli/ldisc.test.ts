import { describe, expect, it } from 'vitest';
import { ldisc } from './ldisc.ts';
import { detachKeyBytes } from './stream.ts';

describe('the relay line discipline', () => {
  it('echoes, edits and sends whole lines', () => {
    const a = ldisc('', 'ls -l');
    expect(a.out).toEqual({ input: [], echo: 'ls -l', signals: [] });
    const b = ldisc(a.line, '\x7fa\r');
    expect(b.line).toBe('');
    expect(b.out).toEqual({ input: [{ data: 'ls -a\n' }], echo: '\b \ba\r\n', signals: [] });
  });
  it('turns ^C into SIGINT and ^D on an empty line into end-of-file', () => {
    expect(ldisc('half', '\x03').out).toEqual({ input: [], echo: '^C\r\n', signals: [2] });
    expect(ldisc('', '\x04').out.input).toEqual([{ data: '', eof: true }]);
  });
  it('reads --detach-keys as docker does', () => {
    expect(detachKeyBytes('')).toBe('\x10\x11');
    expect(detachKeyBytes('ctrl-x,y')).toBe('\x18y');
    expect(detachKeyBytes('ctrl-xx')).toEqual({ error: 'Invalid escape keys (ctrl-xx) provided' });
  });
});
