import { describe, expect, it } from 'vitest';
import { createHost } from '../../../host/host.ts';

function lines(screen: string): string[] {
  return screen.split('\r\n').filter((l) => /^(container|network|image|volume) /.test(l));
}

describe('docker events follows in virtual time', () => {
  it('prints events as they happen, each once, including ones other clients cause, until ^C', () => {
    const h = createHost({ seed: 31 });
    h.run('docker pull alpine');
    const t = h.openTerminal();
    let screen = '';
    t.onData((d) => (screen += d));
    t.input("docker events --format '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}'\r");
    h.advance(500);
    expect(lines(screen)).toEqual([]);
    // Another client of the daemon (the Engine API directly, as a second docker would).
    const api = (method: 'POST' | 'DELETE', path: string, body?: unknown, query: Record<string, string> = {}) => h.engine.handle({ method, path, query, headers: {}, body }, 1);
    const id = (api('POST', '/containers/create', { Image: 'alpine', Cmd: ['sleep', '1000'] }, { name: 'web' }).body as { Id: string }).Id;
    api('POST', `/containers/${id}/start`);
    h.advance(300);
    expect(lines(screen)).toEqual(['container create web', 'network connect bridge', 'container start web']);
    api('POST', '/networks/create', { Name: 'n1' });
    h.advance(1000);
    expect(lines(screen)).toEqual(['container create web', 'network connect bridge', 'container start web', 'network create n1']);
    t.input('\x03');
    h.advance(100);
    expect(screen.endsWith('root@docker-host:~# ')).toBe(true);
  });

  it('a background `docker events &` sees what the same terminal does next', () => {
    const h = createHost({ seed: 33 });
    h.run('docker pull alpine');
    const t = h.openTerminal();
    let screen = '';
    t.onData((d) => (screen += d));
    t.input("docker events --filter type=container --format '{{.Action}} {{.Actor.Attributes.name}}' &\r");
    h.advance(300);
    t.input('docker run -d --name bg alpine sleep 1000\r');
    h.advance(300);
    t.input('docker rm -f bg\r');
    h.advance(300);
    const got = screen.split('\r\n').map((l) => /(?:^|\s)([a-z]+) bg$/.exec(l)?.[1]).filter(Boolean);
    expect(got).toEqual(['create', 'start', 'kill', 'die', 'destroy']);
  });

  it("--until in the future listens until then, in Docker's default format", () => {
    const h = createHost({ seed: 32 });
    h.run('docker pull alpine');
    const t = h.openTerminal();
    let screen = '';
    t.onData((d) => (screen += d));
    const until = new Date(h.kernel.nowMs + 3000).toISOString();
    t.input(`docker events --until ${until} --filter event=create\r`);
    h.advance(100);
    h.engine.handle({ method: 'POST', path: '/containers/create', query: { name: 'later' }, headers: {}, body: { Image: 'alpine' } }, 1);
    h.advance(5000);
    expect(screen).toMatch(/\r\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z container create [0-9a-f]{64} \(image=alpine, name=later\)\r\nroot@docker-host:~# $/);
  });
});
