import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../kernel/boot.ts';
import { emptyHooks } from '../../kernel/kernel.ts';
import { createUserland, startHostUserland, runLine } from '../../userland/index.ts';
import { fsWrite } from '../../userland/fsapi.ts';
import type { ProgramDef } from '../../userland/types.ts';
import { dockerProgram } from './program.ts';
import { fakeEngine, json, errorResponse } from './testkit.ts';
import type { ApiRequest } from '../../engine/api/types.ts';

function host(withSocket = true) {
  const k = bootKernel({ seed: 1, hooks: emptyHooks() });
  const ul = createUserland(k, { extraPrograms: [dockerProgram as unknown as ProgramDef<never>] });
  const { rootShellPid } = startHostUserland(k, ul);
  const engine = fakeEngine([
    ['GET', /\/containers\/json/, () => json(200, [])],
    ['POST', /\/containers\/[^/]+\/stop/, () => ({ status: 204, headers: {} })],
    ['DELETE', /\/containers\/missing/, () => errorResponse(404, 'No such container: missing')],
  ]);
  const callers: number[] = [];
  if (withSocket) {
    fsWrite(k, 1, '/var/run/docker.sock', '', { create: true });
    k.ports.unix['/var/run/docker.sock'] = {
      request(req: unknown, pid: number) {
        callers.push(pid);
        return engine.transport(req as ApiRequest);
      },
    };
  }
  const run = (line: string) => runLine(ul, rootShellPid, line);
  return { k, ul, engine, run, callers };
}

describe('the docker program on a simulated host', () => {
  it('talks to dockerd through /var/run/docker.sock and prints the table', () => {
    const h = host();
    const r = h.run('docker ps');
    expect(r).toMatchObject({ status: 'done', exitCode: 0, stdout: 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n', stderr: '' });
    expect(h.engine.calls()).toEqual(['HEAD /_ping', 'GET /containers/json']);
    expect(h.callers.every((pid) => pid > 2)).toBe(true);
  });

  it('says the daemon is not running when nothing listens, and exits 1', () => {
    const h = host(false);
    const r = h.run('docker ps');
    expect(r).toMatchObject({ status: 'done', exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' });
  });

  it('honours DOCKER_HOST=unix://PATH', () => {
    const h = host();
    const r = h.run('DOCKER_HOST=unix:///tmp/other.sock docker ps');
    expect(r).toMatchObject({ exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///tmp/other.sock. Is the docker daemon running?\n' });
  });

  it('prints daemon errors and usage errors with the right exit codes', () => {
    const h = host();
    expect(h.run('docker rm missing')).toMatchObject({ exitCode: 1, stderr: 'Error response from daemon: No such container: missing\n' });
    expect(h.run('docker stop web')).toMatchObject({ exitCode: 0, stdout: 'web\n' });
    expect(h.run('docker ps --foo')).toMatchObject({ exitCode: 125 });
    expect(h.run('docker rm')).toMatchObject({ exitCode: 1 });
  });
});
