/**
 * Differential tests with a second real client: dockerode (a Node library
 * nobody here wrote) drives `container-sim serve` through the Engine API, and
 * what it gets (demultiplexed output, exit codes, lists, error messages) must
 * agree with what the project's own CLI prints for the same scenario.
 */

import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { normalise, runSim, step, withServe } from './harness.ts';

function collect(s: PassThrough): () => string {
  let text = '';
  s.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return () => text;
}

async function pull(docker: Docker, ref: string): Promise<void> {
  const stream = (await docker.pull(ref)) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())));
}

/** Run `Cmd` in a container through exec with a hijacked stream; stdout, stderr and the exit code. */
async function execIn(docker: Docker, container: string, cmd: string[], stdin?: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const ex = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: stdin !== undefined });
  const stream = await ex.start({ hijack: true, stdin: stdin !== undefined });
  const out = new PassThrough();
  const err = new PassThrough();
  const o = collect(out);
  const e = collect(err);
  docker.modem.demuxStream(stream, out, err);
  if (stdin !== undefined) stream.end(stdin);
  await new Promise<void>((resolve) => stream.on('end', () => resolve()));
  const info = await ex.inspect();
  return { stdout: o(), stderr: e(), exitCode: info.ExitCode ?? -1 };
}

/** A rejected dockerode call: its status and the daemon's message. */
async function failure(p: Promise<unknown>): Promise<{ statusCode: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const x = e as { statusCode?: number; json?: { message?: string } };
    return { statusCode: x.statusCode ?? 0, message: x.json?.message ?? String(e) };
  }
  throw new Error('expected the call to fail');
}

describe('differential: dockerode against serve vs the project CLI', () => {
  it('pulls, runs, execs, reads logs, lists, stops and removes like the CLI says', async () => {
    const sim = runSim([
      step('pull alpine'),
      step('run --rm alpine echo hi'),
      step('run -d --name web -p 8080:80 nginx'),
      step('exec web sh -c "echo out; echo err >&2; exit 3"'),
      step('exec -i web cat', 'from stdin\n'),
      step('logs web'),
      step('ps --format "{{.Names}} {{.Image}} {{.Ports}}"'),
      step('images --format {{.Repository}}:{{.Tag}}'),
      step('stop web'),
      step('rm web'),
    ]).map((r) => ({ ...r, stdout: normalise(r.stdout), stderr: normalise(r.stderr) }));

    await withServe(async (_srv, socketPath) => {
      const docker = new Docker({ socketPath });
      await pull(docker, 'alpine:latest');

      // docker run --rm alpine echo hi: attach (hijacked), start, wait.
      const out = new PassThrough();
      const text = collect(out);
      const err = new PassThrough();
      // (dockerode waits after starting, so a --rm container could be gone by then: remove it after.)
      const [run, ran] = (await docker.run('alpine', ['echo', 'hi'], [out, err], { Tty: false })) as [{ StatusCode: number }, Docker.Container];
      await ran.remove();
      expect({ stdout: text(), exitCode: run.StatusCode }).toEqual({ stdout: sim[1]?.stdout, exitCode: sim[1]?.exitCode });

      await pull(docker, 'nginx:latest');
      const web = await docker.createContainer({ Image: 'nginx', name: 'web', ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } });
      await web.start();

      const x = await execIn(docker, 'web', ['sh', '-c', 'echo out; echo err >&2; exit 3']);
      expect(x).toEqual({ stdout: sim[3]?.stdout, stderr: sim[3]?.stderr, exitCode: sim[3]?.exitCode });
      const cat = await execIn(docker, 'web', ['cat'], 'from stdin\n');
      expect(cat.stdout).toBe(sim[4]?.stdout);

      const logs = (await web.logs({ stdout: true, stderr: true })) as unknown as Buffer;
      const lo = new PassThrough();
      const le = new PassThrough();
      const lout = collect(lo);
      const lerr = collect(le);
      const src = new PassThrough();
      docker.modem.demuxStream(src, lo, le);
      src.end(logs);
      await new Promise((r) => setImmediate(r));
      expect({ stdout: normalise(lout()), stderr: normalise(lerr()) }).toEqual({ stdout: sim[5]?.stdout, stderr: sim[5]?.stderr });

      const list = await docker.listContainers();
      const ps = list.map((c) => `${(c.Names[0] ?? '').slice(1)} ${c.Image} ${c.Ports.map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`).join(', ')}`);
      expect(`${ps.join('\n')}\n`).toBe(sim[6]?.stdout.replace(/, \[::\]:8080->80\/tcp/, '').replace(/ {3}/g, ' '));

      const images = await docker.listImages();
      expect(images.flatMap((i) => i.RepoTags ?? []).sort()).toEqual((sim[7]?.stdout ?? '').trim().split('\n').sort());

      await web.stop();
      expect((await web.inspect()).State.Status).toBe('exited');
      await web.remove();
      expect(await docker.listContainers({ all: true })).toEqual([]);
    });
  });

  it('networks and volumes', async () => {
    const sim = runSim([step('network create mynet'), step('network ls --format {{.Name}}'), step('volume create data'), step('volume ls --format {{.Name}}'), step('network rm mynet'), step('volume rm data')]);
    await withServe(async (_srv, socketPath) => {
      const docker = new Docker({ socketPath });
      const net = await docker.createNetwork({ Name: 'mynet' });
      const nets = (await docker.listNetworks()).map((n) => n.Name).sort();
      expect(nets).toEqual((sim[1]?.stdout ?? '').trim().split('\n').sort());
      const info = await net.inspect();
      expect(info).toMatchObject({ Name: 'mynet', Driver: 'bridge', Scope: 'local' });
      await docker.createVolume({ Name: 'data' });
      const vols = (await docker.listVolumes()).Volumes.map((v) => v.Name);
      expect(vols).toEqual((sim[3]?.stdout ?? '').trim().split('\n'));
      await net.remove();
      await docker.getVolume('data').remove();
      expect((await docker.listVolumes()).Volumes).toEqual([]);
    });
  });

  it('errors carry the daemon message the CLI prints', async () => {
    const sim = runSim([step('inspect --type container nope'), step('rm nope'), step('network rm nope'), step('volume rm nope')]);
    await withServe(async (_srv, socketPath) => {
      const docker = new Docker({ socketPath });
      const got = [
        await failure(docker.getContainer('nope').inspect()),
        await failure(docker.getContainer('nope').remove()),
        await failure(docker.getNetwork('nope').remove()),
        await failure(docker.getVolume('nope').remove()),
      ];
      expect(got.map((g) => g.statusCode)).toEqual([404, 404, 404, 404]);
      // The CLI prints "Error response from daemon: <message>" (inspect: "Error: No such container: nope").
      expect(got.map((g) => g.message)).toEqual(sim.map((r) => (r.stderr.split("\n")[0] ?? "").replace(/^Error response from daemon: |^Error: /, '')));
    });
  });
});
