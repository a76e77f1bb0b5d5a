import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { controlKeys, lineToInput, markHistories, takeNewLines } from './history.ts';

describe('history recording', () => {
  it('records each line the interactive shell accepted, including recalled and completed ones', () => {
    const host = createHost({ seed: 1 });
    const term = host.openTerminal();
    const marks = markHistories(host.kernel.state);
    term.input('echo one\r');
    expect(takeNewLines(host.kernel.state, marks)).toEqual(['echo one']);
    term.input('\x1b[A\r'); // Up, Enter: runs `echo one` again
    term.input('hostn\t\r'); // Tab completes `hostname`
    expect(takeNewLines(host.kernel.state, marks)).toEqual(['echo one', 'hostname ']);
    expect(takeNewLines(host.kernel.state, marks)).toEqual([]);
    term.input('\r'); // an empty line is not history
    expect(takeNewLines(host.kernel.state, marks)).toEqual([]);
  });

  it('turns lines into keystrokes and picks out control keys', () => {
    expect(lineToInput('for i in 1 2\ndo echo $i\ndone')).toBe('for i in 1 2\rdo echo $i\rdone\r');
    expect(controlKeys('ab\x03c\x10\x11\x04')).toEqual(['\x03', '\x10\x11', '\x04']);
  });
});
