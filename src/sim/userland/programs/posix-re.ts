/**
 * POSIX regular expressions (regex(7): basic and extended) translated into
 * JavaScript RegExp sources, for sed and awk.
 *
 * Models: BRE's \( \) \{ \} and the GNU extensions \+ \? \| ; ERE's bare
 * ( ) { } + ? | ; bracket expressions with [:class:]es, a leading ] and a
 * literal backslash inside brackets; \< \> word boundaries, \` \' buffer anchors;
 * a leading * in a BRE as a literal star.
 * SIMPLIFICATIONS: matching is JavaScript's (leftmost-first, not POSIX
 * leftmost-longest, which differs only for alternations like a|ab);
 * no [.coll.] or [=equiv=] elements; C locale classes.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  word: '\\w',
};

/** Translate a bracket expression starting at re[i] === '['; returns [js, index of the closing ']'] or null if unterminated. */
function bracket(re: string, i: number): [string, number] | null {
  let j = i + 1;
  let out = '[';
  if (re[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (; j < re.length; j++) {
    const c = re[j] as string;
    if (c === ']' && !first) return [out + ']', j];
    first = false;
    if (c === '[' && re[j + 1] === ':') {
      const end = re.indexOf(':]', j + 2);
      if (end < 0) return null;
      const cls = CLASSES[re.slice(j + 2, end)];
      if (cls === undefined) return null;
      out += cls;
      j = end + 1;
    } else if (c === '\\') {
      // GNU tools read \n, \t and \\ inside brackets; any other backslash is literal.
      const n = re[j + 1];
      if (n === 'n' || n === 't' || n === '\\' || n === ']') {
        out += '\\' + n;
        j++;
      } else out += '\\\\';
    } else if (c === ']' || c === '[') out += '\\' + c;
    else out += c;
  }
  return null;
}

export type ReResult = { src: string } | { error: string };

/** POSIX BRE (`ere` false) or ERE → JavaScript RegExp source. Errors are worded as glibc's regerror(3). */
export function posixToJs(re: string, ere: boolean): ReResult {
  let out = '';
  let depth = 0;
  let atStart = true;
  for (let i = 0; i < re.length; i++) {
    const c = re[i] as string;
    const start = atStart;
    atStart = false;
    if (c === '\\') {
      const n = re[i + 1];
      i++;
      if (n === undefined) return { error: 'Trailing backslash' };
      if (!ere && (n === '(' || n === ')')) {
        if (n === '(') depth++;
        else if (--depth < 0) return { error: 'Unmatched ) or \\)' };
        out += n;
        atStart = n === '(';
      } else if (!ere && n === '|') {
        out += '|';
        atStart = true;
      } else if (!ere && '{}+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else if (/[0-9wWsSbBnt.*[\]^$\\/+?(){}|-]/.test(n)) out += '\\' + n;
      else out += n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '[') {
      const b = bracket(re, i);
      if (!b) return { error: 'Unmatched [, [^, [:, [., or [=' };
      out += b[0];
      i = b[1];
    } else if (!ere && '(){}|+?'.includes(c)) out += '\\' + c;
    else if (ere && c === '(') {
      depth++;
      out += c;
      atStart = true;
    } else if (ere && c === ')') {
      if (--depth < 0) return { error: 'Unmatched ) or \\)' };
      out += c;
    } else if (ere && c === '|') {
      out += c;
      atStart = true;
    } else if (c === '*' && start) out += '\\*';
    else if (c === '^' && !start && !ere) out += '\\^';
    else if (c === '$' && !ere && i < re.length - 1 && !(re[i + 1] === '\\' && (re[i + 2] === ')' || re[i + 2] === '|'))) out += '\\$';
    else out += c;
  }
  if (depth > 0) return { error: 'Unmatched ( or \\(' };
  try {
    new RegExp(out);
  } catch {
    return { error: 'Invalid preceding regular expression' };
  }
  return { src: out };
}
