/**
 * `container-sim serve` on a real socket: Docker's error shapes for malformed
 * HTTP, unknown endpoints, bad JSON, unsupported API versions and oversized
 * bodies; the server survives all of them (and an engine bug). Also the
 * streaming answers at the byte level: /_ping headers, the hijacked attach
 * and exec streams (101 UPGRADED, 8-byte frames, stdin and half-close), the
 * wait answer whose headers come before its body, multiplexed logs.
 */

import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTcp, startServer, type RunningServer } from '../serve.ts';
import { demux, framesOf } from './frames.ts';
import { json, parse, raw as rawTo, request as requestTo } from './testkit.ts';

const raw = (data: string | Buffer, opts?: Parameters<typeof rawTo>[2]) => rawTo(sock, data, opts);
const request = (method: string, path: string, body?: string, headers?: Record<string, string>) => requestTo(sock, method, path, body, headers);

let srv: RunningServer;
let dir: string;
let sock: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csim-serve-'));
  sock = join(dir, 'docker.sock');
  srv = await startServer({ socket: sock, maxBodyBytes: 1024 });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function alive(): Promise<void> {
  const r = await request('GET', '/_ping');
  expect(r.status).toBe(200);
  expect(r.body.toString()).toBe('OK');
}

describe('serve: Docker error shapes, and it never crashes', () => {
  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const r = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(r.toString()).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    const r2 = await raw('GET /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    expect(r2.toString()).toMatch(/^HTTP\/1\.1 400 /);
    await alive();
  });

  it('unknown endpoints: 404 {"message":"page not found"}', async () => {
    for (const p of ['/nope', '/v1.50/containers/x/nope', '/v1.50/']) {
      const r = await request('GET', p);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toBe('application/json');
      expect(json(r.body)).toEqual({ message: 'page not found' });
    }
  });

  it('bad JSON bodies: 400 with encoding/json wording', async () => {
    const r = await request('POST', '/v1.50/containers/create', '{bad');
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({ message: "invalid character 'b' looking for beginning of object key string" });
    const r2 = await request('POST', '/v1.50/networks/create', '{"Name":');
    expect(r2.status).toBe(400);
    expect(json(r2.body)).toEqual({ message: 'unexpected end of JSON input' });
    await alive();
  });

  it('oversized bodies: 413, by Content-Length or by the bytes sent', async () => {
    const r = await request('POST', '/v1.50/containers/create', 'x'.repeat(2000));
    expect(r.status).toBe(413);
    expect(json(r.body)).toEqual({ message: 'request body too large (limit 1024 bytes)' });
    const chunked = `POST /v1.50/containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n800\r\n${'y'.repeat(2048)}\r\n0\r\n\r\n`;
    const r2 = parse(await raw(chunked));
    expect(r2.status).toBe(413);
    await alive();
  });

  it('API versions outside 1.24..1.50 are refused as dockerd does', async () => {
    const r = await request('GET', '/v1.99/version');
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({ message: 'client version 1.99 is too new. Maximum supported API version is 1.50' });
    const r2 = await request('GET', '/v1.12/version');
    expect(json(r2.body)).toEqual({ message: 'client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version' });
    expect((await request('GET', '/v1.41/version')).status).toBe(200);
  });

  it('an engine bug answers 500 and the server lives on', async () => {
    const orig = srv.host.engine.handle.bind(srv.host.engine);
    srv.host.engine.handle = () => {
      throw new Error('boom');
    };
    try {
      const r = await request('GET', '/v1.50/info');
      expect(r.status).toBe(500);
      expect(json(r.body)).toEqual({ message: 'internal error: boom' });
    } finally {
      srv.host.engine.handle = orig;
    }
    await alive();
  });

  it('/_ping (GET and HEAD) carries the negotiation headers', async () => {
    for (const m of ['GET', 'HEAD']) {
      const r = await request(m, '/_ping');
      expect(r.status).toBe(200);
      expect(r.headers).toMatchObject({ 'api-version': '1.50', 'docker-experimental': 'false', ostype: 'linux', 'builder-version': '2', server: 'Docker/28.2.2 (linux)' });
      expect(r.body.toString()).toBe(m === 'GET' ? 'OK' : '');
    }
  });

  it('listens only on loopback addresses', () => {
    expect(parseTcp('0.0.0.0:2375')).toMatch(/only on loopback/);
    expect(parseTcp('192.168.1.5:2375')).toMatch(/only on loopback/);
    expect(parseTcp('127.0.0.1:2375')).toEqual({ host: '127.0.0.1', port: 2375 });
    expect(parseTcp('[::1]:2375')).toEqual({ host: '::1', port: 2375 });
  });
});

describe('serve: streams', () => {
  const upgrade = (path: string, body = ''): string =>
    `POST ${path} HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  it('attach: 101 UPGRADED, multiplexed frames, then wait answers the status', async () => {
    await request('POST', '/v1.50/images/create?fromImage=alpine&tag=latest');
    const c = await request('POST', '/v1.50/containers/create?name=a1', JSON.stringify({ Image: 'alpine', Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 4'] }));
    expect(c.status).toBe(201);
    const attached = raw(upgrade('/v1.50/containers/a1/attach?stream=1&stdout=1&stderr=1'), { halfClose: true });
    // The wait's headers come at once; the body when the container stops.
    const waited = raw(`POST /v1.50/containers/a1/wait?condition=next-exit HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    expect((await request('POST', '/v1.50/containers/a1/start')).status).toBe(204);
    const a = await attached;
    const head = a.subarray(0, a.indexOf('\r\n\r\n')).toString();
    expect(head).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    expect(head).toContain('Content-Type: application/vnd.docker.multiplexed-stream');
    expect(head).toContain('Upgrade: tcp');
    const frames = a.subarray(a.indexOf('\r\n\r\n') + 4);
    expect(frames.subarray(0, 8)).toEqual(Buffer.from([1, 0, 0, 0, 0, 0, 0, 4]));
    expect(demux(frames)).toMatchObject({ stdout: 'out\n', stderr: 'err\n' });
    expect(json(parse(await waited).body)).toMatchObject({ StatusCode: 4 });
  });

  it('exec: stdin is forwarded, half-close ends it, ExitCode is set when the stream ends', async () => {
    await request('POST', '/v1.50/containers/create?name=e1', JSON.stringify({ Image: 'alpine', Cmd: ['sleep', '1000'] }));
    await request('POST', '/v1.50/containers/e1/start');
    const x = json((await request('POST', '/v1.50/containers/e1/exec', JSON.stringify({ Cmd: ['cat'], AttachStdin: true, AttachStdout: true, AttachStderr: true }))).body) as { Id: string };
    const s = await new Promise<Buffer>((resolve) => {
      const c = connect(sock);
      const chunks: Buffer[] = [];
      c.on('data', (d: Buffer) => chunks.push(d));
      c.on('end', () => resolve(Buffer.concat(chunks)));
      c.write(upgrade(`/v1.50/exec/${x.Id}/start`, JSON.stringify({ Detach: false, Tty: false })));
      setTimeout(() => c.write('line one\n'), 50);
      setTimeout(() => c.end('line two\n'), 100);
    });
    const body = s.subarray(s.indexOf('\r\n\r\n') + 4);
    expect(demux(body).stdout).toBe('line one\nline two\n');
    expect(json((await request('GET', `/v1.50/exec/${x.Id}/json`)).body)).toMatchObject({ Running: false, ExitCode: 0 });
  });

  it('exec: stdout and stderr frames come in the order they were written, sized in UTF-8 bytes', async () => {
    const x = json((await request('POST', '/v1.50/containers/e1/exec', JSON.stringify({ Cmd: ['sh', '-c', 'echo a; echo b >&2; echo c; echo ünï >&2'], AttachStdout: true, AttachStderr: true }))).body) as { Id: string };
    const s = await raw(upgrade(`/v1.50/exec/${x.Id}/start`, JSON.stringify({ Detach: false, Tty: false })), { halfClose: true });
    const frames = framesOf(s.subarray(s.indexOf('\r\n\r\n') + 4));
    expect(frames.map((f) => `${f.id}:${f.data}`).join('')).toBe('1:a\n2:b\n1:c\n2:ünï\n');
  });

  it('a hijack of a missing container is a plain 404', async () => {
    const r = parse(await raw(upgrade('/v1.50/containers/nope/attach?stream=1&stdout=1')));
    expect(r.status).toBe(404);
    expect(json(r.body)).toEqual({ message: 'No such container: nope' });
  });

  it('logs: multiplexed frames for a container without a terminal', async () => {
    const r = await request('GET', '/v1.50/containers/a1/logs?stdout=1&stderr=1');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
    expect(demux(r.body)).toMatchObject({ stdout: 'out\n', stderr: 'err\n' });
  });
});
