import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, fromBase64Url, shareCodeOf, toBase64Url, ShareError, deflate, validatePayload, MAX_JSON_BYTES } from './share.ts';

describe('share links', () => {
  it('round-trips seed and history through deflate-raw + base64url', async () => {
    const p = { seed: 42, history: [{ t: 0, i: 'unshare --pid --fork --mount-proc sleep 100 &\r' }, { t: 1500, i: '\x03' }] };
    const code = await encodeShare(p);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeShare(code)).toEqual(p);
    expect(shareCodeOf(`#s=${code}`)).toBe(code);
    expect(shareCodeOf('#other')).toBeNull();
  });

  it('base64url round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes]);
  });

  it('rejects damaged links with a ShareError, never another exception', async () => {
    const bad = ['%%%', 'AAAA', 'not*base64', '', 'x'.repeat(300_000)];
    for (const code of bad) await expect(decodeShare(code)).rejects.toBeInstanceOf(ShareError);
    const notJson = toBase64Url(await deflate(new TextEncoder().encode('{"v":1,')));
    await expect(decodeShare(notJson)).rejects.toThrow(/not readable/);
  });

  it('stops a decompression bomb at the size cap', async () => {
    const big = toBase64Url(await deflate(new Uint8Array(MAX_JSON_BYTES + 10).fill(32)));
    expect(big.length).toBeLessThan(2000);
    await expect(decodeShare(big)).rejects.toThrow(/more than/);
  });

  it('validates the payload shape', () => {
    expect(() => validatePayload(null)).toThrow(ShareError);
    expect(() => validatePayload({ v: 2, s: 1, h: [] })).toThrow(/version/);
    expect(() => validatePayload({ v: 1, s: -1, h: [] })).toThrow(/seed/);
    expect(() => validatePayload({ v: 1, s: 1, h: [[5, 'a'], [1, 'b']] })).toThrow(/order/);
    expect(() => validatePayload({ v: 1, s: 1, h: [[0, 7]] })).toThrow(/malformed/);
    expect(validatePayload({ v: 1, s: 1, h: [[0, 'ls\r']] })).toEqual({ seed: 1, history: [{ t: 0, i: 'ls\r' }] });
  });
});
