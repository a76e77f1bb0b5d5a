import { describe, expect, it } from 'vitest';
import { engineHost } from './testkit.ts';
import { configureDaemon } from '../daemon.ts';
import { readFile } from '../../kernel/fs/index.ts';

describe('-t containers', () => {
  it('get a new pts as stdio and controlling terminal; what they print is logged as stdout', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sh', '-c', 'echo on a tty; sleep 100'], Tty: true, OpenStdin: true });
    h.ul.drain();
    const c = h.engine.state.containers.byId[id];
    const tty = c?.rt.task?.tty;
    expect(tty).toMatch(/^pts\/\d+$/);
    expect(tty).not.toBe('pts/0');
    const init = h.k.proc(c?.rt.task?.initPid ?? 0);
    expect(init?.tty).toBe(tty);
    expect(init?.sid).toBe(init?.pid);
    const logs = h.api('GET', `/containers/${id}/logs`, { query: { stdout: '1', stderr: '1' } }).body as { stream: Array<{ stream: string; data: string }> };
    expect(logs.stream).toEqual([{ stream: 'stdout', data: 'on a tty\r\n' }]);
    expect(h.api('POST', `/containers/${id}/resize`, { query: { h: '40', w: '120' } }).status).toBe(200);
    expect(h.ul.tty(tty as string)).toMatchObject({ rows: 40, cols: 120 });
    h.api('DELETE', `/containers/${id}`, { query: { force: '1' } });
    // The pts can be handed out again.
    const again = h.run({ Cmd: ['sleep', '100'], Tty: true });
    expect(h.engine.state.containers.byId[again]?.rt.task?.tty).toBe(tty);
  });
});

describe('userns-remap', () => {
  it('maps container root to the remapped range in a new user namespace', () => {
    const h = engineHost();
    configureDaemon(h.engine, { usernsRemap: { uid: 100000, gid: 100000, size: 65536 } });
    const id = h.run({ Cmd: ['sleep', '100'] });
    const pid = h.engine.state.containers.byId[id]?.rt.task?.initPid ?? 0;
    const p = h.k.proc(pid);
    expect(p?.ns.user).not.toBe(h.k.state.ns.initial.user);
    expect(p?.cred.uid).toBe(100000);
    expect(readFile(h.k, 1, `/proc/${pid}/uid_map`)).toBe('         0     100000      65536\n');
    expect(readFile(h.k, 1, `/proc/${pid}/status`)).toMatch(/^CapEff:\t00000000a80425fb$/m);
    // --userns=host opts out.
    const host = h.run({ Cmd: ['sleep', '100'], HostConfig: { UsernsMode: 'host' } });
    expect(h.k.proc(h.engine.state.containers.byId[host]?.rt.task?.initPid ?? 0)?.ns.user).toBe(h.k.state.ns.initial.user);
  });
});
