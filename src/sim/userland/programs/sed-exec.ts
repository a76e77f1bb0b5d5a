/**
 * The execution cycle of sed (GNU sed 4.9 manual, "How sed Works"): read a
 * line into the pattern space, run the compiled commands (sed-parse.ts) with
 * their addresses and ranges (N, $, /re/, first~step, 0,/re/, addr,+N, !),
 * auto-print unless -n; the hold space; a/i/c text and r FILE queued for the
 * end of the cycle; w FILE; n/N/D/P cycles; q/Q with
 * an exit status; s/// with the Nth/g flags and \U \L \u \l \E case
 * conversion in the replacement; a last line without a newline printed
 * without one.
 * SIMPLIFICATIONS: `l` escapes as JSON does and never wraps; regexes are
 * JavaScript's (posix-re.ts); line numbers run on across files unless each
 * file is its own run (-s, -i).
 */

import type { Addr, Cmd, ReplPart } from './sed-parse.ts';

/** One run of a compiled script over some streams (each a file when -s or -i). */
/** The files w and r name (through the caller's permission checks). */
export interface SedFiles {
  write(name: string, text: string, append: boolean): void;
  read(name: string): string | null;
}

export class SedRun {
  private lines: string[] = [];
  private li = 0;
  private lastNl = true;
  private missingNl = false;
  private lineNo = 0;
  private ps = '';
  private hold = '';
  private append: Array<string | { raw: string }> = [];
  private ranges: Array<{ on: boolean; end: number }> = [];
  private lastRe: RegExp | null = null;
  private cache = new Map<string, RegExp>();
  private subst = false;

  constructor(
    private prog: Cmd[],
    private quiet: boolean,
    private streams: string[],
    private out: (s: string) => void,
    private files: SedFiles,
    /** -s / -i: each stream is its own file ($ and line numbers per file). */
    private separate = false,
  ) {
    // GNU sed opens (truncates) every w file before reading any input.
    for (const c of prog) if (c.file !== undefined && c.c !== 'r') files.write(c.file, '', false);
  }

  private emit(s: string, nl: boolean): void {
    if (this.missingNl) this.out('\n');
    this.out(s + (nl ? '\n' : ''));
    this.missingNl = !nl;
  }

  private re(src: string | null | undefined, flags: string): RegExp {
    if (src === null || src === undefined) {
      return this.lastRe ?? /(?!)/g;
    }
    const key = `${flags}/${src}`;
    let r = this.cache.get(key);
    if (!r) {
      r = new RegExp(src, flags.replace('g', '') + 'g');
      this.cache.set(key, r);
    }
    this.lastRe = r;
    return r;
  }

  private test(src: string | null, flags: string, s: string): boolean {
    const r = this.re(src, flags);
    r.lastIndex = 0;
    return r.test(s);
  }

  /** Read the next line into the pattern space; false at the end of input. */
  private read(): boolean {
    while (this.li >= this.lines.length) {
      const t = this.streams.shift();
      if (t === undefined) return false;
      if (t === '') continue;
      this.lastNl = t.endsWith('\n');
      if (this.separate && this.lines.length) this.lineNo = 0;
      this.lines = (this.lastNl ? t.slice(0, -1) : t).split('\n');
      this.li = 0;
    }
    this.ps = this.lines[this.li++] as string;
    this.lineNo++;
    return true;
  }

  private isLast(): boolean {
    return this.li >= this.lines.length && (this.separate || this.streams.every((s) => s === ''));
  }

  private nl(): boolean {
    return !this.isLast() || this.lastNl;
  }

  private matchAddr(a: Addr): boolean {
    switch (a.k) {
      case 'line':
        return this.lineNo === a.n;
      case 'last':
        return this.isLast();
      case 're':
        return this.test(a.src, a.flags, this.ps);
      case 'step':
        return a.step <= 0 ? this.lineNo === a.first : this.lineNo >= a.first && (this.lineNo - a.first) % a.step === 0;
      case 'plus':
        return false;
    }
  }

  private selected(c: Cmd, idx: number): boolean {
    let hit: boolean;
    if (!c.a1) hit = true;
    else if (!c.a2) hit = this.matchAddr(c.a1);
    else {
      const r = (this.ranges[idx] ??= { on: false, end: 0 });
      if (r.on) {
        hit = true;
        const a2 = c.a2;
        if (a2.k === 'line' || a2.k === 'plus') {
          if (this.lineNo >= r.end) r.on = false;
          if (this.lineNo > r.end) hit = this.matchAddr(c.a1) ? this.startRange(c, r) : false;
        } else if (this.matchAddr(a2)) r.on = false;
      } else if ((c.a1.k === 'line' && c.a1.n === 0 && this.lineNo === 1 && this.matchAddr(c.a2)) || this.matchAddr(c.a1)) {
        hit = c.a1.k === 'line' && c.a1.n === 0 ? true : this.startRange(c, r);
        if (c.a1.k === 'line' && c.a1.n === 0) r.on = false;
      } else if (c.a1.k === 'line' && c.a1.n === 0 && this.lineNo === 1) {
        r.on = true;
        hit = true;
      } else hit = false;
    }
    return hit !== c.neg;
  }

  private startRange(c: Cmd, r: { on: boolean; end: number }): boolean {
    const a2 = c.a2 as Addr;
    if (a2.k === 'line') {
      r.on = a2.n > this.lineNo;
      r.end = a2.n;
    } else if (a2.k === 'plus') {
      r.on = a2.n > 0;
      r.end = this.lineNo + a2.n;
    } else if (a2.k === 'last') r.on = !this.isLast();
    else r.on = true;
    return true;
  }

  private substitute(c: Cmd): boolean {
    const r = this.re(c.src, c.flags ?? '');
    const parts = c.repl as ReplPart[];
    const global = (c.flags ?? '').includes('g');
    let out = '';
    let last = 0;
    let n = 0;
    let done = false;
    r.lastIndex = 0;
    for (let m = r.exec(this.ps); m; m = r.exec(this.ps)) {
      n++;
      if (n >= (c.nth ?? 1) && (global || !done)) {
        out += this.ps.slice(last, m.index) + expand(parts, m);
        last = m.index + m[0].length;
        done = true;
        if (!global) break;
      }
      if (m[0] === '') r.lastIndex++;
      if (r.lastIndex > this.ps.length) break;
    }
    if (!done) return false;
    this.ps = out + this.ps.slice(last);
    return true;
  }

  /** Run to the end; returns an exit status if q/Q ended it early, else null. */
  run(): number | null {
    while (this.read()) {
      this.subst = false;
      const r = this.cycle();
      if (r.autoprint && !this.quiet) this.emit(this.ps, this.nl());
      this.flushAppend();
      if (r.quit !== null) return r.quit;
    }
    return null;
  }

  private flushAppend(): void {
    for (const a of this.append) {
      if (typeof a === 'string') this.emit(a, true);
      else if (a.raw) {
        if (this.missingNl) this.out('\n');
        this.out(a.raw);
        this.missingNl = !a.raw.endsWith('\n');
      }
    }
    this.append = [];
  }

  private cycle(): { autoprint: boolean; quit: number | null } {
    const p = this.prog;
    for (let pc = 0; pc < p.length; pc++) {
      const c = p[pc] as Cmd;
      if (c.c === '}' || c.c === ':') continue;
      if (!this.selected(c, pc)) {
        if (c.c === '{') pc = c.jump as number;
        continue;
      }
      switch (c.c) {
        case '{':
          break;
        case '=':
          this.emit(String(this.lineNo), true);
          break;
        case 'a':
          this.append.push(c.text as string);
          break;
        case 'i':
          this.emit(c.text as string, true);
          break;
        case 'r': {
          const t = this.files.read(c.file as string);
          if (t) this.append.push({ raw: t });
          break;
        }
        case 'w':
          this.files.write(c.file as string, this.ps + '\n', true);
          break;
        case 'c': {
          const rg = this.ranges[pc];
          if (!c.a2 || c.neg || !rg?.on) this.emit(c.text as string, true);
          return { autoprint: false, quit: null };
        }
        case 'd':
          return { autoprint: false, quit: null };
        case 'D': {
          const i = this.ps.indexOf('\n');
          if (i < 0) return { autoprint: false, quit: null };
          this.ps = this.ps.slice(i + 1);
          pc = -1;
          continue;
        }
        case 'p':
          this.emit(this.ps, this.nl());
          break;
        case 'P':
          this.emit(this.ps.split('\n')[0] as string, true);
          break;
        case 'l':
          this.emit(JSON.stringify(this.ps).slice(1, -1).replace(/\\"/g, '"') + '$', true);
          break;
        case 'g':
          this.ps = this.hold;
          break;
        case 'G':
          this.ps += '\n' + this.hold;
          break;
        case 'h':
          this.hold = this.ps;
          break;
        case 'H':
          this.hold += '\n' + this.ps;
          break;
        case 'x':
          [this.ps, this.hold] = [this.hold, this.ps];
          break;
        case 'z':
          this.ps = '';
          break;
        case 'n':
          if (!this.quiet) this.emit(this.ps, this.nl());
          this.flushAppend();
          if (!this.read()) return { autoprint: false, quit: null };
          break;
        case 'N': {
          const prev = this.ps;
          if (!this.read()) return { autoprint: true, quit: null };
          this.ps = prev + '\n' + this.ps;
          break;
        }
        case 'q':
          return { autoprint: true, quit: c.code ?? 0 };
        case 'Q':
          return { autoprint: false, quit: c.code ?? 0 };
        case 's':
          if (this.substitute(c)) {
            this.subst = true;
            for (let k = 0; k < (c.print ?? 0); k++) this.emit(this.ps, this.nl());
            if (c.file !== undefined) this.files.write(c.file, this.ps + '\n', true);
          }
          break;
        case 'y':
          this.ps = [...this.ps].map((ch) => {
            const k = [...(c.from as string)].indexOf(ch);
            return k < 0 ? ch : ([...(c.to as string)][k] as string);
          }).join('');
          break;
        case 'b':
          pc = c.jump === -1 ? p.length : (c.jump as number);
          break;
        case 't':
        case 'T':
          if (this.subst === (c.c === 't')) {
            this.subst = false;
            pc = c.jump === -1 ? p.length : (c.jump as number);
          }
          break;
      }
    }
    return { autoprint: true, quit: null };
  }
}

function expand(parts: ReplPart[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | 'E' = 'E';
  let once: 'u' | 'l' | null = null;
  const add = (t: string) => {
    if (!t) return;
    let s = mode === 'U' ? t.toUpperCase() : mode === 'L' ? t.toLowerCase() : t;
    if (once) {
      s = (once === 'u' ? s.charAt(0).toUpperCase() : s.charAt(0).toLowerCase()) + s.slice(1);
      once = null;
    }
    out += s;
  };
  for (const p of parts) {
    if (typeof p === 'string') add(p);
    else if (typeof p === 'number') add(m[p] ?? '');
    else if (p.cas === 'u' || p.cas === 'l') once = p.cas;
    else mode = p.cas;
  }
  return out;
}
