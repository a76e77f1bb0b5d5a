import { describe, expect, it } from 'vitest';
import { boot, fork, must } from '../../process/testkit.ts';
import { isErr } from '../../errno.ts';
import { stat } from './ops-read.ts';
import { writeFile, mkdirAll, symlink } from './ops-write.ts';
import { chdir } from './ops-cwd.ts';

function shell() {
  const b = boot();
  const sh = fork(b.k, 1, { comm: 'bash', argv: ['-bash'] });
  return { ...b, pid: sh.pid as number };
}

function created(k: ReturnType<typeof boot>['k'], run: () => unknown): string[] {
  const out: string[] = [];
  const orig = k.emit.bind(k);
  k.emit = ((e: { type: string; name?: string }) => {
    if (e.type === 'fs.created' && e.name) out.push(e.name);
    return orig(e as never);
  }) as typeof k.emit;
  try {
    run();
  } finally {
    k.emit = orig;
  }
  return out;
}

describe('mkdirAll (mkdir -p)', () => {
  it('makes only the missing directories, top down, with the mode given', () => {
    const { k, pid } = shell();
    const names = created(k, () => must(mkdirAll(k, pid, '/srv/a/b/c', 0o710)));
    expect(names).toEqual(['a', 'b', 'c']);
    expect(must(stat(k, pid, '/srv/a/b/c')).perm).toBe(0o710);
    expect(created(k, () => must(mkdirAll(k, pid, '/srv/a/b/c/')))).toEqual([]);
    expect(created(k, () => must(mkdirAll(k, pid, '/srv/a/b/c/d//')))).toEqual(['d']);
    expect(mkdirAll(k, pid, '/')).toBe(true);
  });

  it('fails with ENOTDIR when a file is in the way, at the end or in the middle', () => {
    const { k, pid } = shell();
    must(writeFile(k, pid, '/tmp/f', 'x'));
    const end = mkdirAll(k, pid, '/tmp/f');
    expect(isErr(end) && end.errno).toBe('ENOTDIR');
    const mid = mkdirAll(k, pid, '/tmp/f/g/h');
    expect(isErr(mid) && mid.errno).toBe('ENOTDIR');
  });

  it('follows symlinks to directories and reports a dangling one as ENOENT', () => {
    const { k, pid } = shell();
    must(mkdirAll(k, pid, '/tmp/real'));
    must(symlink(k, pid, '/tmp/real', '/tmp/link'));
    must(mkdirAll(k, pid, '/tmp/link/x/y'));
    expect(must(stat(k, pid, '/tmp/real/x/y')).type).toBe('dir');
    must(symlink(k, pid, '/tmp/nowhere', '/tmp/dangling'));
    const r = mkdirAll(k, pid, '/tmp/dangling/z');
    expect(isErr(r) && r.errno).toBe('ENOENT');
  });

  it('resolves relative paths from the cwd', () => {
    const { k, pid } = shell();
    must(chdir(k, pid, '/tmp'));
    must(mkdirAll(k, pid, 'p/q'));
    expect(must(stat(k, pid, '/tmp/p/q')).type).toBe('dir');
  });
});
