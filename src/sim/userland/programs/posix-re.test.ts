import { describe, expect, it } from 'vitest';
import { posixToJs } from './posix-re.ts';

const js = (re: string, ere = false) => {
  const r = posixToJs(re, ere);
  return 'src' in r ? r.src : r.error;
};

describe('POSIX regex translation', () => {
  it('reads BRE groups, intervals and GNU escapes; ERE as is', () => {
    expect(js('\\(ab\\)\\{2\\}x\\+y\\?')).toBe('(ab){2}x+y?');
    expect(js('a|b(c)+')).toBe('a\\|b\\(c\\)\\+');
    expect(js('(a|b)+', true)).toBe('(a|b)+');
    expect(js('*a^b$c')).toBe('\\*a\\^b\\$c');
  });

  it('translates bracket expressions and reports errors as glibc words them', () => {
    expect(js('[[:digit:][:upper:]]')).toBe('[0-9A-Z]');
    expect(js('[]a]')).toBe('[\\]a]');
    expect(js('\\(a')).toBe('Unmatched ( or \\(');
    expect(js('[a')).toBe('Unmatched [, [^, [:, [., or [=');
  });
});
