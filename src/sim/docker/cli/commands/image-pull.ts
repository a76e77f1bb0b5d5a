/**
 * docker pull, push, tag and rmi (cli/command/image/pull.go, push.go, tag.go,
 * remove.go): references checked on the client first, progress streams shown
 * as jsonmessage does at the pace they arrive (progress-follow.ts), the
 * canonical reference printed after a pull,
 * "Untagged:"/"Deleted:" lines from rmi.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { fail } from './common.ts';
import { flagBool, flagStr } from '../spec/parse.ts';
import { canonicalString, familiarString, fullName, parseReference, withDefaultTag, isValidTag } from '../util/reference.ts';
import { registryAuthHeader } from '../util/auth.ts';
import { ACCEPT_CONTINUE, followProgress } from './progress-follow.ts';

export const pullCmd: CommandSpec = {
  name: 'pull',
  use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
  short: 'Download an image from a registry',
  aliasesLine: 'docker image pull, docker pull',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', usage: 'Download all tagged images in the repository' },
    { name: 'disable-content-trust', type: 'bool', usage: 'Skip image verification', defText: 'true' },
    { name: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Suppress verbose output' },
  ],
  execute: executePull,
};

export const pushCmd: CommandSpec = {
  name: 'push',
  use: 'push [OPTIONS] NAME[:TAG]',
  short: 'Upload an image to a registry',
  aliasesLine: 'docker image push, docker push',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', usage: 'Push all tags of an image to the repository' },
    { name: 'disable-content-trust', type: 'bool', usage: 'Skip image signing', defText: 'true' },
    { name: 'platform', type: 'string', usage: "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)" },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Suppress verbose output' },
  ],
  execute: executePush,
};

export const tagCmd: CommandSpec = {
  name: 'tag',
  use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  aliasesLine: 'docker image tag, docker tag',
  args: { kind: 'exact', n: 2 },
  flags: [
  ],
  execute: executeTag,
};

export const rmiCmd: CommandSpec = {
  name: 'rm',
  use: 'rm [OPTIONS] IMAGE [IMAGE...]',
  short: 'Remove one or more images',
  aliases: ['remove'],
  aliasesLine: 'docker image rm, docker image remove, docker rmi',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'force', short: 'f', type: 'bool', usage: 'Force removal of the image' },
    { name: 'no-prune', type: 'bool', usage: 'Do not delete untagged parents' },
    { name: 'platform', type: 'strings', usage: 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
  ],
  execute: executeRmi,
};

function executePull(c: CliCtx): CmdResult {
  const f = c.flags;
  const quiet = flagBool(f, 'quiet');
  const all = flagBool(f, 'all-tags');
  let ref = parseReference(c.args[0] as string);
  if ('error' in ref) return fail(c, ref.error);
  const nameOnly = !ref.tag && !ref.digest;
  if (all && !nameOnly) return fail(c, "tag can't be used with --all-tags/-a");
  if (!all && nameOnly) {
    ref = withDefaultTag(ref);
    if (!quiet) c.io.out(`Using default tag: ${ref.tag}\n`);
  }
  const r = c.api.post(
    '/images/create',
    { fromImage: fullName(ref), tag: all ? undefined : (ref.digest ?? ref.tag), platform: flagStr(f, 'platform') || undefined },
    undefined,
    { 'X-Registry-Auth': registryAuthHeader(c.sys, c.args[0] as string), ...ACCEPT_CONTINUE },
  );
  if (!r.ok) return fail(c, r.error);
  return followProgress(c, r, { quiet, tail: `${canonicalString(ref)}\n` });
}

function executePush(c: CliCtx): CmdResult {
  const f = c.flags;
  const quiet = flagBool(f, 'quiet');
  const all = flagBool(f, 'all-tags');
  let ref = parseReference(c.args[0] as string);
  if ('error' in ref) return fail(c, ref.error);
  const nameOnly = !ref.tag && !ref.digest;
  if (all && !nameOnly) return fail(c, "tag can't be used with --all-tags/-a");
  if (!all && nameOnly) {
    ref = withDefaultTag(ref);
    if (!quiet) c.io.out(`Using default tag: ${ref.tag}\n`);
  }
  const r = c.api.post(
    `/images/${fullName(ref)}/push`,
    { tag: all ? undefined : (ref.tag ?? ''), platform: flagStr(f, 'platform') || undefined },
    undefined,
    { 'X-Registry-Auth': registryAuthHeader(c.sys, c.args[0] as string) },
  );
  if (!r.ok) return fail(c, r.error);
  return followProgress(c, r, { quiet, tail: quiet ? `${canonicalString(ref)}\n` : '' });
}

function executeTag(c: CliCtx): CmdResult {
  const [source, target] = c.args as [string, string];
  c.api.ping();
  const src = parseReference(source);
  if ('error' in src && !/^(sha256:)?[a-f0-9]+$/.test(source)) return fail(c, `Error parsing reference: ${JSON.stringify(source)} is not a valid repository/tag: ${src.error}`);
  const t = parseReference(target);
  if ('error' in t) return fail(c, `Error parsing reference: ${JSON.stringify(target)} is not a valid repository/tag: ${t.error}`);
  if (t.digest) return fail(c, 'refusing to create a tag with a digest reference');
  const tagged = withDefaultTag(t);
  if (tagged.tag && !isValidTag(tagged.tag)) return fail(c, `Error parsing reference: ${JSON.stringify(target)} is not a valid repository/tag: invalid reference format`);
  const r = c.api.post(`/images/${source}/tag`, { repo: fullName(tagged), tag: tagged.tag });
  if (!r.ok) return fail(c, r.error);
  void familiarString;
  return 0;
}

function executeRmi(c: CliCtx): CmdResult {
  const f = c.flags;
  const force = flagBool(f, 'force');
  const errs: string[] = [];
  let fatal = false;
  for (const img of c.args) {
    const r = c.api.del(`/images/${img}`, { force: force ? '1' : undefined, noprune: flagBool(f, 'no-prune') ? '1' : undefined });
    if (!r.ok) {
      if (r.status === 0) return fail(c, r.error);
      if (r.status !== 404) fatal = true;
      errs.push(r.error);
      continue;
    }
    for (const d of (r.body as Array<{ Untagged?: string; Deleted?: string }> | null) ?? []) {
      if (d.Deleted) c.io.out(`Deleted: ${d.Deleted}\n`);
      else c.io.out(`Untagged: ${d.Untagged ?? ''}\n`);
    }
  }
  if (errs.length) {
    c.io.err(`${errs.join('\n')}\n`);
    if (!force || fatal) return 1;
  }
  return 0;
}
