import { describe, expect, it } from 'vitest';
import { api, bootImages } from './testkit.ts';
import { setSeams } from '../containers/seams.ts';
import { imageSeams } from './seams.ts';
import { HELLO_MESSAGE } from './programs/hello.ts';

describe('docker run hello-world', () => {
  it('prints the image\'s message from /hello', () => {
    const h = bootImages();
    setSeams(h.engine, imageSeams);
    expect(api(h, 'POST', '/images/create', { fromImage: 'hello-world', tag: 'latest' }).status).toBe(200);
    const c = api(h, 'POST', '/containers/create', { name: 'hi' }, { Image: 'hello-world' });
    expect(c.status).toBe(201);
    expect(api(h, 'POST', '/containers/hi/start').status).toBe(204);
    h.ul.drain();
    const logs = api(h, 'GET', '/containers/hi/logs', { stdout: '1', stderr: '1' }).body as { stream: Array<{ stream: string; data: string }> };
    expect(logs.stream.map((x) => x.data).join('')).toBe(HELLO_MESSAGE);
    expect(HELLO_MESSAGE.startsWith('\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n')).toBe(true);
    expect((api(h, 'GET', '/containers/hi/json').body as { State: { ExitCode: number; Status: string } }).State).toMatchObject({ ExitCode: 0, Status: 'exited' });
  });
});
