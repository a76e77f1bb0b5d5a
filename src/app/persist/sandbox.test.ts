import { describe, expect, it } from 'vitest';
import { createHost } from '../../sim/host/host.ts';
import { Sandbox } from './sandbox.ts';
import { loadSandbox, trimTranscript, withoutLastLine } from './storage.ts';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  quota = Infinity;
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.m.set(k, v);
  }
}

function session() {
  const storage = new MemoryStorage();
  const host = createHost({ seed: 7 });
  const sb = new Sandbox(host, { storage, key: 'k', seed: 7 });
  const term = host.openTerminal();
  term.onData((s) => sb.output(s));
  const type = (data: string) => {
    sb.beforeInput(data);
    term.input(data);
    return sb.afterInput(data);
  };
  return { storage, host, sb, term, type };
}

const pidsOf = (host: ReturnType<typeof createHost>) => Object.keys(host.kernel.state.proc.byPid).map(Number);

describe('Sandbox', () => {
  it('records history, saves, and a new host restores the same state', async () => {
    const { storage, host, sb, type } = session();
    for (const ch of 'sleep 1000 &') type(ch);
    expect(type('\r')).toEqual(['sleep 1000 &']);
    expect(sb.history).toEqual([{ t: 0, i: 'sleep 1000 &\r' }]);
    expect(await sb.save()).toBeNull();
    expect(storage.getItem('k')?.startsWith('z1:')).toBe(true);

    const saved = await loadSandbox(storage, 'k');
    expect(saved?.history).toHaveLength(1);
    expect(saved?.transcript).toContain('sleep 1000 &');
    const again = createHost({ seed: 7 });
    const sb2 = new Sandbox(again, { storage, key: 'k', seed: 7 });
    expect(sb2.restoreSaved(saved)).toBe(true);
    expect(pidsOf(again)).toEqual(pidsOf(host));
    expect(sb2.canUndo).toBe(true);
  });

  it('undoes the last command only when it ran something', () => {
    const { host, sb, type } = session();
    const before = pidsOf(host);
    type('sleep 1000 &\r');
    expect(pidsOf(host).length).toBe(before.length + 1);
    type('\r'); // empty line: no undo point
    expect(sb.undo()).toBe(true);
    expect(pidsOf(host)).toEqual(before);
    expect(sb.history).toEqual([]);
    expect(sb.undo()).toBe(false);
  });

  it('takes the undo point from the last save while only time has passed, and a fresh one after a change', async () => {
    const { host, sb, type } = session();
    type('sleep 1000 &\r');
    await sb.save();
    host.advance(200); // only time passes: the saved snapshot stays the undo point
    let copies = 0;
    const snapshot = host.snapshot.bind(host);
    host.snapshot = () => (copies++, snapshot());
    type('sleep 2000 &\r');
    expect(copies).toBe(0);
    sb.noteChange(); // e.g. a background job printed: the next Enter copies the state itself
    type('true\r');
    expect(copies).toBe(1);
    // Undo goes back to the state after `sleep 2000 &` (its copy) and then to the saved one.
    expect(sb.undo()).toBe(true);
    expect(sb.undo()).toBe(true);
    const comms = Object.values(host.kernel.state.proc.byPid).map((p) => p.argv.join(' '));
    expect(comms).toContain('sleep 1000');
    expect(comms).not.toContain('sleep 2000');
  });

  it('takes the first undo point ahead of time when asked (idle time after boot), not on Enter', () => {
    const { host, sb, type } = session();
    const before = pidsOf(host);
    sb.prepareUndoPoint();
    let copies = 0;
    const snapshot = host.snapshot.bind(host);
    host.snapshot = () => (copies++, snapshot());
    sb.prepareUndoPoint(); // already prepared: no second copy
    type('sleep 1000 &\r');
    expect(copies).toBe(0);
    expect(sb.undo()).toBe(true);
    expect(pidsOf(host)).toEqual(before);
  });

  it('records control keys and resets to boot', () => {
    const { host, sb, type } = session();
    const boot = createHost({ seed: 7 }).snapshot();
    type('\x03');
    expect(sb.history.map((e) => e.i)).toEqual(['\x03']);
    type('sleep 1000 &\r');
    sb.reset(boot);
    expect(sb.history).toEqual([]);
    expect(Object.values(host.kernel.state.proc.byPid).some((p) => p.comm === 'sleep')).toBe(false);
  });

  it('drops the transcript and undo point when the quota is hit, and discards unreadable saves', async () => {
    const { storage, sb, type } = session();
    type('echo hi\r');
    const full = (await sb.save(), storage.getItem('k')!.length);
    storage.quota = full - 1;
    expect(await sb.save()).toBeNull();
    expect((await loadSandbox(storage, 'k'))?.undo).toBeNull();
    storage.quota = 10;
    expect(await sb.save()).toMatch(/storage is full/);
    storage.quota = Infinity;
    storage.setItem('k', '{not json');
    expect(await loadSandbox(storage, 'k')).toBeNull();
    expect(storage.getItem('k')).toBeNull();
    storage.setItem('k', 'z1:!!!');
    expect(await loadSandbox(storage, 'k')).toBeNull();
  });

  it('still reads a plain-JSON save and writes one synchronously for pagehide', async () => {
    const { storage, sb, type } = session();
    type('sleep 1000 &\r');
    expect(sb.saveNow()).toBeNull();
    expect(storage.getItem('k')?.startsWith('{')).toBe(true);
    expect((await loadSandbox(storage, 'k'))?.history).toHaveLength(1);
  });

  it('trims transcripts at line starts', () => {
    expect(trimTranscript('aaa\nbbb\nccc', 6)).toBe('ccc');
    expect(withoutLastLine('a\r\nb\r\nroot# ')).toBe('a\r\nb\r\n');
  });
});
