import { describe, expect, it } from 'vitest';
import { displayJsonMessages } from './jsonmessage.ts';

const PULL = [
  { status: 'Pulling from library/alpine', id: 'latest' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'aaa' },
  { status: 'Downloading', progressDetail: { current: 1, total: 2 }, progress: '[=>   ] 1B/2B', id: 'aaa' },
  { status: 'Pull complete', progressDetail: {}, id: 'aaa' },
  { status: 'Digest: sha256:x' },
];

describe('jsonmessage display', () => {
  it('prints one line per status without a terminal, skipping progress bars', () => {
    let out = '';
    const r = displayJsonMessages(PULL, false, (s) => (out += s));
    expect(r.error).toBeNull();
    expect(out).toBe('latest: Pulling from library/alpine\naaa: Pulling fs layer\naaa: Pull complete\nDigest: sha256:x\n');
  });
  it('rewrites each layer line in place on a terminal', () => {
    let out = '';
    displayJsonMessages(PULL, true, (s) => (out += s));
    expect(out).toContain('\x1b[1A');
    expect(out).toContain('\x1b[2K\raaa: Pull complete \r');
  });
  it('stops at an error message', () => {
    const r = displayJsonMessages([{ status: 'x' }, { errorDetail: { message: 'denied' }, error: 'denied' }, { status: 'never' }], false, () => {});
    expect(r.error).toBe('denied');
  });
});
