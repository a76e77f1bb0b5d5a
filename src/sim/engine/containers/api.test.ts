import { describe, expect, it } from 'vitest';
import { engineHost, TEST_IMAGE_ID, type EngineHost } from './testkit.ts';
import { readCgroupFile } from '../../kernel/cgroup/files.ts';
import { advanceTime } from '../../kernel/time.ts';

function body<T = Record<string, unknown>>(r: { body?: unknown }): T {
  return r.body as T;
}

function drainPipe(h: EngineHost, pipe: number): { data: string; eof: boolean } {
  return h.ul.read(0, { 0: { k: 'pipe', id: pipe } }, 0);
}

describe('POST /containers/create', () => {
  it('answers 201 {Id, Warnings}, names it adjective_surname, stores Docker\'s inspect data', () => {
    const h = engineHost();
    const r = h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['echo', 'hello world'], Env: ['A=1'], Labels: { tier: 'web' } } });
    expect(r.status).toBe(201);
    const id = body<{ Id: string; Warnings: unknown[] }>(r).Id;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(body(r).Warnings).toEqual([]);
    const i = body(h.api('GET', `/containers/${id.slice(0, 8)}/json`));
    expect(Object.keys(i).slice(0, 8)).toEqual(['Id', 'Created', 'Path', 'Args', 'State', 'Image', 'ResolvConfPath', 'HostnamePath']);
    expect(i.Name).toMatch(/^\/[a-z]+_[a-z]+$/);
    expect(i.Path).toBe('echo');
    expect(i.Args).toEqual(['hello world']);
    expect(i.Image).toBe(TEST_IMAGE_ID);
    expect(i.Driver).toBe('overlay2');
    expect(i.Platform).toBe('linux');
    expect(i.LogPath).toBe('');
    expect(i.State).toEqual({ Status: 'created', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' });
    const cfg = i.Config as Record<string, unknown>;
    expect(cfg.Hostname).toBe(id.slice(0, 12));
    expect(cfg.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=1']);
    expect(cfg.Labels).toEqual({ tier: 'web' });
    const hc = i.HostConfig as Record<string, unknown>;
    expect(hc.NetworkMode).toBe('bridge');
    expect(hc.RestartPolicy).toEqual({ Name: 'no', MaximumRetryCount: 0 });
    expect(hc.ShmSize).toBe(67108864);
    expect((hc.MaskedPaths as string[])[0]).toBe('/proc/asound');
    expect(i.rt).toBeUndefined();
  });

  it('refuses what Docker refuses', () => {
    const h = engineHost();
    expect(h.api('POST', '/containers/create', { body: { Image: 'nosuch' } })).toMatchObject({ status: 404, body: { message: 'No such image: nosuch:latest' } });
    const first = body<{ Id: string }>(h.api('POST', '/containers/create', { body: { Image: 'busybox' }, query: { name: 'web' } })).Id;
    expect(h.api('POST', '/containers/create', { body: { Image: 'busybox' }, query: { name: 'web' } })).toMatchObject({
      status: 409,
      body: { message: `Conflict. The container name "/web" is already in use by container "${first}". You have to remove (or rename) that container to be able to reuse that name.` },
    });
    expect(h.api('POST', '/containers/create', { body: { Image: 'busybox' }, query: { name: 'bad name!' } }).body).toEqual({ message: 'Invalid container name (bad name!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed' });
    expect(h.api('POST', '/containers/create', { body: { Image: 'busybox', HostConfig: { Memory: 1024 } } }).body).toEqual({ message: 'Minimum memory limit allowed is 6MB' });
    expect(h.api('POST', '/containers/create', { body: { Image: 'busybox', HostConfig: { CapAdd: ['chpass'] } } }).body).toEqual({ message: 'invalid CapAdd: unknown capability: "CAP_CHPASS"' });
    expect(h.api('POST', '/containers/create', { body: { Image: 'busybox', WorkingDir: 'rel' } }).body).toEqual({ message: "the working directory 'rel' is invalid, it needs to be an absolute path" });
    expect(h.api('GET', '/containers/nosuch/json')).toMatchObject({ status: 404, body: { message: 'No such container: nosuch' } });
  });
});

describe('GET /containers/json', () => {
  it('lists running containers newest first; all=1, filters and Docker\'s status text', () => {
    const h = engineHost();
    const a = h.run({ Cmd: ['sleep', '1000'] }, 'first');
    const b = h.run({ Cmd: ['echo', 'hi there'] }, 'second');
    advanceTime(h.k, 65_000);
    const running = body<Array<Record<string, unknown>>>(h.api('GET', '/containers/json'));
    expect(running.map((c) => c.Id)).toEqual([a]);
    expect(running[0]).toMatchObject({ Names: ['/first'], Image: 'busybox', Command: 'sleep 1000', State: 'running', Status: 'Up About a minute' });
    const all = body<Array<Record<string, unknown>>>(h.api('GET', '/containers/json', { query: { all: '1' } }));
    expect(all.map((c) => c.Id)).toEqual([b, a]);
    expect(all[0]).toMatchObject({ Command: "echo 'hi there'", State: 'exited', Status: 'Exited (0) About a minute ago' });
    const exited = body<Array<Record<string, unknown>>>(h.api('GET', '/containers/json', { query: { filters: JSON.stringify({ status: { exited: true } }) } }));
    expect(exited.map((c) => c.Id)).toEqual([b]);
    expect(body<Array<unknown>>(h.api('GET', '/containers/json', { query: { all: '1', filters: JSON.stringify({ name: ['fir'] }) } }))).toHaveLength(1);
    expect(h.api('GET', '/containers/json', { query: { filters: JSON.stringify({ status: ['rubbish'] }) } }).body).toEqual({ message: "invalid filter 'status=rubbish'" });
    expect(h.api('GET', '/containers/json', { query: { limit: '1' } }).body).toHaveLength(1);
  });
});

describe('logs and attach', () => {
  it('records stdout and stderr as json-file lines; logs with tail and timestamps', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sh', '-c', 'echo one; echo two; echo oops >&2'] });
    h.ul.drain();
    const all = body<{ stream: Array<{ stream: string; data: string }> }>(h.api('GET', `/containers/${id}/logs`, { query: { stdout: '1', stderr: '1' } }));
    expect(all.stream).toEqual([
      { stream: 'stdout', data: 'one\n' },
      { stream: 'stdout', data: 'two\n' },
      { stream: 'stderr', data: 'oops\n' },
    ]);
    const tail = body<{ stream: Array<{ data: string }> }>(h.api('GET', `/containers/${id}/logs`, { query: { stdout: '1', tail: '1', timestamps: '1' } }));
    expect(tail.stream).toEqual([{ stream: 'stdout', data: '2026-01-15T09:00:00.000000000Z two\n' }]);
    expect(h.api('GET', `/containers/${id}/logs`).body).toEqual({ message: 'Bad parameters: you must choose at least one stream' });
    const c = h.engine.state.containers.byId[id];
    const file = h.k.state.fs;
    expect(file).toBeDefined();
    expect(c?.LogPath).toBe(`/var/lib/docker/containers/${id}/${id}-json.log`);
  });

  it('an attached client gets the output and end-of-file when the container exits (docker run)', () => {
    const h = engineHost();
    const id = body<{ Id: string }>(h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['echo', 'hello'] } })).Id;
    const at = h.api('POST', `/containers/${id}/attach`, { query: { stream: '1', stdout: '1', stderr: '1' } });
    expect(at.status).toBe(101);
    expect(at.hijack).toEqual({ kind: 'attach', containerId: id });
    const pipes = body<{ stdout: number; stderr: number }>(at);
    const w = body<{ Pending: { pipe: number } }>(h.api('POST', `/containers/${id}/wait`, { query: { condition: 'next-exit' } }));
    h.api('POST', `/containers/${id}/start`);
    expect(drainPipe(h, pipes.stdout)).toEqual({ data: 'hello\n', eof: false });
    expect(drainPipe(h, pipes.stdout)).toEqual({ data: '', eof: true });
    expect(JSON.parse(drainPipe(h, w.Pending.pipe).data)).toEqual({ StatusCode: 0, Error: null });
  });

  it('-i: the attached client writes the container\'s stdin and closes it (StdinOnce)', () => {
    const h = engineHost();
    const id = body<{ Id: string }>(h.api('POST', '/containers/create', { body: { Image: 'busybox', Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true } })).Id;
    const pipes = body<{ stdout: number; stdin: number }>(h.api('POST', `/containers/${id}/attach`, { query: { stream: '1', stdin: '1', stdout: '1' } }));
    h.api('POST', `/containers/${id}/start`);
    h.ul.write(0, { 1: { k: 'pipe', id: pipes.stdin } }, 1, 'from stdin\n');
    h.ul.drain();
    h.ul.pipeRef(pipes.stdin, 'w', -1);
    h.ul.drain();
    h.api('GET', '/_ping');
    expect(drainPipe(h, pipes.stdout).data).toBe('from stdin\n');
    expect(h.engine.state.containers.byId[id]?.State.Status).toBe('exited');
  });
});

describe('exec', () => {
  it('runs in the container\'s namespaces and cgroup; ExitCode from the process; -u changes the user', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'], HostConfig: { PidsLimit: 50 } });
    const init = h.k.proc(h.engine.state.containers.byId[id]?.rt.task?.initPid ?? 0);
    const x = body<{ Id: string }>(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['sleep', '5'], AttachStdout: true } })).Id;
    expect(h.engine.state.containers.byId[id]?.ExecIDs).toEqual([x]);
    const s = h.api('POST', `/exec/${x}/start`, { body: {} });
    expect(s).toMatchObject({ status: 101, hijack: { kind: 'exec', execId: x } });
    const xi = body<{ Running: boolean; Pid: number; ExitCode: number | null }>(h.api('GET', `/exec/${x}/json`));
    expect(xi.Running).toBe(true);
    const p = h.k.proc(xi.Pid);
    expect(p?.pidNs).toBe(init?.pidNs);
    expect(p?.ns.mnt).toBe(init?.ns.mnt);
    expect(p?.ns.net).toBe(init?.ns.net);
    expect(p?.cgroup).toBe(init?.cgroup);
    expect(p?.nspids.at(-1)).toBe(2);
    expect(p?.caps.effective).toBe(init?.caps.effective);
    expect(readCgroupFile(h.k, init?.cgroup ?? '', 'pids.current')).toBe('2\n');
    advanceTime(h.k, 5000);
    h.ul.drain();
    expect(body(h.api('GET', `/exec/${x}/json`))).toMatchObject({ Running: false, ExitCode: 0 });
    expect(h.engine.state.containers.byId[id]?.ExecIDs).toBeNull();
    const y = body<{ Id: string }>(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['sleep', '100'], User: 'nobody', Privileged: false } })).Id;
    h.api('POST', `/exec/${y}/start`, { body: { Detach: true } });
    const py = h.k.proc(body<{ Pid: number }>(h.api('GET', `/exec/${y}/json`)).Pid);
    expect(py?.cred.uid).toBe(65534);
    expect(py?.caps.effective).toBe(0);
  });

  it('a missing command: the error on the stream, ExitCode 127; not running: 409', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const x = body<{ Id: string }>(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['nosuch'], AttachStderr: true } })).Id;
    h.api('POST', `/exec/${x}/start`, { body: {} });
    const streams = h.engine.state.containers.execs[x]?.rt;
    expect(drainPipe(h, streams?.err ?? 0).data).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown\n');
    expect(body(h.api('GET', `/exec/${x}/json`))).toMatchObject({ Running: false, ExitCode: 127 });
    h.api('POST', `/containers/${id}/kill`);
    expect(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['ls'] } }).body).toEqual({ message: `container ${id} is not running` });
    expect(h.api('GET', '/exec/nosuch/json').body).toEqual({ message: 'No such exec instance: nosuch' });
  });

  it('exec output reaches the client through its pipe', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const x = body<{ Id: string }>(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['hostname'], AttachStdout: true } })).Id;
    h.api('POST', `/exec/${x}/start`, { body: {} });
    const rt = h.engine.state.containers.execs[x]?.rt;
    expect(drainPipe(h, rt?.out ?? 0).data).toBe(`${id.slice(0, 12)}\n`);
    expect(drainPipe(h, rt?.done ?? 0).eof).toBe(true);
  });
});

describe('rename, update, top, changes', () => {
  it('rename frees the old name and logs it; update writes the cgroup live', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] }, 'old');
    expect(h.api('POST', '/containers/old/rename', { query: { name: 'new' } }).status).toBe(204);
    expect(h.engine.state.containers.names).toEqual({ '/new': id });
    expect(h.engine.state.system.events.at(-1)).toMatchObject({ Action: 'rename', Actor: { Attributes: { name: 'new', oldName: '/old' } } });
    expect(h.api('POST', '/containers/new/update', { body: { Memory: 100 * 1024 * 1024, MemorySwap: -1, NanoCpus: 5e8, CpuShares: 2048 } }).status).toBe(200);
    const cg = h.engine.state.containers.byId[id]?.rt.cgroup ?? '';
    expect(readCgroupFile(h.k, cg, 'memory.max')).toBe('104857600\n');
    expect(readCgroupFile(h.k, cg, 'cpu.max')).toBe('50000 100000\n');
    expect(readCgroupFile(h.k, cg, 'cpu.weight')).toBe('174\n');
    expect(h.engine.state.containers.byId[id]?.HostConfig.Memory).toBe(100 * 1024 * 1024);
  });

  it('top lists the container\'s processes with host PIDs', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const t = body<{ Titles: string[]; Processes: string[][] }>(h.api('GET', `/containers/${id}/top`));
    expect(t.Titles).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    expect(t.Processes).toHaveLength(1);
    expect(t.Processes[0]?.[1]).toBe(String(h.engine.state.containers.byId[id]?.rt.task?.initPid));
    expect(t.Processes[0]?.[7]).toBe('sleep 1000');
  });

  it('changes lists what the container wrote in its upper layer', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sh', '-c', 'mkdir /foo; echo x > /foo/bar; rm /etc/passwd'] });
    h.ul.drain();
    expect(body(h.api('GET', `/containers/${id}/changes`))).toEqual([
      { Kind: 0, Path: '/etc' },
      { Kind: 2, Path: '/etc/passwd' },
      { Kind: 1, Path: '/foo' },
    ]);
  });
});

describe('archive (docker cp) and export', () => {
  it('GET returns entries with content, HEAD the path stat; PUT extracts, also under a new name', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] }, 'worker');
    const got = h.api('GET', '/containers/worker/archive', { query: { path: '/etc/passwd' } });
    expect(got.status).toBe(200);
    expect(got.body).toEqual([{ path: 'passwd', type: 'file', mode: 0o644, content: expect.stringContaining('root:x:0:0') }]);
    const stat = JSON.parse(Buffer.from(h.api('HEAD', '/containers/worker/archive', { query: { path: '/etc' } }).headers['X-Docker-Container-Path-Stat'] ?? '', 'base64').toString());
    expect(stat).toMatchObject({ name: 'etc', mode: 0o755 + 2147483648 });
    expect(h.api('GET', '/containers/worker/archive', { query: { path: '/nope' } }).body).toEqual({ message: 'Could not find the file /nope in container worker' });
    expect(h.api('PUT', '/containers/worker/archive', { query: { path: '/tmp' }, body: [{ path: 'a.txt', type: 'file', mode: 0o644, content: 'A\n' }] }).status).toBe(200);
    expect(h.api('PUT', '/containers/worker/archive', { query: { path: '/tmp/renamed' }, body: [{ path: 'hostname', type: 'file', mode: 0o644, content: 'H\n' }] }).status).toBe(200);
    const pid = h.engine.state.containers.byId[id]?.rt.task?.initPid ?? 0;
    expect(h.k.proc(pid)).toBeDefined();
    const tmp = h.api('GET', '/containers/worker/archive', { query: { path: '/tmp' } }).body as Array<{ path: string; content?: string }>;
    expect(tmp.map((e) => `${e.path}=${e.content ?? ''}`).sort()).toEqual(['tmp/a.txt=A\n', 'tmp/renamed=H\n', 'tmp=']);
  });

  it('a stopped container can be read too; export lists its root', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sh', '-c', 'echo done > /tmp/out'] });
    h.ul.drain();
    expect(h.engine.state.containers.byId[id]?.State.Status).toBe('exited');
    expect(h.api('GET', `/containers/${id}/archive`, { query: { path: '/tmp/out' } }).body).toEqual([{ path: 'out', type: 'file', mode: 0o644, content: 'done\n' }]);
    const all = h.api('GET', `/containers/${id}/export`).body as Array<{ path: string }>;
    expect(all.map((e) => e.path)).toContain('bin/busybox');
    expect(h.engine.state.containers.byId[id]?.rt.rootfsMounted).toBe(false);
  });
});

describe('-t exec', () => {
  it('gets a pts; its output reaches the client pipe, closed when it ends', () => {
    const h = engineHost();
    const id = h.run({ Cmd: ['sleep', '1000'] });
    const x = body<{ Id: string }>(h.api('POST', `/containers/${id}/exec`, { body: { Cmd: ['hostname'], Tty: true, AttachStdout: true } })).Id;
    const s = body<{ stdout: number; tty: string }>(h.api('POST', `/exec/${x}/start`, { body: { Tty: true } }));
    expect(s.tty).toMatch(/^pts\//);
    expect(drainPipe(h, s.stdout)).toEqual({ data: `${id.slice(0, 12)}\r\n`, eof: false });
    expect(drainPipe(h, s.stdout).eof).toBe(true);
  });
});
