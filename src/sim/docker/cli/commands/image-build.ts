/**
 * docker build: the context directory read from the client's filesystem and
 * sent with POST /build (t, dockerfile, buildargs, nocache, labels, target,
 * pull, q...), the daemon's build stream shown as BuildKit prints it (progress
 * on stderr, the image ID on stdout with -q).
 * SIMPLIFICATIONS: the flag table is the classic builder's (docker 28.2.2
 * without the buildx plugin, as installed here); no .dockerignore, no URL or
 * stdin contexts. Following the stream (continuations, ^C): build-follow.ts.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { fail } from './common.ts';
import { setExtraHost, setMemSwap } from '../spec/values.ts';
import { flagBool, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { filesToArchive } from '../util/archive.ts';
import { parseReference } from '../util/reference.ts';
import { followBuild, newBuildCont } from './build-follow.ts';

export const buildCmd: CommandSpec = {
  name: 'build',
  use: 'build [OPTIONS] PATH | URL | -',
  short: 'Build an image from a Dockerfile',
  aliasesLine: 'docker image build, docker build, docker builder build',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'add-host', type: 'list', usage: 'Add a custom host-to-IP mapping ("host:ip")', set: setExtraHost },
    { name: 'build-arg', type: 'list', usage: 'Set build-time variables' },
    { name: 'cache-from', type: 'strings', usage: 'Images to consider as cache sources' },
    { name: 'cgroup-parent', type: 'string', usage: 'Set the parent cgroup for the "RUN" instructions during build' },
    { name: 'compress', type: 'bool', usage: 'Compress the build context using gzip' },
    { name: 'cpu-period', type: 'int', usage: 'Limit the CPU CFS (Completely Fair Scheduler) period' },
    { name: 'cpu-quota', type: 'int', usage: 'Limit the CPU CFS (Completely Fair Scheduler) quota' },
    { name: 'cpu-shares', short: 'c', type: 'int', usage: 'CPU shares (relative weight)' },
    { name: 'cpuset-cpus', type: 'string', usage: 'CPUs in which to allow execution (0-3, 0,1)' },
    { name: 'cpuset-mems', type: 'string', usage: 'MEMs in which to allow execution (0-3, 0,1)' },
    { name: 'disable-content-trust', type: 'bool', usage: 'Skip image verification', defText: 'true' },
    { name: 'file', short: 'f', type: 'string', usage: 'Name of the Dockerfile (Default is "PATH/Dockerfile")' },
    { name: 'force-rm', type: 'bool', usage: 'Always remove intermediate containers' },
    { name: 'iidfile', type: 'string', usage: 'Write the image ID to the file' },
    { name: 'isolation', type: 'string', usage: 'Container isolation technology' },
    { name: 'label', type: 'list', usage: 'Set metadata for an image' },
    { name: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
    { name: 'memory-swap', type: 'bytes', usage: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap', set: setMemSwap },
    { name: 'network', type: 'string', usage: 'Set the networking mode for the RUN instructions during build', defText: '"default"' },
    { name: 'no-cache', type: 'bool', usage: 'Do not use cache when building the image' },
    { name: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
    { name: 'pull', type: 'bool', usage: 'Always attempt to pull a newer version of the image' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Suppress the build output and print image ID on success' },
    { name: 'rm', type: 'bool', usage: 'Remove intermediate containers after a successful build', defText: 'true' },
    { name: 'security-opt', type: 'strings', usage: 'Security options' },
    { name: 'shm-size', type: 'bytes', usage: 'Size of "/dev/shm"' },
    { name: 'squash', type: 'bool', usage: 'Squash newly built layers into a single new layer' },
    { name: 'tag', short: 't', type: 'list', usage: 'Name and optionally a tag in the "name:tag" format' },
    { name: 'target', type: 'string', usage: 'Set the target build stage to build.' },
    { name: 'ulimit', type: 'ulimit', usage: 'Ulimit options', defText: '[]' },
  ],
  execute: executeBuild,
};

function kvMap(list: string[], env: Record<string, string>): Record<string, string | null> {
  const m: Record<string, string | null> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i >= 0) m[kv.slice(0, i)] = kv.slice(i + 1);
    else m[kv] = Object.prototype.hasOwnProperty.call(env, kv) ? (env[kv] as string) : null;
  }
  return m;
}

function executeBuild(c: CliCtx): CmdResult {
  const f = c.flags;
  const ctxPath = c.args[0] as string;
  if (ctxPath === '-' || /^(https?|git):\/\//.test(ctxPath)) return fail(c, 'ERROR: only local build contexts are supported in this simulation');
  for (const t of flagList(f, 'tag')) {
    const r = parseReference(t);
    if ('error' in r) return fail(c, `invalid argument "${t}" for "-t, --tag" flag: ${r.error}\nSee 'docker build --help'.`);
  }
  const tree = c.sys.readTree?.(ctxPath);
  if (!tree || 'error' in tree) return fail(c, `ERROR: unable to prepare context: path "${ctxPath}" not found`);
  const dockerfile = flagStr(f, 'file') || 'Dockerfile';
  const dfRel = dockerfile.startsWith('/') ? dockerfile : dockerfile;
  if (!dockerfile.startsWith('/') && tree.files[dfRel] === undefined) {
    return fail(c, `ERROR: failed to build: failed to solve: failed to read dockerfile: open ${dfRel}: no such file or directory`);
  }
  const files = { ...tree.files };
  if (dockerfile.startsWith('/')) {
    const r = c.sys.readFile(dockerfile);
    if ('error' in r) return fail(c, `ERROR: failed to build: failed to solve: failed to read dockerfile: ${r.error}`);
    files['.dockerfile'] = r.data;
  }
  const quiet = flagBool(f, 'quiet');
  const r = c.api.request('POST', '/build', {
    query: {
      t: flagList(f, 'tag').length ? flagList(f, 'tag') : undefined,
      dockerfile: dockerfile.startsWith('/') ? '.dockerfile' : dockerfile,
      buildargs: flagList(f, 'build-arg').length ? JSON.stringify(kvMap(flagList(f, 'build-arg'), c.sys.env)) : undefined,
      labels: flagList(f, 'label').length ? JSON.stringify(kvMap(flagList(f, 'label'), {})) : undefined,
      nocache: flagBool(f, 'no-cache') ? '1' : undefined,
      pull: flagBool(f, 'pull') ? '1' : undefined,
      target: flagStr(f, 'target') || undefined,
      networkmode: flagStr(f, 'network') || undefined,
      platform: flagStr(f, 'platform') || undefined,
      memory: flagNum(f, 'memory') ? String(flagNum(f, 'memory')) : undefined,
      q: quiet ? '1' : undefined,
      version: '2',
    },
    headers: { 'Content-Type': 'application/x-tar' },
    body: filesToArchive(files),
  });
  // BuildKit's display on a terminal (--progress=auto), plain lines elsewhere.
  const tty = c.io.stdoutTty && c.sys.termSize ? { nowMs: c.sys.nowMs(), cols: c.sys.termSize.cols } : null;
  return followBuild(c, r, newBuildCont(quiet, flagStr(f, 'iidfile'), tty));
}
