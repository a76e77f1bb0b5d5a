/**
 * Path strings: splitting, joining and relating absolute paths (path_resolution(7)).
 *
 * Models: the lexical part of path handling: components separated by one or
 * more slashes, "." and ".." kept for the resolver to interpret (".." depends
 * on symlinks and mounts, so it is never folded lexically here).
 * SIMPLIFICATIONS: no PATH_MAX (4096) check; NAME_MAX (255) is checked by the resolver.
 */

/** Components of a path, empty ones dropped: "/a//b/" → ["a", "b"]. */
export function components(path: string): string[] {
  // One pass, one array: every path walk starts here (indexOf skips a component's characters natively).
  const out: string[] = [];
  const n = path.length;
  let start = 0;
  while (start < n) {
    let i = path.indexOf('/', start);
    if (i < 0) i = n;
    if (i > start) out.push(path.slice(start, i));
    start = i + 1;
  }
  return out;
}

/** Paths already split by pathComponents, at most PATH_CACHE_SIZE of them. */
const pathCache = new Map<string, readonly string[]>();
const PATH_CACHE_SIZE = 1024;

/**
 * components(), remembered per path string (the result is shared: never
 * change it). The walks of a docker run mostly name the same paths (runc's
 * /proc, /dev/pts, masked paths, /etc/passwd ...). A component sliced out of
 * a path is a new string each time, and V8 looks each such string up in its
 * table of interned strings when it is used as a property name (a directory
 * entry); a remembered component is interned once and found at once after.
 * Not state: it only saves work, and forgets everything when full.
 */
export function pathComponents(path: string): readonly string[] {
  let c = pathCache.get(path);
  if (c === undefined) {
    if (pathCache.size >= PATH_CACHE_SIZE) pathCache.clear();
    c = Object.freeze(components(path));
    pathCache.set(path, c);
  }
  return c;
}

/** Join an absolute directory path and a name: ("/", "etc") → "/etc"; ("/etc", "x") → "/etc/x". */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Paths joined by childPath, by directory path and name; at most CHILD_CACHE_SIZE directories. */
const childCache = new Map<string, Map<string, string>>();
const CHILD_CACHE_SIZE = 2048;

/**
 * joinPath() for the frames of a path walk, remembered: walking the same
 * directory to the same name gives the same string object. A walk looks each
 * frame's path up in the mount hash when a mount may sit there (lazy-copy.ts
 * mountAt), and V8 hashes a new string on its first lookup, character by
 * character (a container's paths run to ~100 characters: /var/lib/docker/
 * overlay2/<64 hex>/merged/...), then searches its interned-string table; a
 * remembered string keeps its hash and its link to the interned copy.
 * Not state: it only saves work, and forgets everything when full.
 */
export function childPath(dir: string, name: string): string {
  let m = childCache.get(dir);
  if (m === undefined) {
    if (childCache.size >= CHILD_CACHE_SIZE) childCache.clear();
    m = new Map();
    childCache.set(dir, m);
  }
  let p = m.get(name);
  if (p === undefined) {
    p = joinPath(dir, name);
    m.set(name, p);
  }
  return p;
}

/** Join two absolute paths: ("/var/x", "/etc") → "/var/x/etc"; ("/var/x", "/") → "/var/x". */
export function joinAbs(base: string, rel: string): string {
  if (rel === '/' || rel === '') return base;
  return base === '/' ? rel : base + rel;
}

/** Lexically normalised absolute path (no "."/".." handling beyond what is safe for canonical inputs). */
export function normAbs(path: string): string {
  const out: string[] = [];
  for (const c of components(path)) {
    if (c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return `/${out.join('/')}`;
}

/** Is `path` equal to or below `dir`? Both absolute and canonical. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** `path` relative to `dir` as an absolute path: ("/a/b/c", "/a") → "/b/c"; caller checks isUnder first. */
export function relTo(path: string, dir: string): string {
  if (dir === '/') return path;
  const r = path.slice(dir.length);
  return r === '' ? '/' : r;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  const c = components(path);
  return c[c.length - 1] ?? '/';
}

/** How a cgroup or mount root outside the viewer's root is shown: "/../../x" style (cgroup_namespaces(7)). */
export function relativeWithDots(path: string, root: string): string {
  if (isUnder(path, root)) return relTo(path, root);
  const p = components(path);
  const r = components(root);
  let i = 0;
  while (i < p.length && i < r.length && p[i] === r[i]) i++;
  const ups = r.slice(i).map(() => '..');
  return `/${[...ups, ...p.slice(i)].join('/')}`;
}

/** Octal escapes used by /proc/PID/mounts and mountinfo for space, tab, newline and backslash. */
export function mangle(s: string): string {
  return s.replace(/[ \t\n\\]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
