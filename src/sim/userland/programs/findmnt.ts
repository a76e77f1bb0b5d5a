/**
 * findmnt(8), util-linux 2.38.1: the mount table of the caller's mount
 * namespace, read from /proc/self/mountinfo.
 *
 * Models: the tree of mounts by parent mount ID (├─ │ └─ in a UTF-8 locale,
 * |- | `- otherwise), columns TARGET SOURCE FSTYPE OPTIONS (VFS options then
 * the filesystem's, without a repeated rw/ro) padded to their widest cell;
 * SOURCE as `device[/root]` for a bind mount of a subdirectory; -o with
 * TARGET SOURCE FSTYPE OPTIONS VFS-OPTIONS FS-OPTIONS PROPAGATION ID PARENT
 * (PROPAGATION from the shared:/master: tags: shared, private, slave,
 * unbindable); -n, -l (list), -t TYPES (a tree of the matches), a mount point
 * or source operand, -T PATH (the mount holding PATH); exit 1 when nothing matches.
 * SIMPLIFICATIONS: no -J/-P/-r output formats, no --fstab/--kernel polling.
 */

import type { ProgramDef } from '../types.ts';
import { fsRead, absPath } from '../fsapi.ts';
import { isErr } from '../../kernel/errno.ts';
import { parseArgs, progName, usageError } from './args.ts';

export interface MountRow {
  id: number;
  parent: number;
  root: string;
  target: string;
  vfs: string;
  tags: string[];
  fstype: string;
  source: string;
  fsopts: string;
}

export function parseMountinfo(text: string): MountRow[] {
  const out: MountRow[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split(' ');
    const dash = f.indexOf('-');
    if (dash < 6) continue;
    const unesc = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    out.push({
      id: Number(f[0]),
      parent: Number(f[1]),
      root: unesc(f[3] ?? '/'),
      target: unesc(f[4] ?? '/'),
      vfs: f[5] ?? '',
      tags: f.slice(6, dash),
      fstype: f[dash + 1] ?? '',
      source: unesc(f[dash + 2] ?? ''),
      fsopts: f[dash + 3] ?? '',
    });
  }
  return out;
}

const COLS: Record<string, (m: MountRow) => string> = {
  TARGET: (m) => m.target,
  SOURCE: (m) => (m.root !== '/' && /^\//.test(m.source) ? `${m.source}[${m.root}]` : m.source),
  FSTYPE: (m) => m.fstype,
  OPTIONS: (m) => [...m.vfs.split(','), ...m.fsopts.split(',').filter((o) => o !== 'rw' && o !== 'ro')].filter(Boolean).join(','),
  'VFS-OPTIONS': (m) => m.vfs,
  'FS-OPTIONS': (m) => m.fsopts,
  PROPAGATION: (m) => {
    const p: string[] = [];
    if (m.tags.some((t) => t.startsWith('shared:'))) p.push('shared');
    if (m.tags.some((t) => t.startsWith('master:'))) p.push('slave');
    if (m.tags.includes('unbindable')) p.push('unbindable');
    return p.length ? p.join(',') : 'private';
  },
  ID: (m) => String(m.id),
  PARENT: (m) => String(m.parent),
};

export const findmntProgram: ProgramDef<null> = {
  id: 'findmnt',
  main(ctx) {
    const name = progName(ctx, 'findmnt');
    const r = parseArgs(ctx.argv.slice(1), {
      flags: 'nlAa',
      withValue: 'otTN',
      long: { noheadings: { short: 'n' }, list: { short: 'l' }, output: { short: 'o', value: true }, types: { short: 't', value: true }, target: { short: 'T', value: true }, all: { short: 'A' } },
    });
    if (!r.ok) return usageError(ctx, name, r.error);
    const text = fsRead(ctx.k, ctx.pid, '/proc/self/mountinfo');
    if (isErr(text)) {
      ctx.stderr.write(`${name}: can't read /proc/self/mountinfo: No such file or directory\n`);
      return { exit: 1 };
    }
    const all = parseMountinfo(text);
    const cols = (r.p.value('o') ?? 'TARGET,SOURCE,FSTYPE,OPTIONS').toUpperCase().split(',');
    const bad = cols.find((c) => !COLS[c]);
    if (bad) {
      ctx.stderr.write(`${name}: unknown column: ${bad}\n`);
      return { exit: 1 };
    }
    let shown = all;
    let list = r.p.has('l');
    const types = r.p.value('t');
    if (types) {
      const want = types.split(',');
      const neg = want.every((t) => t.startsWith('no'));
      shown = shown.filter((m) => (neg ? !want.includes(`no${m.fstype}`) : want.includes(m.fstype)));
    }
    const tgt = r.p.value('T');
    const op = r.p.operands[0];
    if (tgt !== undefined || op !== undefined) {
      list = true;
      if (tgt !== undefined) {
        const p = absPath(ctx.k, ctx.pid, tgt);
        const best = [...shown].filter((m) => p === m.target || p.startsWith(m.target === '/' ? '/' : `${m.target}/`)).sort((a, b) => b.target.length - a.target.length)[0];
        shown = best ? [best] : [];
      } else {
        const o = (op as string).length > 1 ? (op as string).replace(/\/$/, '') : (op as string);
        const byTarget = shown.filter((m) => m.target === (o.startsWith('/') ? o : absPath(ctx.k, ctx.pid, o)));
        shown = (byTarget.length ? byTarget : shown.filter((m) => m.source === o)).slice(-1);
      }
    }
    if (!shown.length) return { exit: 1 };
    const utf = /UTF-?8/i.test(ctx.env.LC_ALL ?? ctx.env.LC_CTYPE ?? ctx.env.LANG ?? '');
    const [mid, last, bar, gap] = utf ? ['├─', '└─', '│ ', '  '] : ['|-', '`-', '| ', '  '];
    const rows: Array<{ prefix: string; m: MountRow }> = [];
    if (list) for (const m of shown) rows.push({ prefix: '', m });
    else {
      const ids = new Set(shown.map((m) => m.id));
      const walk = (m: MountRow, lead: string, self: string) => {
        rows.push({ prefix: self, m });
        const kids = shown.filter((c) => c.parent === m.id && c.id !== m.id);
        kids.forEach((c, i) => {
          const isLast = i === kids.length - 1;
          walk(c, lead + (isLast ? gap : bar), lead + (isLast ? last : mid));
        });
      };
      for (const m of shown.filter((x) => !ids.has(x.parent) || x.parent === x.id)) walk(m, '', '');
    }
    const cells = rows.map(({ prefix, m }) => cols.map((c, i) => (i === 0 && c === 'TARGET' ? prefix : '') + (COLS[c] as (m: MountRow) => string)(m)));
    const head = r.p.has('n') ? [] : [cols];
    const table = [...head, ...cells];
    const width = cols.map((_, i) => Math.max(...table.map((row) => [...(row[i] as string)].length)));
    const right = new Set(['ID', 'PARENT']);
    const out = table.map((row) =>
      row
        .map((v, i) => {
          const pad = (width[i] as number) - [...v].length;
          if (right.has(cols[i] as string)) return ' '.repeat(pad) + v;
          return i === row.length - 1 ? v : v + ' '.repeat(pad);
        })
        .join(' '),
    );
    ctx.stdout.write(out.join('\n') + '\n');
    return { exit: 0 };
  },
};
