import { describe, expect, it } from 'vitest';
import { parse, isIncomplete } from './parser.ts';
import { listText } from './unparse.ts';

function ok(src: string) {
  const r = parse(src);
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.error)}`);
  return r.list;
}

describe('shell parser', () => {
  it('parses lists, pipelines and and-or lists into plain data', () => {
    const l = ok('a | b && c || d &');
    expect(l.items).toHaveLength(1);
    expect(l.items[0]?.bg).toBe(true);
    expect(l.items[0]?.cmd.t).toBe('andor');
    expect(JSON.parse(JSON.stringify(l))).toEqual(l);
  });

  it('keeps compound commands and round-trips them to text', () => {
    const src = 'if true; then echo a; elif x; then y; else z; fi';
    expect(listText(ok(src))).toBe('if true; then echo a; elif x; then y; else z; fi');
    expect(listText(ok('for i in 1 2; do echo $i; done'))).toBe('for i in 1 2; do echo $i; done');
    expect(listText(ok('while :; do break; done'))).toBe('while :; do break; done');
  });

  it('reads here-documents after the line that opens them', () => {
    const l = ok('cat <<EOF\nhello $USER\nEOF\necho after');
    expect(l.items).toHaveLength(2);
    const c = l.items[0]?.cmd;
    expect(c?.t === 'simple' && c.redirs[0]?.body?.parts.map((p) => p.k)).toEqual(['lit', 'param', 'lit']);
  });

  it('parses command substitution, arithmetic and parameter operators', () => {
    const c = ok('echo $(date) `id` $((1+2)) ${x:-def} ${#y} ${z%.txt}').items[0]?.cmd;
    expect(c?.t).toBe('simple');
    if (c?.t !== 'simple') return;
    expect(c.words.map((w) => w.parts[0]?.k)).toEqual(['lit', 'cmd', 'cmd', 'arith', 'param', 'param', 'param']);
  });

  it('reports syntax errors with the offending token', () => {
    expect(parse('fi')).toEqual({ ok: false, error: { kind: 'token', token: 'fi', line: 1 } });
    expect(parse('echo a; ;; b')).toMatchObject({ ok: false, error: { kind: 'token', token: ';;' } });
    expect(parse('(')).toMatchObject({ ok: false, error: { kind: 'eof' } });
    expect(parse('echo "abc')).toMatchObject({ ok: false, error: { kind: 'match', ch: '"' } });
  });

  it('knows an incomplete command (for the PS2 prompt)', () => {
    expect(isIncomplete('if true; then')).toBe(true);
    expect(isIncomplete("echo 'a")).toBe(true);
    expect(isIncomplete('echo a')).toBe(false);
    expect(isIncomplete('fi')).toBe(false);
  });

  it('does not take reserved words as such outside command position', () => {
    const c = ok('echo if then fi').items[0]?.cmd;
    expect(c?.t === 'simple' && c.words.length).toBe(4);
  });
});
