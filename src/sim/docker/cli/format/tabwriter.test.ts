import { describe, expect, it } from 'vitest';
import { tabwrite } from './tabwriter.ts';

describe('text/tabwriter with docker settings', () => {
  it('pads columns to max(width+3, 10) and leaves the last column alone', () => {
    expect(tabwrite('CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n')).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
    expect(tabwrite('DRIVER\tVOLUME NAME\nlocal\tdata\n')).toBe('DRIVER    VOLUME NAME\nlocal     data\n');
  });
  it('counts runes, so "…" is one column', () => {
    expect(tabwrite('A\tB\n"echo…"\tx\n')).toBe('A         B\n"echo…"   x\n');
  });
  it('aligns per column block: a line without the column ends the block', () => {
    expect(tabwrite('a\tb\nlonger-cell\tc\nno tabs here\nx\ty\n')).toBe('a             b\nlonger-cell   c\nno tabs here\nx         y\n');
  });
});
