/**
 * Go's text/tabwriter (pkg.go.dev/text/tabwriter) with docker's settings
 * (minwidth 10, tabwidth 1, padding 3, padchar ' ', no flags): tab-terminated
 * cells are aligned in columns per column block (runs of consecutive lines
 * that have that column); the last cell of a line is not padded. Widths count
 * runes, so "…" is one column.
 */

export interface TabwriterOpts {
  minwidth: number;
  padding: number;
}

export const DOCKER_TABWRITER: TabwriterOpts = { minwidth: 10, padding: 3 };

/** Code points in s (a surrogate pair is one rune), without iterating the string. */
function runeWidth(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Align the tab-separated text as tabwriter.Writer + Flush would. */
export function tabwrite(text: string, opts: TabwriterOpts = DOCKER_TABWRITER): string {
  const rawLines = text.split('\n');
  // Each line: cells; all but the last are tab-terminated.
  const lines = rawLines.map((l) => l.split('\t'));
  let out = '';
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i] as string[];
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j] as string;
        out += c;
        if (j < cells.length - 1 && j < widths.length) out += ' '.repeat(Math.max(0, (widths[j] as number) - runeWidth(c)));
      }
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t] as string[]).length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = opts.minwidth;
      for (; t < line1; t++) {
        const cells = lines[t] as string[];
        if (column >= cells.length - 1) break;
        const w = runeWidth(cells[column] as string) + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
