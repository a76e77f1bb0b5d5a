import { describe, expect, it } from 'vitest';
import { frame, interleave } from './mux.ts';
import { demux } from '../../docker/cli/stream.ts';

describe('stdout and stderr in write order', () => {
  it('recovers the chunks from the ordered copy', () => {
    expect(interleave('a\nb\nc\n', 'a\nc\n', 'b\n')).toEqual([
      { stream: 'stdout', data: 'a\n' },
      { stream: 'stderr', data: 'b\n' },
      { stream: 'stdout', data: 'c\n' },
    ]);
  });

  it('does not take a longer common prefix than one write (one/two/three)', () => {
    expect(interleave('one\ntwo\nthree\n', 'one\nthree\n', 'two\n')).toEqual([
      { stream: 'stdout', data: 'one\n' },
      { stream: 'stderr', data: 'two\n' },
      { stream: 'stdout', data: 'three\n' },
    ]);
    expect(interleave('abab', 'ab', 'ab').map((c) => c.data).join('')).toBe('abab');
    expect(interleave('xay', 'xy', 'a')).toEqual([
      { stream: 'stdout', data: 'x' },
      { stream: 'stderr', data: 'a' },
      { stream: 'stdout', data: 'y' },
    ]);
  });

  it('keeps each stream exact when both wrote the same bytes', () => {
    const chunks = interleave('x\nx\nx\n', 'x\nx\n', 'x\n');
    expect(chunks.map((c) => c.data).join('')).toBe('x\nx\nx\n');
    expect(chunks.filter((c) => c.stream === 'stdout').map((c) => c.data).join('')).toBe('x\nx\n');
    expect(chunks.filter((c) => c.stream === 'stderr').map((c) => c.data).join('')).toBe('x\n');
  });

  it('falls back to stdout then stderr when the ordered copy is short', () => {
    expect(interleave('', 'o', 'e')).toEqual([
      { stream: 'stdout', data: 'o' },
      { stream: 'stderr', data: 'e' },
    ]);
  });

  it('frames as stdcopy does and the CLI splits them back, holding an incomplete frame', () => {
    const f = frame('stderr', 'oops\n');
    expect([...f.slice(0, 8)].map((c) => c.charCodeAt(0))).toEqual([2, 0, 0, 0, 0, 0, 0, 5]);
    const buf = frame('stdout', 'a') + f + frame('stdout', 'tail').slice(0, 6);
    const d = demux(buf);
    expect(d.frames).toEqual([
      { stream: 'stdout', data: 'a' },
      { stream: 'stderr', data: 'oops\n' },
    ]);
    expect(d.rest.length).toBe(6);
    expect(demux(frame('stdout', 'x'.repeat(300))).frames[0]?.data.length).toBe(300);
  });
});
