import { describe, expect, it } from 'vitest';
import { foldLine, newTtyState, redraw, renderLines } from './build-tty.ts';

describe("BuildKit's terminal display", () => {
  it('folds the plain stream into steps with their durations, sub-steps and running output', () => {
    const st = newTtyState(0);
    for (const l of ['#0 building with "default" instance using docker driver', '', '#1 [internal] load build definition from Dockerfile', '#1 transferring dockerfile: 61B done', '#1 DONE 0.0s', '#4 [1/2] FROM docker.io/library/alpine:latest', '#4 CACHED', '#5 [2/2] RUN sleep 3 && echo done']) foldLine(st, l, 100);
    foldLine(st, '#5 3.150 done', 3200);
    const running = renderLines(st, 3200, 60, false);
    expect(running).toEqual([
      '[+] Building 3.2s (2/3)                       docker:default',
      ' => [internal] load build definition from Dockerfile    0.0s',
      ' => => transferring dockerfile: 61B                     0.0s',
      ' => CACHED [1/2] FROM docker.io/library/alpine:latest   0.0s',
      ' => [2/2] RUN sleep 3 && echo done                      3.1s',
      ' => => # done',
    ]);
    foldLine(st, '#5 DONE 3.2s', 3300);
    const end = renderLines(st, 3300, 60, true);
    expect(end[0]).toBe('[+] Building 3.3s (3/3) FINISHED              docker:default');
    expect(end[4]).toBe(' => [2/2] RUN sleep 3 && echo done                      3.2s');
    expect(end).toHaveLength(5);
  });

  it('redraws in place: cursor up over the last drawing, each line erased', () => {
    const st = newTtyState(0);
    foldLine(st, '#1 [internal] load build definition from Dockerfile', 0);
    const first = redraw(st, 0, 40, false);
    expect(first.startsWith('\r\x1b[K[+] Building')).toBe(true);
    foldLine(st, '#1 DONE 0.0s', 10);
    expect(redraw(st, 10, 40, true).startsWith('\x1b[2A\r\x1b[K[+] Building 0.0s (1/1) FINISHED')).toBe(true);
  });

  it('keeps the lines that are not progress (an error context) for after the display', () => {
    const st = newTtyState(0);
    for (const l of ['#5 [2/2] RUN exit 3', '#5 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3', '------', ' > [2/2] RUN exit 3:', '------']) foldLine(st, l, 50);
    expect(renderLines(st, 50, 50, true)[1]).toBe(' => ERROR [2/2] RUN exit 3                    0.0s');
    expect(st.rest).toEqual(['------', ' > [2/2] RUN exit 3:', '------']);
  });
});
