import { describe, expect, it, vi } from 'vitest';
import type { ServerResponse } from 'node:http';
import { needsPacing, writePaced } from './paced.ts';
import type { ApiResponse } from '../../sim/engine/api/types.ts';

function fakeRes() {
  const out: string[] = [];
  const res = { destroyed: false, ended: false, headers: {} as Record<string, string>, writeHead: (_s: number, h: Record<string, string>) => void Object.assign(res.headers, h), flushHeaders: () => {}, write: (s: string) => void out.push(s), end: () => void (res.ended = true) };
  return { res: res as unknown as ServerResponse & { ended: boolean; headers: Record<string, string> }, out };
}

describe('paced stream answers (serve)', () => {
  it('writes each message when its offset is due, then fetches a build\'s next part', () => {
    vi.useFakeTimers();
    let t = 0;
    const now = () => t;
    const first: ApiResponse = { status: 200, headers: { 'X-Sim-Continue': '/build/jobs/7', 'X-Sim-Poll-Ms': '50' }, body: { stream: [{ status: 'a' }, { status: 'b' }], timesMs: [0, 100] } };
    const calls: string[] = [];
    const call = (req: { path: string }): ApiResponse => {
      calls.push(req.path);
      return { status: 200, headers: {}, body: { stream: [{ status: 'c' }], timesMs: [0] } };
    };
    expect(needsPacing(first)).toBe(true);
    expect(needsPacing({ status: 200, headers: {}, body: { stream: [{}], timesMs: [0] } })).toBe(false);
    const { res, out } = fakeRes();
    writePaced(res, first, call as never, now);
    expect(out).toEqual(['{"status":"a"}\n']);
    expect(res.headers['X-Sim-Continue']).toBeUndefined();
    t = 100;
    vi.advanceTimersByTime(100);
    expect(out.length).toBe(2);
    vi.advanceTimersByTime(60);
    expect(calls).toEqual(['/build/jobs/7']);
    expect(out.at(-1)).toBe('{"status":"c"}\n');
    expect(res.ended).toBe(true);
    vi.useRealTimers();
  });
});
