/**
 * The Docker Engine API as the simulated dockerd speaks it: one request, one
 * response, the shapes of HTTP/1.1 over /var/run/docker.sock (docs.docker.com
 * "Engine API", API version 1.50 for Docker 28).
 *
 * The same router answers the `docker` CLI inside the simulation and, later,
 * real clients over a real socket (`container-sim serve`).
 */

import type { Engine } from '../engine.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path without the version prefix: "/containers/create". */
  path: string;
  /** Query parameters; repeated keys (names=a&names=b) give arrays. */
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Parsed JSON body, a raw string (tar archives are modelled as JSON file lists), or undefined. */
  body?: unknown;
}

/**
 * A response. Streams that Docker sends as newline-delimited JSON (pull/push
 * progress, build output, events) are `{ stream: [...] }` bodies, produced whole
 * because the simulation runs synchronously. Hijacked connections (attach,
 * exec start) answer status 101 with `hijack`, naming what the client must wire
 * its terminal to.
 */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  hijack?: { kind: 'attach'; containerId: string } | { kind: 'exec'; execId: string };
}

/** Docker's error shape: {"message": "..."} with the matching HTTP status. */
export function apiError(status: number, message: string): ApiResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: { message } };
}

export function apiJson(status: number, body: unknown): ApiResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

export interface Route {
  method: HttpMethod;
  /** "/containers/{id}/start": {name} segments become params. */
  pattern: string;
  handle(engine: Engine, req: ApiRequest, params: Record<string, string>, callerPid: number): ApiResponse;
}
