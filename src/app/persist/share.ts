/**
 * Share links: the seed plus the command history (what was typed, and when in
 * virtual time), compressed into the URL hash as `#s=<base64url>`; opening the
 * link boots a host with that seed and replays the history, which recreates
 * the state because the simulator is deterministic.
 *
 * Format: base64url( deflate-raw( JSON {v:1, s:seed, h:[[t, input], ...]} ) ).
 * `input` is what the terminal received ("ls -l\r", "\x03"); `t` the host's
 * uptime (ms) when it did. Everything from the URL is validated: sizes capped
 * (a decompression bomb stops at MAX_JSON_BYTES), types and order checked; a
 * bad link is a ShareError with a message for the learner, never a crash.
 */

export interface ShareEntry {
  /** Virtual uptime (ms) when the input was typed. */
  t: number;
  /** Keystrokes as the terminal received them. */
  i: string;
}

export interface SharePayload {
  seed: number;
  history: ShareEntry[];
}

export class ShareError extends Error {}

export const SHARE_PREFIX = '#s=';
export const MAX_ENTRIES = 1000;
export const MAX_INPUT_CHARS = 4000;
export const MAX_JSON_BYTES = 512 * 1024;
/** Longer hashes than this are refused before decoding. */
export const MAX_HASH_CHARS = 200_000;

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new ShareError('The link is damaged (it has characters a share link never has).');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ShareError('The link is damaged (not valid base64url).');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new ShareError('The link holds more than a sandbox history can be.');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** (De)compression streams take any BufferSource; the DOM typings want it spelled out. */
type Transform = ReadableWritablePair<Uint8Array, Uint8Array>;

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
}

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return pump(streamOf(bytes).pipeThrough(new CompressionStream('deflate-raw') as unknown as Transform), Infinity);
}

export async function inflate(bytes: Uint8Array, limit = MAX_JSON_BYTES): Promise<Uint8Array> {
  try {
    return await pump(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw') as unknown as Transform), limit);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('The link is damaged (its data does not decompress).');
  }
}

/** Checks a decoded value and returns it as a payload, or throws ShareError saying what is wrong. */
export function validatePayload(x: unknown): SharePayload {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ShareError('The link does not hold a sandbox history.');
  const o = x as Record<string, unknown>;
  if (o.v !== 1) throw new ShareError('The link was made by a different version of container-sim.');
  const seed = o.s;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ShareError('The link has no valid seed.');
  const h = o.h;
  if (!Array.isArray(h)) throw new ShareError('The link has no command history.');
  if (h.length > MAX_ENTRIES) throw new ShareError(`The link has more than ${MAX_ENTRIES} commands.`);
  const history: ShareEntry[] = [];
  let last = 0;
  for (const item of h) {
    if (!Array.isArray(item) || item.length !== 2) throw new ShareError('The link has a malformed command.');
    const [t, i] = item as [unknown, unknown];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < last || t > 1e12) throw new ShareError('The link has commands out of order.');
    if (typeof i !== 'string' || i.length === 0 || i.length > MAX_INPUT_CHARS) throw new ShareError('The link has a malformed command.');
    last = t;
    history.push({ t, i });
  }
  return { seed, history };
}

export async function encodeShare(p: SharePayload): Promise<string> {
  const json = JSON.stringify({ v: 1, s: p.seed, h: p.history.map((e) => [e.t, e.i]) });
  return toBase64Url(await deflate(new TextEncoder().encode(json)));
}

export async function decodeShare(code: string): Promise<SharePayload> {
  if (code.length > MAX_HASH_CHARS) throw new ShareError('The link is too long to be a share link.');
  const bytes = await inflate(fromBase64Url(code));
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ShareError('The link is damaged (its data is not readable).');
  }
  return validatePayload(value);
}

/** The share code in a location hash, or null when the hash is not a share link. */
export function shareCodeOf(hash: string): string | null {
  return hash.startsWith(SHARE_PREFIX) ? hash.slice(SHARE_PREFIX.length) : null;
}
