/**
 * Image references as Docker parses them: `[domain/]path[:tag][@digest]`
 * (distribution/reference: ParseNormalizedNamed, FamiliarString).
 *
 * Models: "alpine" is docker.io/library/alpine:latest; "learner/app" is
 * docker.io/learner/app; the first component is a registry domain when it holds
 * a "." or ":" or is "localhost" ("localhost:5000/app"); names are lowercase
 * components joined by separators (. _ __ -); tags are at most 128 word
 * characters, dots and dashes; digests are algorithm:hex.
 * SIMPLIFICATIONS: no IPv6 domain literals.
 */

export const DEFAULT_DOMAIN = 'docker.io';
export const OFFICIAL_PREFIX = 'library/';

export interface Reference {
  /** Registry host: "docker.io", "localhost:5000". */
  domain: string;
  /** Repository path on that registry: "library/alpine", "learner/app". */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

function splitDomain(name: string): { domain: string; rest: string } {
  const i = name.indexOf('/');
  if (i === -1) return { domain: DEFAULT_DOMAIN, rest: name };
  const first = name.slice(0, i);
  if (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first) {
    return { domain: first, rest: name.slice(i + 1) };
  }
  return { domain: DEFAULT_DOMAIN, rest: name };
}

/** Parse a reference as the daemon and CLI do; errors are worded as Docker's. */
export function parseReference(s: string): Reference | { error: string } {
  if (s === '') return { error: 'invalid reference format' };
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return { error: 'invalid reference format' };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return { error: 'invalid reference format' };
  }
  const { domain, rest: remainder } = splitDomain(rest);
  if (domain !== DEFAULT_DOMAIN && !DOMAIN_RE.test(domain)) return { error: 'invalid reference format' };
  let path = remainder;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  if (!PATH_RE.test(path)) {
    if (PATH_RE.test(path.toLowerCase())) return { error: `invalid reference format: repository name (${path}) must be lowercase` };
    return { error: 'invalid reference format' };
  }
  if ((domain === DEFAULT_DOMAIN ? path : `${domain}/${path}`).length > 255) {
    return { error: 'invalid reference format: repository name must not be more than 255 characters' };
  }
  const r: Reference = { domain, path };
  if (tag !== undefined) r.tag = tag;
  if (digest !== undefined) r.digest = digest;
  return r;
}

/** The repository as users write it: "alpine", "learner/app", "localhost:5000/app". */
export function familiarName(r: Pick<Reference, 'domain' | 'path'>): string {
  if (r.domain === DEFAULT_DOMAIN) return r.path.startsWith(OFFICIAL_PREFIX) ? r.path.slice(OFFICIAL_PREFIX.length) : r.path;
  return `${r.domain}/${r.path}`;
}

/** The fully qualified repository: "docker.io/library/alpine". */
export function canonicalName(r: Pick<Reference, 'domain' | 'path'>): string {
  return `${r.domain}/${r.path}`;
}

/** "alpine:latest" (the tag defaults to latest unless a digest is given). */
export function familiarTagged(r: Reference): string {
  if (r.digest && r.tag === undefined) return `${familiarName(r)}@${r.digest}`;
  return `${familiarName(r)}:${r.tag ?? 'latest'}`;
}

/** True when `s` looks like an image ID or an ID prefix ("sha256:abc..", "0a1b2c"). */
export function looksLikeId(s: string): boolean {
  return /^(sha256:)?[0-9a-f]{1,64}$/.test(s);
}
