/**
 * serve's interactive streams at the byte level: a -t exec (raw stream, the
 * terminal's echo, input reaching the shell), the detach keys ending only the
 * connection, logs --follow, and --state carrying the host across restarts.
 */

import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../serve.ts';
import { demux } from './frames.ts';
import { json, parse, request as requestTo } from './testkit.ts';

let srv: RunningServer;
let dir: string;
let sock: string;
const request = (method: string, path: string, body?: string) => requestTo(sock, method, path, body);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csim-streams-'));
  sock = join(dir, 'docker.sock');
  srv = await startServer({ socket: sock });
  await request('POST', '/v1.50/images/create?fromImage=alpine&tag=latest');
  await request('POST', '/v1.50/containers/create?name=box', JSON.stringify({ Image: 'alpine', Cmd: ['sh', '-c', 'echo started; sleep 1000'] }));
  await request('POST', '/v1.50/containers/box/start');
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A hijacked connection: send keys over time, collect what comes back until the server closes. */
function session(path: string, body: string, keys: Array<[number, string]>, timeoutMs = 4000): Promise<{ head: string; data: Buffer; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const c = connect(sock);
    const chunks: Buffer[] = [];
    const done = (closedByServer: boolean) => {
      const all = Buffer.concat(chunks);
      const i = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, i).toString(), data: all.subarray(i + 4), closedByServer });
    };
    const timer = setTimeout(() => {
      c.destroy();
      done(false);
    }, timeoutMs);
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('end', () => {
      clearTimeout(timer);
      done(true);
    });
    c.write(`POST ${path} HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    for (const [ms, k] of keys) setTimeout(() => c.writable && c.write(k), ms);
  });
}

async function execId(cmd: string[], tty: boolean): Promise<string> {
  const r = await request('POST', '/v1.50/containers/box/exec', JSON.stringify({ Cmd: cmd, Tty: tty, AttachStdin: true, AttachStdout: true, AttachStderr: true }));
  return (json(r.body) as { Id: string }).Id;
}

describe('serve: terminals and detach keys', () => {
  it('exec -it: a raw stream, the echo of typed keys, the shell answering, exit ends it', async () => {
    const id = await execId(['sh'], true);
    const s = await session(`/v1.50/exec/${id}/start`, JSON.stringify({ Detach: false, Tty: true }), [
      [50, 'echo hi-there\r'],
      [150, 'exit 3\r'],
    ]);
    expect(s.head).toMatch(/^HTTP\/1\.1 101 UPGRADED/);
    expect(s.head).toContain('Content-Type: application/vnd.docker.raw-stream');
    expect(s.closedByServer).toBe(true);
    const text = s.data.toString();
    expect(text).toContain('echo hi-there\r\n'); // the echo
    expect(text).toMatch(/\r\nhi-there\r\n/); // the output, with the terminal's \r\n
    expect(json((await request('GET', `/v1.50/exec/${id}/json`)).body)).toMatchObject({ Running: false, ExitCode: 3 });
  });

  it('the detach keys (^P^Q) end the connection and leave a -t process running', async () => {
    const id = await execId(['sh'], true);
    const s = await session(`/v1.50/exec/${id}/start`, JSON.stringify({ Detach: false, Tty: true }), [
      [50, 'echo one\r'],
      [120, '\x10'],
      [160, '\x11'],
    ]);
    expect(s.closedByServer).toBe(true);
    expect(s.data.toString()).toMatch(/\r\none\r\n/);
    expect(json((await request('GET', `/v1.50/exec/${id}/json`)).body)).toMatchObject({ Running: true });
  });

  it("without a terminal, detaching closes the process's stdin (moby CloseStdin)", async () => {
    const id = await execId(['cat'], false);
    const s = await session(`/v1.50/exec/${id}/start`, JSON.stringify({ Detach: false, Tty: false }), [
      [50, 'one\n'],
      [120, '\x10\x11'],
    ]);
    expect(s.closedByServer).toBe(true);
    expect(demux(s.data).stdout).toBe('one\n');
    expect(json((await request('GET', `/v1.50/exec/${id}/json`)).body)).toMatchObject({ Running: false, ExitCode: 0 });
  });

  it('logs --follow: what is logged so far, then the connection stays open while the container runs', async () => {
    const r = await new Promise<Buffer>((resolve) => {
      const c = connect(sock);
      const chunks: Buffer[] = [];
      c.on('data', (d: Buffer) => chunks.push(d));
      c.write('GET /v1.50/containers/box/logs?stdout=1&stderr=1&follow=1 HTTP/1.1\r\nHost: d\r\n\r\n');
      setTimeout(() => {
        c.destroy();
        resolve(Buffer.concat(chunks));
      }, 300);
    });
    const p = parse(r);
    expect(p.status).toBe(200);
    expect(p.headers['transfer-encoding']).toBe('chunked');
    expect(r.toString('latin1')).not.toMatch(/\r\n0\r\n\r\n$/); // not ended
    expect(demux(Buffer.from(r.subarray(r.indexOf('\r\n\r\n') + 4).toString('latin1').replace(/^[0-9a-f]+\r\n|\r\n$/g, ''), 'latin1')).stdout).toBe('started\n');
  });
});

describe('serve: open-ended answers', () => {
  /** GET a streaming answer for `ms`, doing `during` meanwhile; the body so far (chunked framing removed). */
  function streamFor(path: string, ms: number, during: () => Promise<unknown> = async () => {}): Promise<string> {
    return new Promise((resolve) => {
      const c = connect(sock);
      const chunks: Buffer[] = [];
      c.on('data', (d: Buffer) => chunks.push(d));
      c.write(`GET ${path} HTTP/1.1\r\nHost: d\r\n\r\n`);
      setTimeout(() => void during(), 50);
      setTimeout(() => {
        c.destroy();
        const all = Buffer.concat(chunks).toString('utf8');
        resolve(all.slice(all.indexOf('\r\n\r\n') + 4).replace(/(^|\r\n)[0-9a-f]+\r\n/g, '$1').replace(/\r\n/g, ''));
      }, ms);
    });
  }

  it('docker events: only new events, as they happen, filtered', async () => {
    const body = await streamFor('/v1.50/events?filters=%7B%22type%22%3A%7B%22volume%22%3Atrue%7D%7D', 400, () => request('POST', '/v1.50/volumes/create', JSON.stringify({ Name: 'ev1' })));
    const events = body.trim().split('\n').map((l) => JSON.parse(l) as { Type: string; Action: string; Actor: { ID: string } });
    expect(events.map((e) => `${e.Type} ${e.Action} ${e.Actor.ID}`)).toEqual(['volume create ev1']);
  });

  it('docker stats: a sample at once, then one a second', async () => {
    const body = await streamFor('/v1.50/containers/box/stats?stream=1', 1300);
    const samples = body.trim().split('\n').map((l) => JSON.parse(l) as { name: string });
    expect(samples.length).toBe(2);
    expect(samples[0]?.name).toBe('/box');
  });
});

describe('serve --state', () => {
  it('saves the host on close and loads it on the next start', async () => {
    const d = mkdtempSync(join(tmpdir(), 'csim-state-'));
    const state = join(d, 'host.json');
    const s1 = await startServer({ socket: join(d, 'a.sock'), state });
    await requestTo(join(d, 'a.sock'), 'POST', '/v1.50/volumes/create', JSON.stringify({ Name: 'kept' }));
    await s1.close();
    const s2 = await startServer({ socket: join(d, 'b.sock'), state });
    try {
      const r = await requestTo(join(d, 'b.sock'), 'GET', '/v1.50/volumes');
      expect((json(r.body) as { Volumes: Array<{ Name: string }> }).Volumes.map((v) => v.Name)).toEqual(['kept']);
    } finally {
      await s2.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
