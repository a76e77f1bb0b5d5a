/**
 * Registry credentials: `docker login` (POST /auth) against the simulated
 * Docker Hub, and who a push or pull is authenticated as.
 *
 * Models: the daemon checking credentials with the registry (registry/auth.go)
 * and the X-Registry-Auth header the CLI sends with push/pull (base64url JSON
 * {username, password, serveraddress}), Docker Hub's errors.
 * SIMPLIFICATIONS: simulated Docker Hub accounts: "learner" with password
 * "docker123" and "student" with "student123"; any other user name is
 * accepted with a password of at least 8 characters (as if the account
 * existed), shorter ones are refused. Private registries (localhost:5000)
 * accept anyone. The daemon also remembers the last login per registry so that
 * a client that does not send X-Registry-Auth still pushes as that user.
 */

import type { Engine } from '../engine.ts';
import type { ApiResponse } from '../api/types.ts';
import { apiError, apiJson } from '../api/types.ts';

export const HUB_SERVER = 'https://index.docker.io/v1/';

export const HUB_ACCOUNTS: Readonly<Record<string, string>> = { learner: 'docker123', student: 'student123' };

export function checkCredentials(server: string, username: string, password: string): string | null {
  if (!isHub(server)) return null;
  if (!username || !password) return 'unauthorized: incorrect username or password';
  const known = HUB_ACCOUNTS[username];
  if (known !== undefined) return known === password ? null : 'unauthorized: incorrect username or password';
  return password.length >= 8 ? null : 'unauthorized: incorrect username or password';
}

export function isHub(server: string): boolean {
  return server === '' || server === HUB_SERVER || server === 'docker.io' || server === 'index.docker.io' || server === 'registry-1.docker.io' || server === 'https://index.docker.io/v1';
}

/** POST /auth. */
export function login(engine: Engine, body: unknown): ApiResponse {
  const b = (body ?? {}) as { username?: string; password?: string; serveraddress?: string };
  const server = b.serveraddress || HUB_SERVER;
  const err = checkCredentials(server, b.username ?? '', b.password ?? '');
  if (err) {
    const host = isHub(server) ? 'registry-1.docker.io' : server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return apiError(401, `Get "https://${host}/v2/": ${err}`);
  }
  engine.emit({ type: 'image.loggedIn', server: isHub(server) ? HUB_SERVER : server, username: b.username ?? '' });
  return apiJson(200, { IdentityToken: '', Status: 'Login Succeeded' });
}

function b64decode(s: string): string | null {
  const std = s.replace(/-/g, '+').replace(/_/g, '/');
  const pad = std + '='.repeat((4 - (std.length % 4)) % 4);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const c of pad) {
    if (c === '=') break;
    const v = chars.indexOf(c);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** The user a request acts as on a registry: from X-Registry-Auth, else the daemon's last login there. */
export function authUser(engine: Engine, headers: Record<string, string>, server: string): string | null {
  const h = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-registry-auth')?.[1];
  if (h) {
    const txt = b64decode(h);
    if (txt) {
      try {
        const a = JSON.parse(txt) as { username?: string; password?: string; serveraddress?: string; identitytoken?: string };
        if (a.username && !checkCredentials(server, a.username, a.password ?? '')) return a.username;
      } catch {
        // fall through
      }
    }
  }
  return engine.state.images.auths[isHub(server) ? HUB_SERVER : server] ?? null;
}
