/**
 * The sandbox around one host: what the learner typed (for share links), the
 * terminal transcript, an undo stack of snapshots taken before each command,
 * and saving it all to browser storage. Plain TypeScript, no Svelte: App
 * calls it from the terminal's input hooks.
 *
 * Undo: before input that contains Enter, the host's state is kept as an undo
 * point; if the input turns out to have run nothing (an empty line), the
 * point is dropped. The snapshot is usually taken ahead of time: each save
 * keeps its snapshot as the next undo point until something other than time
 * passing changes the host (noteChange), so pressing Enter does not copy the
 * whole state (with hundreds of containers that copy is longer than a frame).
 * Only the last UNDO_DEPTH points are kept in memory, and the last one in
 * storage.
 */

import type { Host, HostSnapshot } from '../../sim/host/host.ts';
import type { ShareEntry } from './share.ts';
import { controlKeys, lineToInput, markHistories, takeNewLines, type HistoryMarks } from './history.ts';
import { clearSandbox, saveSandbox, saveSandboxNow, trimTranscript, type SavedSandbox, type UndoPoint } from './storage.ts';

export const UNDO_DEPTH = 10;

export interface SandboxOptions {
  storage: Storage | null;
  key: string;
  seed: number;
}

export class Sandbox {
  history: ShareEntry[] = [];
  transcript = '';
  private undoStack: UndoPoint[] = [];
  private marks: HistoryMarks;
  private pendingPoint: UndoPoint | null = null;
  /** A snapshot of the host as it is now (nothing but time has passed since), or null. */
  private ready: HostSnapshot | null = null;
  private tBefore = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private host: Host,
    private readonly opts: SandboxOptions,
  ) {
    this.marks = markHistories(host.kernel.state);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Restores a saved sandbox (from loadSandbox) into the host; returns whether it did. Throws if the snapshot does not fit this build. */
  restoreSaved(saved: SavedSandbox | null): boolean {
    if (!saved) return false;
    this.host.restore(saved.snapshot);
    this.history = saved.history;
    this.transcript = saved.transcript;
    this.undoStack = saved.undo ? [saved.undo] : [];
    this.marks = markHistories(this.host.kernel.state);
    this.ready = null;
    return true;
  }

  /** Call before the terminal gets `data`. */
  beforeInput(data: string): void {
    this.tBefore = this.host.kernel.state.clock.uptimeMs;
    this.pendingPoint = data.includes('\r')
      ? { snapshot: this.ready ?? this.host.snapshot(), historyLen: this.history.length, transcriptLen: this.transcript.length }
      : null;
  }

  /**
   * Take the next undo point's snapshot now, in idle time after a boot or a
   * restore (nothing saved it yet): otherwise the learner's first Enter copies
   * the whole host (3 ms of the first command's frame at boot, measured in
   * Chromium). Kept until the host changes, as a save's is.
   */
  prepareUndoPoint(): void {
    this.ready ??= this.host.snapshot();
  }

  /** The host changed by more than time passing (events other than clock.advanced): the kept snapshot is stale. */
  noteChange(): void {
    this.ready = null;
  }

  /** Call after the terminal has processed `data`; returns the lines the shells accepted. */
  afterInput(data: string): string[] {
    const lines = takeNewLines(this.host.kernel.state, this.marks);
    for (const line of lines) this.history.push({ t: this.tBefore, i: lineToInput(line) });
    for (const key of controlKeys(data)) this.history.push({ t: this.tBefore, i: key });
    // Whatever the input ran, the state is not the one snapshotted before it.
    if (lines.length > 0 || data.includes('\r') || controlKeys(data).length > 0) this.ready = null;
    if (this.pendingPoint && lines.length > 0) {
      this.undoStack.push(this.pendingPoint);
      if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    }
    this.pendingPoint = null;
    return lines;
  }

  /** Terminal output, kept for the next reload. */
  output(s: string): void {
    this.transcript = trimTranscript(this.transcript + s);
  }

  /** Puts the host back to before the last command; returns false if there is nothing to undo. */
  undo(): boolean {
    const p = this.undoStack.pop();
    if (!p) return false;
    this.host.restore(p.snapshot);
    this.ready = null;
    this.history = this.history.slice(0, p.historyLen);
    this.transcript = this.transcript.slice(0, Math.min(p.transcriptLen, this.transcript.length));
    this.marks = markHistories(this.host.kernel.state);
    return true;
  }

  /** Back to a freshly booted host. */
  reset(boot: HostSnapshot): void {
    this.host.restore(boot);
    this.ready = null;
    this.history = [];
    this.transcript = '';
    this.undoStack = [];
    this.marks = markHistories(this.host.kernel.state);
    clearSandbox(this.opts.storage, this.opts.key);
  }

  /** The host's shells changed under us (a replay, a respawned login shell): start counting from now. */
  remark(): void {
    this.marks = markHistories(this.host.kernel.state);
    this.ready = null;
  }

  private record(): SavedSandbox {
    // The saved snapshot is also the next undo point, until the host changes (host.restore copies it).
    const snapshot = this.ready ?? this.host.snapshot();
    this.ready = snapshot;
    return {
      v: 1,
      seed: this.opts.seed,
      snapshot,
      history: [...this.history],
      transcript: this.transcript,
      undo: this.undoStack.at(-1) ?? null,
    };
  }

  /** Saves (compressed); resolves to an error message or null. The state is captured at the call; saves are written in call order. */
  save(): Promise<string | null> {
    const data = this.record();
    const done = this.saving.then(() => saveSandbox(this.opts.storage, this.opts.key, data));
    this.saving = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  /** Saves synchronously, uncompressed (the page is going away; a compressed save still in flight may land after it, with older or equal state). */
  saveNow(): string | null {
    return saveSandboxNow(this.opts.storage, this.opts.key, this.record());
  }
}
