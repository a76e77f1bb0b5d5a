/**
 * Image references as github.com/distribution/reference parses them:
 * [domain[:port]/]path[:tag][@digest], normalised to docker.io/library/... for
 * Docker Hub official images, with the library's error texts ("invalid
 * reference format", "... repository name (library/UPPER) must be lowercase").
 */

export interface ImageRef {
  /** Registry host (docker.io for Docker Hub). */
  domain: string;
  /** Repository path without the domain: "library/alpine". */
  path: string;
  tag?: string;
  digest?: string;
}

const ALNUM = '[a-z0-9]+';
const SEP = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEP}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const TAG_RE = new RegExp(`^${TAG}$`);

export const DEFAULT_DOMAIN = 'docker.io';

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let rest: string;
  const first = i < 0 ? '' : name.slice(0, i);
  if (i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    rest = name;
  } else {
    domain = first;
    rest = name.slice(i + 1);
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !rest.includes('/')) rest = `library/${rest}`;
  return [domain, rest];
}

/** reference.Parse on a full name; errors as the library words them. */
function parseFull(s: string): ImageRef | { error: string } {
  const m = REFERENCE.exec(s);
  if (!m) {
    if (s === '') return { error: 'repository name must have at least one component' };
    if (REFERENCE.test(s.toLowerCase())) return { error: 'repository name must be lowercase' };
    return { error: 'invalid reference format' };
  }
  const name = m[1] as string;
  if (name.length > 255) return { error: 'repository name must not be more than 255 characters' };
  const slash = name.indexOf('/');
  return { domain: name.slice(0, slash), path: name.slice(slash + 1), tag: m[2], digest: m[3] };
}

/** Answers of parseReference by the text parsed (a pure function of it); each caller gets its own copy. */
const parsedRefs = new Map<string, Readonly<ImageRef> | Readonly<{ error: string }>>();
const PARSED_REFS_MAX = 256;

/** reference.ParseNormalizedNamed ("alpine" → docker.io/library/alpine). */
export function parseReference(s: string): ImageRef | { error: string } {
  let r = parsedRefs.get(s);
  if (r === undefined) {
    r = Object.freeze(parseNormalized(s));
    if (parsedRefs.size >= PARSED_REFS_MAX) parsedRefs.clear();
    parsedRefs.set(s, r);
  }
  return 'error' in r ? { error: r.error } : { domain: r.domain, path: r.path, tag: r.tag, digest: r.digest };
}

function parseNormalized(s: string): ImageRef | { error: string } {
  if (/^[a-f0-9]{64}$/.test(s)) return { error: `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings` };
  const [domain, rest] = splitDockerDomain(s);
  const colon = rest.indexOf(':');
  const remote = colon >= 0 ? rest.slice(0, colon) : rest;
  if (remote.toLowerCase() !== remote) return { error: `invalid reference format: repository name (${remote}) must be lowercase` };
  const r = parseFull(`${domain}/${rest}`);
  if ('error' in r) return { error: r.error === 'invalid reference format' || r.error.startsWith('repository') ? `invalid reference format` : r.error };
  return r;
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** The full name: "docker.io/library/alpine". */
export function fullName(r: ImageRef): string {
  return `${r.domain}/${r.path}`;
}

/** reference.FamiliarName: "alpine", "user/app", "localhost:5000/app". */
export function familiarName(r: ImageRef): string {
  if (r.domain === DEFAULT_DOMAIN) return r.path.startsWith('library/') && r.path.split('/').length === 2 ? r.path.slice('library/'.length) : r.path;
  return `${r.domain}/${r.path}`;
}

/** reference.FamiliarString: name with :tag and @digest. */
export function familiarString(r: ImageRef): string {
  return `${familiarName(r)}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** TagNameOnly: add ":latest" when there is neither tag nor digest. */
export function withDefaultTag(r: ImageRef): ImageRef {
  return r.tag || r.digest ? r : Object.assign({}, r, { tag: 'latest' as const });
}

/** The canonical string: "docker.io/library/alpine:latest". */
export function canonicalString(r: ImageRef): string {
  return `${fullName(r)}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}
