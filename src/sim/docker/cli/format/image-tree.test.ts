/**
 * docker images --tree against what the real docker 28.2.2 client printed for
 * the same /images/json?manifests=1 answers (a stub daemon served them; the
 * terminal cases ran under a pty of the given width).
 */

import { describe, expect, it } from 'vitest';
import { isDangling, renderImageTree, type ApiImageSummaryWithManifests, type ApiManifestSummary } from './image-tree.ts';

const id = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;
const img = (o: Partial<ApiImageSummaryWithManifests>): ApiImageSummaryWithManifests => ({ Containers: -1, Created: 1, Id: id('0'), RepoDigests: [], RepoTags: [], SharedSize: -1, Size: 0, ...o });
const man = (c: string, kind: string, o: Partial<ApiManifestSummary> = {}): ApiManifestSummary => ({ ID: id(c), Available: true, Size: { Total: 10, Content: 7 }, Kind: kind, ...o });

const WARN = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on.\n";
const LEGEND80 = `${' '.repeat(62)}Info ->  U In Use \n\n`;
const H = (s: string) => `\x1b[39m\x1b[1m${s}\x1b[0m`;

/** A multi-platform image in use, an untagged one, a long name, a <none>:<none> one. */
const MIXED: ApiImageSummaryWithManifests[] = [
  img({
    Containers: 2,
    Created: 1759921537,
    Id: 'sha256:706db57fb206d0bcfae8a5bd21d14a5339ab356aff1d0de826b647df2021a280',
    RepoTags: ['alpine:latest', 'alpine:3.22'],
    Size: 8311000,
    Manifests: [
      man('a', 'image', { ID: `sha256:aaaa${'1'.repeat(60)}`, Size: { Total: 9000000, Content: 3800000 }, ImageData: { Platform: { architecture: 'amd64', os: 'linux' }, Containers: ['c1'] } }),
      man('b', 'image', { ID: `sha256:bbbb${'2'.repeat(60)}`, Available: false, Size: { Total: 3900000, Content: 3900000 }, ImageData: { Platform: { architecture: 'arm64', os: 'linux', variant: 'v8' }, Containers: [] } }),
      man('c', 'attestation', { Size: { Total: 1000, Content: 1000 } }),
    ],
  }),
  img({ Created: 1769921537, Id: `sha256:deadbeef0000${'d'.repeat(52)}`, Size: 123456789 }),
  img({ Containers: 0, Created: 1709921537, Id: `sha256:0123456789ab${'0'.repeat(52)}`, RepoDigests: ['x@sha256:1'], RepoTags: ['<none>:<none>'], Size: 0 }),
  img({ Containers: 1, Created: 1739921537, Id: `sha256:feedface0000${'f'.repeat(52)}`, RepoTags: ['registry.example.com/a/very/long/repository/name/that/goes/on:and-a-long-tag-too'], Size: 2000000000 }),
];

describe('docker images --tree', () => {
  it('draws platforms under their image, newest first, dangling images only with -a (not a terminal)', () => {
    const body =
      'alpine:latest\n' +
      'alpine:3.22                     706db57fb206       8.31MB          7.7MB   U    \n' +
      '├─ linux/amd64                  aaaa11111111          9MB          3.8MB   U    \n' +
      '└─ linux/arm64/v8               bbbb22222222        3.9MB          3.9MB        \n\n' +
      'registry.example.com/a/very/…   feedface0000          2GB             0B   U    \n\n' +
      '<none>:<none>                   0123456789ab           0B             0B        \n\n';
    const header = `${H('IMAGE')}                           ${H('ID')}             ${H('DISK USAGE')}   ${H('CONTENT SIZE')}   ${H('EXTRA')}\n`;
    expect(renderImageTree(MIXED, { all: false, tty: false, cols: null })).toBe(WARN + LEGEND80 + header + body);
    const untagged = '<untagged>                      deadbeef0000        123MB             0B        \n\n';
    expect(renderImageTree(MIXED, { all: true, tty: false, cols: null })).toBe(WARN + LEGEND80 + header + untagged + body);
  });

  it('fits the columns to the terminal, in colour', () => {
    const out = renderImageTree(MIXED, { all: false, tty: true, cols: 57 });
    expect(out).toBe(
      `\x1b[93m${WARN.trimEnd()}\x1b[0m\n` +
        `${' '.repeat(36)}\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m \x1b[38;5;0m\x1b[48;5;14m U \x1b[0m In Use \n\n` +
        `${H('IMAGE')}            ${H('ID')}             ${H('DISK USAGE')}   ${H('CONTENT SIZE')}\n` +
        '\x1b[34m\x1b[1malpine:latest\x1b[0m\n' +
        '\x1b[34m\x1b[1malpine:3.22\x1b[0m      \x1b[39m706db57fb206\x1b[0m       \x1b[39m8.31MB\x1b[0m          \x1b[39m7.7MB\x1b[0m\n' +
        '\x1b[39m├─ linux/amd64\x1b[0m   \x1b[39maaaa11111111\x1b[0m          \x1b[39m9MB\x1b[0m          \x1b[39m3.8MB\x1b[0m\n' +
        '\x1b[39m\x1b[2m└─ linux/arm6…\x1b[0m   \x1b[39m\x1b[2mbbbb22222222\x1b[0m        \x1b[39m\x1b[2m3.9MB\x1b[0m          \x1b[39m\x1b[2m3.9MB\x1b[0m\n\n' +
        '\x1b[34m\x1b[1mregistry.exam…\x1b[0m   \x1b[39mfeedface0000\x1b[0m          \x1b[39m2GB\x1b[0m             \x1b[39m0B\x1b[0m\n\n' +
        '\x1b[34m\x1b[1m<none>:<none>\x1b[0m    \x1b[39m0123456789ab\x1b[0m           \x1b[39m0B\x1b[0m             \x1b[39m0B\x1b[0m\n\n',
    );
  });

  it('marks images in use only when some platform is in use; content size counts every manifest', () => {
    const list = [
      img({ Containers: 3, Created: 5, Id: id('a'), RepoTags: ['A'], Size: 1, Manifests: [] }),
      img({ Containers: 3, Created: 4, Id: id('b'), RepoTags: ['B'], Size: 1, Manifests: [man('7', 'image', { ImageData: { Platform: { os: 'linux', architecture: 'amd64' }, Containers: [] } })] }),
      img({ Containers: 3, Created: 3, Id: id('c'), RepoTags: ['C'], Size: 1, Manifests: [man('8', 'attestation')] }),
      img({ Containers: 0, Created: 1, Id: id('e'), RepoTags: ['E'], Size: 1, Manifests: [man('9', 'image', { Available: false, ImageData: { Platform: { os: '', architecture: 'amd64' }, Containers: ['x'] } })] }),
    ];
    const lines = renderImageTree(list, { all: true, tty: false, cols: null }).split('\n').slice(4);
    expect(lines).toEqual([
      'A                    aaaaaaaaaaaa           1B             0B   U    ',
      '',
      'B                    bbbbbbbbbbbb           1B             7B   U    ',
      '└─ linux/amd64       777777777777          10B             7B        ',
      '',
      'C                    cccccccccccc           1B             7B   U    ',
      '',
      'E                    eeeeeeeeeeee           1B             7B   U    ',
      '└─ unknown           999999999999          10B             7B   U    ',
      '',
      '',
    ]);
    // Without a platform in use anywhere, Containers > 0 marks nothing; no platforms, no blank lines.
    const plain = [img({ Containers: 3, Created: 5, Id: id('a'), RepoTags: ['aaa'], Size: 1000 }), img({ Containers: 1, Created: 4, Id: id('e'), RepoTags: ['eee'], Size: 1000, Manifests: [man('1', 'unknown')] })];
    expect(renderImageTree(plain, { all: false, tty: false, cols: null }).split('\n').slice(4)).toEqual(['aaa     aaaaaaaaaaaa          1kB             0B        ', 'eee     eeeeeeeeeeee          1kB             7B        ', '']);
  });

  it('prints tags longest first; on a terminal the extra ones are cut to its width', () => {
    const list = [img({ Id: id('1'), RepoTags: [`${'z'.repeat(39)}:1`, `${'y'.repeat(38)}:1`, 'a:1'], Size: 1 })];
    expect(renderImageTree(list, { all: false, tty: true, cols: 40 }).split('\n').slice(4)).toEqual([
      `\x1b[34m\x1b[1m${'z'.repeat(39)}…\x1b[0m`,
      `\x1b[34m\x1b[1m${'y'.repeat(38)}:…\x1b[0m`,
      '\x1b[34m\x1b[1ma:1\x1b[0m            \x1b[39m111111111111\x1b[0m           \x1b[39m1B\x1b[0m',
      '',
    ]);
    const plain = renderImageTree(list, { all: false, tty: false, cols: null }).split('\n');
    expect(plain[4]).toBe(`${'z'.repeat(39)}:1`);
  });

  it('hides dangling images as list.go decides', () => {
    expect(isDangling(img({ RepoTags: null, RepoDigests: null }))).toBe(true);
    expect(isDangling(img({ RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }))).toBe(true);
    expect(isDangling(img({ RepoTags: [], RepoDigests: ['a@sha256:1'] }))).toBe(false);
    expect(isDangling(img({ RepoTags: ['<none>:<none>'], RepoDigests: [] }))).toBe(false);
  });

  it('keeps only the IMAGE column on a very narrow terminal', () => {
    const out = renderImageTree([], { all: false, tty: true, cols: 10 });
    expect(out.split('\n').slice(3)).toEqual([H('IMAGE'), '']);
  });
});
