import { describe, expect, it } from 'vitest';
import { displayJsonMessages } from './jsonmessage.ts';

describe('progress bars and the terminal width (JSONProgress.String)', () => {
  const msg = { id: 'abc', status: 'Downloading', progress: '[>                                                  ]  33.68kB/3.802MB', progressDetail: { current: 33680, total: 3802000 } };
  const show = (width?: number) => {
    let out = '';
    displayJsonMessages([msg], true, (s) => (out += s), { ids: {}, width });
    return out;
  };
  it('draws the bar only on a terminal wider than 110 columns, so a narrow one never wraps', () => {
    expect(show(120)).toContain('Downloading [>');
    expect(show(80)).toContain('abc: Downloading  33.68kB/3.802MB\r');
    expect(show(80)).not.toContain('[>');
  });
});
