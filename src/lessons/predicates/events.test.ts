import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../sim/events.ts';
import { check, ctxOf, engineWith, fakeContainer, freshHost, sh } from './testkit.ts';

describe('event', () => {
  it('counts events of a type among those since the step began', () => {
    const h = freshHost();
    const before = sh(h, 'mkdir /sys/fs/cgroup/demo', 'sleep 1000 &', 'echo $! > /sys/fs/cgroup/demo/cgroup.procs');
    expect(check({ event: { type: 'cgroup.oomKilled' } }, ctxOf(h, { events: before }))).toBe('no cgroup.oomKilled has happened yet');
    const events = sh(h, 'echo 100K > /sys/fs/cgroup/demo/memory.max');
    expect(check({ event: { type: 'cgroup.oomKilled' } }, ctxOf(h, { events }))).toBe(true);
    expect(check({ event: { type: 'cgroup.oomKilled', where: { path: '/demo' } } }, ctxOf(h, { events }))).toBe(true);
    expect(check({ event: { type: 'cgroup.oomKilled', where: { path: '/other' } } }, ctxOf(h, { events }))).not.toBe(true);
    expect(check({ event: { type: 'cgroup.oomKilled', count: 2 } }, ctxOf(h, { events }))).toMatch(/want exactly 2/);
  });

  it('scopes events to a container by ID, mount namespace and cgroup', () => {
    const h = freshHost();
    const c = fakeContainer('web');
    const ev = (e: Record<string, unknown>): LoggedEvent => ({ seq: 1, t: 0, ...e }) as unknown as LoggedEvent;
    const events = [
      ev({ type: 'container.stateChanged', id: c.Id }),
      ev({ type: 'cgroup.oomKilled', path: c.rt.cgroup, cgroup: c.rt.cgroup, pid: 9, rssBytes: 1, limit: 1, group: false }),
      ev({ type: 'system.eventRecorded', event: { Type: 'container', Action: 'oom', Actor: { ID: c.Id, Attributes: {} } } }),
    ];
    const ctx = ctxOf(h, { engine: engineWith(c, fakeContainer('other')), events });
    expect(check({ event: { type: 'container.stateChanged', container: 'web' } }, ctx)).toBe(true);
    expect(check({ event: { type: 'container.stateChanged', container: 'other' } }, ctx)).not.toBe(true);
    expect(check({ event: { type: 'cgroup.oomKilled', container: 'web' } }, ctx)).toBe(true);
    expect(check({ dockerEvent: { action: 'oom', container: 'web' } }, ctx)).toBe(true);
    expect(check({ dockerEvent: { action: 'oom', type: 'image' } }, ctx)).not.toBe(true);
    expect(check({ dockerEvent: { action: 'die' } }, ctx)).toBe('no docker "die" event has happened yet');
  });

  it('rejects strings that are not event types', () => {
    expect(() => check({ event: { type: 'copy up' } }, ctxOf(freshHost()))).toThrow(/is not an event type/);
  });
});

describe('command', () => {
  it('matches programs that were executed, by their arguments', () => {
    const h = freshHost();
    const events = sh(h, 'ps -ef', 'hostname');
    const ctx = ctxOf(h, { events });
    expect(check({ command: { ran: 'ps' } }, ctx)).toBe(true);
    expect(check({ command: { ran: 'ps -ef' } }, ctx)).toBe(true);
    expect(check({ command: { ran: 'ps -e' } }, ctx)).not.toBe(true);
    expect(check({ command: { ran: 'docker stop' } }, ctx)).toBe('no `docker stop` has happened yet');
    expect(check({ not: { command: { ran: 'docker stop' } } }, ctx)).toBe(true);
  });
});
