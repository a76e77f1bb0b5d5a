/**
 * Registry credentials as the CLI keeps them (~/.docker/config.json "auths",
 * written by docker login) and sends them (the X-Registry-Auth header: a
 * base64url-encoded AuthConfig JSON, "e30=" for none).
 * SIMPLIFICATIONS: no credential helpers; passwords are stored base64-encoded
 * in "auth" as docker does without a credential store.
 */

import type { CliSystem } from '../context.ts';
import { parseReference } from './reference.ts';
import { utf8Decode, utf8Encode } from './go.ts';

export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(s: string, url = false): string {
  const bytes = utf8Encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : B64[c & 63];
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

export function unbase64(s: string): string {
  const clean = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) continue;
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 255);
    }
  }
  return utf8Decode(bytes);
}

export interface ConfigFile {
  auths?: Record<string, { auth?: string }>;
  [k: string]: unknown;
}

export function configPath(sys: CliSystem): string {
  const dir = sys.env.DOCKER_CONFIG || `${sys.env.HOME ?? '/root'}/.docker`;
  return `${dir}/config.json`;
}

export function readConfig(sys: CliSystem): ConfigFile {
  const r = sys.readFile(configPath(sys));
  if ('error' in r) return {};
  try {
    const c = JSON.parse(r.data) as ConfigFile;
    return c && typeof c === 'object' ? c : {};
  } catch {
    return {};
  }
}

/** The registry a reference lives on, as the key of "auths". */
export function serverOf(image: string): string {
  const r = parseReference(image);
  if ('error' in r || r.domain === 'docker.io') return DOCKER_HUB_SERVER;
  return r.domain;
}

/** Stored credentials for a server, if any. */
export function credentialsFor(sys: CliSystem, server: string): { username: string; password: string } | null {
  const a = readConfig(sys).auths?.[server]?.auth;
  if (!a) return null;
  const plain = unbase64(a);
  const i = plain.indexOf(':');
  return i < 0 ? null : { username: plain.slice(0, i), password: plain.slice(i + 1) };
}

/** The X-Registry-Auth header for an image reference. */
export function registryAuthHeader(sys: CliSystem, image: string): string {
  const server = serverOf(image);
  const cred = credentialsFor(sys, server);
  if (!cred) return base64('{}', true);
  return base64(JSON.stringify({ username: cred.username, password: cred.password, serveraddress: server }), true);
}
