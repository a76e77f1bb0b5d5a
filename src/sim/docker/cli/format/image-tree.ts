/**
 * `docker images --tree` (docker 28.2.2, cli/command/image/tree.go): the
 * experimental tree view of GET /images/json?manifests=1. One entry per
 * image, newest first: its tags one per line, longest first (or <untagged>), then its ID,
 * disk usage (Size), content size (the sum of its manifests' content) and
 * EXTRA (a "U" chip when a container uses it); under it, one line per
 * platform manifest ("├─ linux/amd64", "└─ linux/arm64/v8") with the same
 * columns. Columns are fitted to the terminal (80 columns when stdout is not
 * one): the IMAGE column is as narrow as its widest name, and columns that
 * would leave it under 12 are dropped.
 * What 28.2.2 does that looks accidental, kept because the real client does it
 * (checked byte for byte with a stub daemon answering crafted image lists):
 * - the header is coloured (ANSI bold) even when stdout is not a terminal;
 * - dangling images are hidden without -a only when they have neither tags
 *   nor digests, or exactly <none>:<none> and <none>@<none>;
 * - the widest IMAGE value is measured in bytes ("└─ " counts 7), <untagged>
 *   is not measured at all (it gets cut to "<unt…" beside short names);
 * - the content size counts every manifest (attestations too), while only
 *   image manifests get a line;
 * - the "U" chip shows only when at least one platform manifest of some
 *   image is in use: an image used by a container (Containers > 0) without
 *   such a manifest anywhere in the list shows no chip.
 * With the overlay2 image store (the simulated daemon's) the list carries no
 * manifests and Containers is -1, so there are no platform lines, every
 * content size is 0B and no image is marked in use, as with real dockerd.
 * SIMPLIFICATIONS: images created in the same second keep the daemon's order
 * (Go's sort.Slice is not stable for more than 12 images).
 */

import { humanSizeWithPrecision } from './units.ts';
import { truncateID } from './display.ts';
import { utf8Encode } from '../util/go.ts';
import type { ApiImageSummary } from './image.ts';

/** image.ManifestSummary, as much of it as the tree reads. */
export interface ApiManifestSummary {
  ID: string;
  Available?: boolean;
  Size?: { Total?: number; Content?: number };
  Kind?: string;
  ImageData?: { Platform?: { os?: string; architecture?: string; variant?: string }; Containers?: string[] | null } | null;
}

export type ApiImageSummaryWithManifests = ApiImageSummary & { Manifests?: ApiManifestSummary[] | null };

interface Details {
  id: string;
  diskUsage: string;
  inUse: boolean;
  contentSize: string;
}

interface TopImage {
  names: string[];
  details: Details;
  children: Array<{ platform: string; available: boolean; details: Details }>;
}

/** An aec colour's Apply: its codes, the text, a reset; noColor leaves the text alone. */
type Color = (s: string) => string;
const ansi =
  (codes: string): Color =>
  (s) =>
    `${codes}${s}\x1b[0m`;
const noColor: Color = (s) => s;

const WARNING = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.";
const IN_USE_FANCY = '\x1b[38;5;0m\x1b[48;5;14m U \x1b[0m';
const LEGEND_FANCY = `\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m ${IN_USE_FANCY} In Use `;
const LEGEND_PLAIN = 'Info ->  U In Use ';
const COLUMN_SPACING = 3;
const SUB_PREFIX_BYTES = 7; // len("└─ ") in Go: two 3-byte runes and a space

/** The width a terminal shows (ANSI escapes take none). */
function visibleWidth(s: string): number {
  // eslint-disable-next-line no-control-regex -- SGR escapes (ESC [ ... m) take no columns
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

function byteLength(s: string): number {
  return utf8Encode(s).length;
}

/** The tree's cut: keep width-1 runes and add "…". */
function cut(s: string, width: number): string {
  return `${[...s].slice(0, Math.max(0, width - 1)).join('')}…`;
}

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  value?: (d: Details) => string;
  color?: Color;
}

function print(col: Column, clr: Color, s: string): string {
  const n = visibleWidth(s);
  if (n > col.width) return clr(cut(s, col.width));
  const pad = ' '.repeat(col.width - n);
  return col.align === 'right' ? pad + clr(s) : clr(s) + pad;
}

/** platforms.Format: os/architecture/variant, "unknown" without an OS. */
function platformString(p: { os?: string; architecture?: string; variant?: string } | undefined): string {
  if (!p?.os) return 'unknown';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** list.go's isDangling: what --tree hides without -a. */
export function isDangling(img: ApiImageSummary): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

/**
 * An image's tags, longest first, one per line: all but the last as they are
 * (on a terminal cut to its real width, not the 20 columns the table keeps at
 * least, when they take as many bytes as it has columns), the last in the
 * IMAGE column, its details beside it.
 */
function names(tags: string[], first: Column, clr: Color, termWidth: number | null): string {
  const sorted = [...tags].sort((a, b) => b.length - a.length);
  return sorted
    .map((n, i) => {
      if (i === sorted.length - 1) return print(first, clr, n);
      return clr(termWidth !== null && byteLength(n) >= termWidth ? cut(n, termWidth) : n);
    })
    .join('\n');
}

function view(images: ApiImageSummaryWithManifests[]): { tops: TopImage[]; spacing: boolean; childInUse: boolean } {
  let spacing = false;
  let childInUse = false;
  const tops = images.map((img) => {
    const details: Details = { id: img.Id, diskUsage: humanSizeWithPrecision(img.Size, 3), inUse: (img.Containers ?? 0) > 0, contentSize: '' };
    let content = 0;
    const children: TopImage['children'] = [];
    for (const m of img.Manifests ?? []) {
      content += m.Size?.Content ?? 0;
      if (m.Kind !== 'image') continue;
      const used = (m.ImageData?.Containers ?? []).length > 0;
      if (used) details.inUse = childInUse = true;
      children.push({
        platform: platformString(m.ImageData?.Platform),
        available: m.Available === true,
        details: { id: m.ID, diskUsage: humanSizeWithPrecision(m.Size?.Total ?? 0, 3), inUse: used, contentSize: humanSizeWithPrecision(m.Size?.Content ?? 0, 3) },
      });
      spacing = true;
    }
    details.contentSize = humanSizeWithPrecision(content, 3);
    return { top: { names: img.RepoTags ?? [], details, children }, created: img.Created };
  });
  // Newest first (a stable sort: equal times keep the daemon's order).
  tops.sort((a, b) => b.created - a.created);
  return { tops: tops.map((t) => t.top), spacing, childInUse };
}

export interface TreeOptions {
  /** -a: keep dangling images. */
  all: boolean;
  /** Is stdout a terminal (colours); its width in columns (null: 80). */
  tty: boolean;
  cols: number | null;
}

/** The whole output of `docker images --tree` for an /images/json?manifests=1 answer. */
export function renderImageTree(list: ApiImageSummaryWithManifests[], o: TreeOptions): string {
  const { tops, spacing, childInUse } = view(o.all ? list : list.filter((i) => !isDangling(i)));
  let width = o.tty && o.cols ? o.cols : 80;
  if (width < 20) width = 20;
  // 28.2.2 leaves the header's colour on when stdout is not a terminal.
  const headerColor = ansi('\x1b[39m\x1b[1m');
  const topNameColor = o.tty ? ansi('\x1b[34m\x1b[1m') : noColor;
  const normalColor = o.tty ? ansi('\x1b[39m') : noColor;
  const faintColor = o.tty ? ansi('\x1b[39m\x1b[2m') : noColor;
  const inUseChip = o.tty ? IN_USE_FANCY : 'U';

  let out = `${o.tty ? `\x1b[93m${WARNING}\x1b[0m` : WARNING}\n`;
  const legend = o.tty ? LEGEND_FANCY : LEGEND_PLAIN;
  out += `${' '.repeat(Math.max(0, width - visibleWidth(legend)))}${legend}\n\n`;

  let columns: Column[] = [
    { title: 'Image', width: 0, align: 'left' },
    { title: 'ID', width: 12, align: 'left', value: (d) => truncateID(d.id) },
    { title: 'Disk usage', width: 10, align: 'right', value: (d) => d.diskUsage },
    { title: 'Content size', width: 12, align: 'right', value: (d) => d.contentSize },
    { title: 'Extra', width: 5, align: 'left', color: noColor, value: (d) => (d.inUse && childInUse ? inUseChip : '') },
  ];
  let nameWidth = width;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as Column;
    if (c.width === 0) continue;
    const d = c.width + (i > 0 ? COLUMN_SPACING : 0);
    if (nameWidth - d < 12) {
      columns = columns.slice(0, i);
      break;
    }
    nameWidth -= d;
  }
  let widest = byteLength('Image');
  for (const t of tops) {
    for (const n of t.names) widest = Math.max(widest, byteLength(n));
    for (const c of t.children) widest = Math.max(widest, byteLength(c.platform) + SUB_PREFIX_BYTES);
  }
  const first = { ...(columns[0] as Column), width: Math.min(nameWidth, widest) };
  columns[0] = first;

  out += `${columns.map((c) => print(c, headerColor, c.title.toUpperCase())).join(' '.repeat(COLUMN_SPACING))}\n`;
  const details = (clr: Color, d: Details): string => {
    let s = '';
    for (const c of columns) if (c.value) s += ' '.repeat(COLUMN_SPACING) + print(c, c.color ?? clr, c.value(d));
    return s;
  };
  for (const t of tops) {
    out += names(t.names, first, topNameColor, o.tty && o.cols ? o.cols : null) || print(first, faintColor, '<untagged>');
    out += details(normalColor, t.details);
    if (t.children.length || spacing) out += '\n';
    t.children.forEach((c, i) => {
      const clr = c.available ? normalColor : faintColor;
      out += print(first, clr, `${i === t.children.length - 1 ? '└─ ' : '├─ '}${c.platform}`) + details(clr, c.details) + '\n';
    });
    out += '\n';
  }
  return out;
}
