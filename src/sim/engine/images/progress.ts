/**
 * Pull progress as the daemon streams it: JSON messages per layer with
 * progress bars, scheduled in virtual time.
 *
 * Models: moby's distribution/xfer transfer managers (3 concurrent downloads,
 * --max-concurrent-downloads; extraction in layer order as each download
 * completes) and jsonmessage.JSONProgress's bar ("[====>    ]  1.2MB/3.6MB").
 * Pacing: the simulated link to the registry runs at 200 Mbit/s down (25 MB/s,
 * a fast home or office line: `docker pull nginx`, about 70 MB compressed,
 * takes some 3 s; postgres, about 150 MB, some 6 s) and 40 Mbit/s up (5 MB/s,
 * push.ts); layers unpack at 200 MB/s of uncompressed data. The daemon sends
 * every message with its offset; the CLI prints each when it is due, so the
 * virtual clock moves by the transfer's duration.
 * SIMPLIFICATIONS: a fixed link speed shared by the active downloads; a fixed
 * extraction speed; two progress updates per download and extraction.
 */

export interface JsonMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message: string };
  aux?: unknown;
}

/** Bytes per ms of the simulated Internet link, downstream (200 Mbit/s = 25 MB/s). */
export const DOWNLOAD_BYTES_PER_MS = 25_000;
/** Bytes per ms upstream (40 Mbit/s = 5 MB/s): `docker push`. */
export const UPLOAD_BYTES_PER_MS = 5_000;
/** Bytes per ms of unpacking (uncompressed, 200 MB/s). */
export const EXTRACT_BYTES_PER_MS = 200_000;
export const MAX_CONCURRENT_DOWNLOADS = 3;
/** Registry round trips before the first layer line (token, manifest, config). */
export const RESOLVE_MS = 350;

/** go-units HumanSize: 3 significant digits, decimal units. */
export function humanSize(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  let num = Number(v.toPrecision(4)).toString();
  // At most three decimals (only a string longer than that can need cutting).
  const dot = num.indexOf('.');
  if (dot > 0 && num.length > dot + 4) num = num.replace(/^(\d+\.\d{0,3}).*$/, '$1');
  return `${num}${units[i]}`;
}

/** go-units HumanSizeWithPrecision(n, 3), as `docker images` prints sizes. */
export function humanSize3(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** JSONProgress.String() for a wide terminal: "[==>    ]  1.2MB/3.64MB". */
export function progressBar(current: number, total: number): string {
  let pct = Math.floor(Math.floor((current / total) * 100) / 2);
  if (pct > 50) pct = 50;
  const spaces = Math.max(0, 50 - pct);
  const bar = `[${'='.repeat(pct)}>${' '.repeat(spaces)}] `;
  const numbers = `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  return bar + numbers;
}

export interface PullLayer {
  /** 12-character short id shown per line. */
  id: string;
  blobSize: number;
  size: number;
  /** Present locally: "Already exists", no download. */
  exists: boolean;
}

export interface Timed {
  t: number;
  msg: JsonMessage;
}

function msg(status: string, id: string, detail: { current?: number; total?: number } = {}): JsonMessage {
  const m: JsonMessage = { status, progressDetail: detail, id };
  if (detail.current !== undefined && detail.total !== undefined) m.progress = progressBar(detail.current, detail.total);
  return m;
}

/** The per-layer messages of a pull, each at its virtual time offset (ms), and the pull's duration. */
export function schedulePull(layers: PullLayer[]): { messages: Timed[]; durationMs: number } {
  const out: Timed[] = [];
  let seq = 0;
  const at = (t: number, m: JsonMessage): void => {
    out.push({ t: t + seq++ * 1e-6, msg: m });
  };
  const t0 = RESOLVE_MS;
  for (const l of layers) at(t0, l.exists ? { status: 'Already exists', progressDetail: {}, id: l.id } : msg('Pulling fs layer', l.id));
  const todo = layers.filter((l) => !l.exists);
  todo.slice(MAX_CONCURRENT_DOWNLOADS).forEach((l) => at(t0, msg('Waiting', l.id)));
  // Downloads: up to three at a time sharing the link.
  const done = new Map<string, number>();
  const remaining = new Map(todo.map((l) => [l.id, l.blobSize]));
  const queue = [...todo];
  const active: PullLayer[] = [];
  let now = t0 + 20;
  const start = (l: PullLayer): void => {
    active.push(l);
    at(now, msg('Downloading', l.id, { current: Math.min(l.blobSize, 32768 + (l.blobSize % 4096)), total: l.blobSize }));
  };
  while (queue.length && active.length < MAX_CONCURRENT_DOWNLOADS) start(queue.shift() as PullLayer);
  const halfShown = new Set<string>();
  while (active.length) {
    const rate = DOWNLOAD_BYTES_PER_MS / active.length;
    let next = active[0] as PullLayer;
    for (const l of active) if ((remaining.get(l.id) ?? 0) < (remaining.get(next.id) ?? 0)) next = l;
    const dt = Math.max(1, (remaining.get(next.id) ?? 0) / rate);
    for (const l of active) {
      const left = (remaining.get(l.id) ?? 0) - rate * dt;
      if (!halfShown.has(l.id) && left <= l.blobSize / 2 && l !== next) {
        halfShown.add(l.id);
        at(now + dt / 2, msg('Downloading', l.id, { current: Math.floor(l.blobSize / 2), total: l.blobSize }));
      }
      remaining.set(l.id, Math.max(0, left));
    }
    now += dt;
    active.splice(active.indexOf(next), 1);
    at(now, msg('Verifying Checksum', next.id));
    at(now, msg('Download complete', next.id));
    done.set(next.id, now);
    if (queue.length) start(queue.shift() as PullLayer);
  }
  // Extraction in layer order, each after its download and the previous extraction.
  let ext = t0;
  for (const l of todo) {
    const begin = Math.max(ext, done.get(l.id) ?? ext);
    const dur = Math.max(5, l.size / EXTRACT_BYTES_PER_MS);
    at(begin, msg('Extracting', l.id, { current: Math.min(l.blobSize, 65536), total: l.blobSize }));
    if (l.blobSize > 1_000_000) at(begin + dur / 2, msg('Extracting', l.id, { current: Math.floor(l.blobSize / 2), total: l.blobSize }));
    ext = begin + dur;
    at(ext, msg('Pull complete', l.id));
  }
  out.sort((a, b) => a.t - b.t);
  const end = Math.max(ext, now, t0) + 15;
  return { messages: out.map((m) => ({ t: Math.round(m.t), msg: m.msg })), durationMs: Math.round(end) };
}
