/**
 * docker update, commit, export, container prune and cp
 * (cli/command/container): update sends Resources + RestartPolicy, commit
 * prints the new image ID, export and cp move archives (the simulation's tar
 * model: a JSON list of entries {path, type, mode, content, linkname}).
 * SIMPLIFICATIONS: no tar byte format; cp does not follow symlinks (-L) or
 * keep ownership (-a); progress output is not shown.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { fail } from './common.ts';
import { setMemSwap } from '../spec/values.ts';
import { flagBool, flagChanged, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { parseRestartPolicy } from '../opts/container-config.ts';
import { fullName, parseReference, withDefaultTag } from '../util/reference.ts';
import { startPrune } from './prune.ts';
import { archiveToFiles, filesToArchive, serializeArchive } from '../util/archive.ts';
import { humanSize } from '../format/units.ts';

export const updateCmd: CommandSpec = {
  name: 'update',
  use: 'update [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Update configuration of one or more containers',
  aliasesLine: 'docker container update, docker update',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'blkio-weight', type: 'uint16', usage: 'Block IO (relative weight), between 10 and 1000, or 0 to disable', defText: '0' },
    { name: 'cpu-period', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) period' },
    { name: 'cpu-quota', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
    { name: 'cpu-rt-period', type: 'int', usage: 'Limit the CPU real-time period in microseconds' },
    { name: 'cpu-rt-runtime', type: 'int', usage: 'Limit the CPU real-time runtime in microseconds' },
    { name: 'cpu-shares', short: 'c', type: 'int', usage: 'CPU shares (relative weight)' },
    { name: 'cpus', type: 'decimal', usage: 'Number of CPUs' },
    { name: 'cpuset-cpus', type: 'string', usage: 'CPUs in which to allow execution (0-3, 0,1)' },
    { name: 'cpuset-mems', type: 'string', usage: 'MEMs in which to allow execution (0-3, 0,1)' },
    { name: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
    { name: 'memory-reservation', type: 'bytes', usage: 'Memory soft limit' },
    { name: 'memory-swap', type: 'bytes', usage: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap', set: setMemSwap },
    { name: 'pids-limit', type: 'int', usage: 'Tune container pids limit (set -1 for unlimited)' },
    { name: 'restart', type: 'string', usage: 'Restart policy to apply when a container exits' },
  ],
  execute: executeUpdate,
};

export const commitCmd: CommandSpec = {
  name: 'commit',
  use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  short: "Create a new image from a container's changes",
  aliasesLine: 'docker container commit, docker commit',
  args: { kind: 'range', min: 1, max: 2 },
  flags: [
    { name: 'author', short: 'a', type: 'string', usage: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'change', short: 'c', type: 'list', usage: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', usage: 'Commit message' },
    { name: 'pause', short: 'p', type: 'bool', usage: 'Pause container during commit', defText: 'true' },
  ],
  execute: executeCommit,
};

export const exportCmd: CommandSpec = {
  name: 'export',
  use: 'export [OPTIONS] CONTAINER',
  short: "Export a container's filesystem as a tar archive",
  aliasesLine: 'docker container export, docker export',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' },
  ],
  execute: executeExport,
};

export const containerPruneCmd: CommandSpec = {
  name: 'prune',
  use: 'prune [OPTIONS]',
  short: 'Remove all stopped containers',
  args: { kind: 'none' },
  flags: [
    { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  execute: executeContainerPrune,
};

export const cpCmd: CommandSpec = {
  name: 'cp',
  use: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  short: 'Copy files/folders between a container and the local filesystem',
  long: "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
  aliasesLine: 'docker container cp, docker cp',
  args: { kind: 'exact', n: 2 },
  flags: [
    { name: 'archive', short: 'a', type: 'bool', usage: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', type: 'bool', usage: 'Always follow symbol link in SRC_PATH' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  execute: executeCp,
};

function executeUpdate(c: CliCtx): CmdResult {
  const f = c.flags;
  if (Object.keys(f.changed).length === 0) return fail(c, 'you must provide one or more flags when using this command');
  let restart = { Name: '', MaximumRetryCount: 0 };
  if (flagStr(f, 'restart')) {
    const r = parseRestartPolicy(flagStr(f, 'restart'));
    if ('error' in r) return fail(c, r.error);
    restart = r;
  }
  const body: Record<string, unknown> = {
    CpuShares: flagNum(f, 'cpu-shares'),
    Memory: flagNum(f, 'memory'),
    NanoCpus: flagNum(f, 'cpus'),
    CgroupParent: '',
    BlkioWeight: flagNum(f, 'blkio-weight'),
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: flagNum(f, 'cpu-period'),
    CpuQuota: flagNum(f, 'cpu-quota'),
    CpuRealtimePeriod: flagNum(f, 'cpu-rt-period'),
    CpuRealtimeRuntime: flagNum(f, 'cpu-rt-runtime'),
    CpusetCpus: flagStr(f, 'cpuset-cpus'),
    CpusetMems: flagStr(f, 'cpuset-mems'),
    Devices: null,
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: flagNum(f, 'memory-reservation'),
    MemorySwap: flagNum(f, 'memory-swap'),
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: flagChanged(f, 'pids-limit') && flagNum(f, 'pids-limit') !== 0 ? flagNum(f, 'pids-limit') : null,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    RestartPolicy: restart,
  };
  const errs: string[] = [];
  const warns: string[] = [];
  for (const name of c.args) {
    const r = c.api.post(`/containers/${encodeURIComponent(name)}/update`, undefined, body);
    if (!r.ok) {
      if (r.status === 0) return fail(c, r.error);
      errs.push(r.error);
      continue;
    }
    c.io.out(`${name}\n`);
    warns.push(...((r.body as { Warnings?: string[] | null } | null)?.Warnings ?? []));
  }
  if (warns.length) c.io.out(`${warns.join('\n')}\n`);
  if (errs.length) return fail(c, errs.join('\n'));
  return 0;
}

function executeCommit(c: CliCtx): CmdResult {
  const f = c.flags;
  let repo = '';
  let tag = '';
  c.api.ping();
  if (c.args[1]) {
    const ref = parseReference(c.args[1]);
    if ('error' in ref) return fail(c, ref.error);
    if (ref.digest) return fail(c, 'refusing to create a tag with a digest reference');
    const t = withDefaultTag(ref);
    repo = fullName(t);
    tag = t.tag ?? '';
  }
  const r = c.api.post('/commit', {
    container: c.args[0],
    repo,
    tag,
    comment: flagStr(f, 'message'),
    author: flagStr(f, 'author'),
    changes: flagList(f, 'change').length ? flagList(f, 'change') : undefined,
    pause: flagBool(f, 'pause') ? undefined : '0',
  });
  if (!r.ok) return fail(c, r.error);
  c.io.out(`${(r.body as { Id?: string }).Id ?? ''}\n`);
  return 0;
}

/** Write an archive answer to -o FILE or stdout (never to a terminal). */
export function writeArchive(c: CliCtx, body: unknown, output: string): number {
  if (!output && c.io.stdoutTty) return fail(c, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  const text = serializeArchive(body);
  if (output) {
    const e = c.sys.writeFile(output, text);
    if (e) return fail(c, `failed to save: ${e.error}`);
  } else c.io.out(text);
  return 0;
}

function executeExport(c: CliCtx): CmdResult {
  const r = c.api.get(`/containers/${encodeURIComponent(c.args[0] as string)}/export`);
  if (!r.ok) return fail(c, r.error);
  return writeArchive(c, r.body, flagStr(c.flags, 'output'));
}

function executeContainerPrune(c: CliCtx): CmdResult {
  const f = c.flags;
  return startPrune(c, { k: 'prune', kind: 'container', all: false, volumes: false, filters: flagList(f, 'filter'), answer: '' }, flagBool(f, 'force'));
}

function splitCpArg(a: string): { container: string; path: string } | { path: string } {
  if (a.startsWith('/') || a.startsWith('.') || !a.includes(':')) return { path: a };
  const i = a.indexOf(':');
  return { container: a.slice(0, i), path: a.slice(i + 1) };
}

function executeCp(c: CliCtx): CmdResult {
  const src = splitCpArg(c.args[0] as string);
  const dst = splitCpArg(c.args[1] as string);
  const srcC = 'container' in src;
  const dstC = 'container' in dst;
  if (!srcC && !dstC) return fail(c, 'must specify at least one container source');
  if (srcC && dstC) return fail(c, 'copying between containers is not supported');
  if (srcC) {
    const s = src as { container: string; path: string };
    if (!s.container) return fail(c, 'must specify at least one container source');
    const r = c.api.get(`/containers/${encodeURIComponent(s.container)}/archive`, { path: s.path });
    if (!r.ok) {
      if (r.status === 404) return fail(c, `Error response from daemon: Could not find the file ${s.path} in container ${s.container}`);
      return fail(c, r.error);
    }
    if (dst.path === '-') {
      c.io.out(serializeArchive(r.body));
      return 0;
    }
    // moby's CopyInfo rules: into an existing directory the source keeps its name; otherwise it
    // becomes the destination (a file renamed, a directory's contents as the new directory).
    const entries = archiveToFiles(r.body);
    const srcBase = s.path.replace(/\/+$/, '').split('/').pop() || '/';
    const dstDir = c.sys.isDir?.(dst.path) ?? false;
    const join = (a: string, b: string) => (b ? `${a.replace(/\/+$/, '')}/${b}` : a);
    const root = dstDir ? join(dst.path, srcBase === '/' ? '' : srcBase) : dst.path;
    const single = entries.length === 1 && entries[0]?.type !== 'dir';
    let size = 0;
    for (const e of entries) {
      const rel = single ? '' : e.path.split('/').slice(1).join('/');
      const target = join(root, rel);
      if (e.type === 'dir') {
        const err = c.sys.mkdirAll?.(target);
        if (err) return fail(c, err.error);
        continue;
      }
      const err = c.sys.writeFile(target, e.content ?? '', e.mode || 0o644);
      if (err) return fail(c, err.error);
      size += (e.content ?? '').length;
    }
    if (!flagBool(c.flags, 'quiet') && c.io.stdoutTty) c.io.err(`Successfully copied ${humanSize(size)} to ${dst.path}\n`);
    return 0;
  }
  const d = dst as { container: string; path: string };
  let body: unknown;
  let size = 0;
  if (src.path === '-') body = c.io.readIn().data;
  else {
    const one = c.sys.readFile(src.path);
    const base = src.path.replace(/\/+$/, '').split('/').pop() ?? src.path;
    if ('data' in one) {
      body = filesToArchive({ [base]: one.data });
      size = one.data.length;
    } else {
      const tree = c.sys.readTree?.(src.path);
      if (!tree || 'error' in tree) return fail(c, `lstat ${src.path}: no such file or directory`);
      const files: Record<string, string> = {};
      for (const [p, data] of Object.entries(tree.files)) {
        files[`${base}/${p}`] = data;
        size += data.length;
      }
      body = filesToArchive(files);
    }
  }
  const r = c.api.request('PUT', `/containers/${encodeURIComponent(d.container)}/archive`, { query: { path: d.path, noOverwriteDirNonDir: 'true', copyUIDGID: flagBool(c.flags, 'archive') ? 'true' : undefined }, body });
  if (!r.ok) return fail(c, r.error);
  if (!flagBool(c.flags, 'quiet') && c.io.stdoutTty) c.io.err(`Successfully copied ${humanSize(size)} to ${d.container}:${d.path}\n`);
  return 0;
}
