/**
 * The service worker that makes the built app work offline after its first
 * load (built to dist/sw.js by vite-plugin.ts, registered by register.ts in
 * production builds only).
 *
 * - Install: precache every file of the build (the shell, the simulator,
 *   xterm, each view, the lesson panel and the course) into a cache named
 *   after the build's version, so one build's files never mix with another's.
 * - Fetch: cache first for GET requests inside the scope; a page navigation
 *   gets the cached index.html (any sub-path, any query). Anything not
 *   precached (a chunk loaded on demand by a later feature, such as an editor)
 *   is fetched and kept in the same cache once it has loaded.
 * - Update: a new build changes this file (its manifest line), so the browser
 *   installs the new worker beside the old one; it waits until the page
 *   asks it to take over (SKIP_WAITING, after the learner agrees to reload)
 *   or until no page uses the old one, then deletes the old caches.
 * Scope: wherever dist/ is served (the registration is relative), so no
 * special headers or server configuration are needed.
 */

interface Manifest {
  version: string;
  /** Paths relative to the worker's own URL: "./index.html", "./assets/...". */
  files: string[];
}

interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
}
interface WorkerScope {
  __CS_PRECACHE__?: Manifest;
  registration: { scope: string };
  location: { href: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEventLike) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEventLike) => void): void;
}

const sw = self as unknown as WorkerScope;
// The build prepends `self.__CS_PRECACHE__ = {...};` (see vite-plugin.ts).
const manifest: Manifest = sw.__CS_PRECACHE__ ?? { version: 'dev', files: [] };
const PREFIX = 'container-sim-';
const CACHE = `${PREFIX}${manifest.version}`;
const INDEX = new URL('./index.html', sw.location.href).href;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches.open(CACHE).then((cache) =>
      // cache: 'reload' skips the HTTP cache, so a stale copy never enters a new version.
      cache.addAll(manifest.files.map((f) => new Request(new URL(f, sw.location.href).href, { cache: 'reload' }))),
    ),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('message', (e) => {
  if (e.data === 'SKIP_WAITING') e.waitUntil(sw.skipWaiting());
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || !req.url.startsWith(sw.registration.scope)) return;
  e.respondWith(respond(req));
});

async function respond(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  if (req.mode === 'navigate') {
    const page = await cache.match(INDEX);
    if (page) return page;
    return fetch(req);
  }
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.type === 'basic') await cache.put(req, res.clone());
  return res;
}
