/**
 * The Engine API client the CLI uses (moby's client package): version
 * negotiation with HEAD /_ping before the first call, requests as ApiRequest
 * values, and errors worded as the client words them ("Cannot connect to the
 * Docker daemon at unix:///var/run/docker.sock. Is the docker daemon
 * running?", "Error response from daemon: <message>").
 * SIMPLIFICATIONS: the API version is fixed (1.50, Docker 28); paths are sent
 * without the /v1.50 prefix (the router accepts both).
 */

import type { ApiRequest, ApiResponse, HttpMethod } from '../../../engine/api/types.ts';
import type { Transport } from '../context.ts';

export const API_VERSION = '1.50';

export type ApiResult =
  | { ok: true; status: number; body: unknown; headers: Record<string, string>; hijack?: ApiResponse['hijack'] }
  /** status 0: could not connect. `message` is the daemon's text, `error` what the CLI prints. */
  | { ok: false; status: number; message: string; error: string; body?: unknown };

export interface RequestOpts {
  query?: Record<string, string | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiClient {
  private pinged: boolean;

  constructor(
    private readonly transport: Transport | null,
    /** The daemon address as the user would name it: "unix:///var/run/docker.sock". */
    readonly host: string,
    opts: { pinged?: boolean } = {},
  ) {
    this.pinged = !!opts.pinged;
  }

  get connected(): boolean {
    return this.transport !== null;
  }

  connectError(): string {
    return `Cannot connect to the Docker daemon at ${this.host}. Is the docker daemon running?`;
  }

  private send(req: ApiRequest): ApiResponse | null {
    if (!this.transport) return null;
    return this.transport(req);
  }

  /** HEAD /_ping (then GET /_ping if HEAD fails), once per invocation. */
  ping(): ApiResult {
    if (!this.transport) return { ok: false, status: 0, message: this.connectError(), error: this.connectError() };
    if (!this.pinged) {
      this.pinged = true;
      const r = this.send({ method: 'HEAD', path: '/_ping', query: {}, headers: {} });
      if (r && r.status !== 200) this.send({ method: 'GET', path: '/_ping', query: {}, headers: {} });
    }
    return { ok: true, status: 200, body: null, headers: {} };
  }

  request(method: HttpMethod, path: string, opts: RequestOpts = {}): ApiResult {
    const p = this.ping();
    if (!p.ok) return p;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) query[k] = v;
    const req: ApiRequest = { method, path, query, headers: { ...(opts.headers ?? {}) } };
    if (opts.body !== undefined) {
      req.body = opts.body;
      if (typeof opts.body !== 'string') req.headers['Content-Type'] = 'application/json';
    }
    const res = this.send(req);
    if (!res) return { ok: false, status: 0, message: this.connectError(), error: this.connectError() };
    if (res.status >= 400) {
      const b = res.body as { message?: unknown } | undefined;
      const message = b && typeof b === 'object' && typeof b.message === 'string' ? b.message : `${res.status}`;
      return { ok: false, status: res.status, message, error: `Error response from daemon: ${message}`, body: res.body };
    }
    const out: ApiResult = { ok: true, status: res.status, body: res.body, headers: res.headers };
    if (res.hijack) out.hijack = res.hijack;
    return out;
  }

  get(path: string, query?: RequestOpts['query']): ApiResult {
    return this.request('GET', path, { query });
  }
  post(path: string, query?: RequestOpts['query'], body?: unknown, headers?: Record<string, string>): ApiResult {
    return this.request('POST', path, { query, body, headers });
  }
  del(path: string, query?: RequestOpts['query']): ApiResult {
    return this.request('DELETE', path, { query });
  }
}

/** Path segment escaping as Go's url.PathEscape would for a name. */
export function seg(s: string): string {
  return encodeURIComponent(s);
}

/** The filters query parameter: {"key":{"value":true}} as the client encodes filters.Args (API ≥ 1.22). */
export function filtersQuery(list: string[]): string | undefined {
  if (!list.length) return undefined;
  const m: Record<string, Record<string, boolean>> = {};
  for (const f of list) {
    const i = f.indexOf('=');
    const k = f.slice(0, i).trim().toLowerCase();
    const v = f.slice(i + 1).trim();
    (m[k] ??= {})[v] = true;
  }
  // Go marshals maps with sorted keys.
  const sorted: Record<string, Record<string, boolean>> = {};
  for (const k of Object.keys(m).sort()) {
    const inner = m[k] as Record<string, boolean>;
    sorted[k] = Object.fromEntries(Object.keys(inner).sort().map((v) => [v, true]));
  }
  return JSON.stringify(sorted);
}
