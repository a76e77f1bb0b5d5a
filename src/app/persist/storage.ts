/**
 * The sandbox saved in the browser (localStorage, one key per App): the host
 * snapshot after the last command, the command history (for share links), the
 * terminal's recent output (so a reload shows the same screen), and the
 * snapshot before the last command (so Undo survives a reload too).
 * A snapshot is ~90 KB of JSON for a booted host and ~600 KB once images
 * are pulled, so it is stored compressed (deflate-raw + base64url, prefix
 * "z1:"), typically a tenth of that; when the quota is hit anyway the
 * transcript and undo point are dropped first. Plain JSON (no prefix) is
 * still read. Anything unreadable is discarded, never trusted.
 */

import type { HostSnapshot } from '../../sim/host/host.ts';
import { deflate, fromBase64Url, inflate, toBase64Url, type ShareEntry } from './share.ts';

export interface UndoPoint {
  snapshot: HostSnapshot;
  historyLen: number;
  transcriptLen: number;
}

export interface SavedSandbox {
  v: 1;
  seed: number;
  snapshot: HostSnapshot;
  history: ShareEntry[];
  transcript: string;
  undo: UndoPoint | null;
}

export const TRANSCRIPT_MAX = 60_000;

/** localStorage, or null where it is unavailable (sandboxed iframes, some private modes). */
export function browserStorage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    const probe = '__container-sim-probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

function isSnapshot(x: unknown): x is HostSnapshot {
  return typeof x === 'object' && x !== null && (x as { version?: unknown }).version === 1 && typeof (x as { kernel?: unknown }).kernel === 'object';
}

const COMPRESSED = 'z1:';
/** Saved sandboxes larger than this (uncompressed) are refused as corrupt. */
const MAX_SAVED_BYTES = 64 * 1024 * 1024;

export async function loadSandbox(storage: Storage | null, key: string): Promise<SavedSandbox | null> {
  if (!storage) return null;
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const json = raw.startsWith(COMPRESSED) ? new TextDecoder().decode(await inflate(fromBase64Url(raw.slice(COMPRESSED.length)), MAX_SAVED_BYTES)) : raw;
    const o = JSON.parse(json) as Partial<SavedSandbox>;
    if (o.v !== 1 || typeof o.seed !== 'number' || !isSnapshot(o.snapshot) || !Array.isArray(o.history)) throw new Error('bad shape');
    const history = o.history.filter((e): e is ShareEntry => typeof e?.t === 'number' && typeof e?.i === 'string');
    const undo = o.undo && isSnapshot(o.undo.snapshot) ? o.undo : null;
    return { v: 1, seed: o.seed, snapshot: o.snapshot, history, transcript: typeof o.transcript === 'string' ? o.transcript : '', undo };
  } catch {
    clearSandbox(storage, key);
    return null;
  }
}

async function compress(data: SavedSandbox): Promise<string> {
  return COMPRESSED + toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify(data))));
}

/** Saves compressed; on a quota error retries without the transcript and undo point. Returns an error message or null. */
export async function saveSandbox(storage: Storage | null, key: string, data: SavedSandbox): Promise<string | null> {
  if (!storage) return 'This browser does not let the page save anything (storage is blocked).';
  try {
    storage.setItem(key, await compress(data));
    return null;
  } catch {
    try {
      storage.setItem(key, await compress({ ...data, transcript: '', undo: null }));
      return null;
    } catch {
      return 'The browser storage is full: the sandbox was not saved.';
    }
  }
}

/** Saves at once, uncompressed (for pagehide, where nothing asynchronous finishes). Returns an error message or null. */
export function saveSandboxNow(storage: Storage | null, key: string, data: SavedSandbox): string | null {
  if (!storage) return 'This browser does not let the page save anything (storage is blocked).';
  try {
    storage.setItem(key, JSON.stringify(data));
    return null;
  } catch {
    try {
      storage.setItem(key, JSON.stringify({ ...data, transcript: '', undo: null }));
      return null;
    } catch {
      return 'The browser storage is full: the sandbox was not saved.';
    }
  }
}

export function clearSandbox(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to clear
  }
}

/** Keeps the last `max` characters of terminal output, cut at a line start. */
export function trimTranscript(s: string, max = TRANSCRIPT_MAX): string {
  if (s.length <= max) return s;
  const cut = s.slice(s.length - max);
  const nl = cut.indexOf('\n');
  return nl >= 0 ? cut.slice(nl + 1) : cut;
}

/** The transcript without its last, unfinished line (the prompt a fresh terminal prints again). */
export function withoutLastLine(s: string): string {
  const nl = s.lastIndexOf('\n');
  return nl >= 0 ? s.slice(0, nl + 1) : '';
}
