/**
 * docker save, load and import (cli/command/image/save.go, load.go,
 * import.go): archives go to a file (-o) or stdout, never to a terminal; load
 * reads a file (-i) or stdin and shows the daemon's "Loaded image:" stream;
 * import sends a file, URL or stdin with repo/tag/message/changes.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { fail } from './common.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { writeArchive } from './container-misc.ts';
import { displayJsonMessages, streamMessages } from '../format/jsonmessage.ts';
import { fullName, parseReference, withDefaultTag } from '../util/reference.ts';

export const saveCmd: CommandSpec = {
  name: 'save',
  use: 'save [OPTIONS] IMAGE [IMAGE...]',
  short: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  aliasesLine: 'docker image save, docker save',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' },
    { name: 'platform', type: 'string', usage: 'Save only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
  ],
  execute: executeSave,
};

export const loadCmd: CommandSpec = {
  name: 'load',
  use: 'load [OPTIONS]',
  short: 'Load an image from a tar archive or STDIN',
  aliasesLine: 'docker image load, docker load',
  args: { kind: 'none' },
  flags: [
    { name: 'input', short: 'i', type: 'string', usage: 'Read from tar archive file, instead of STDIN' },
    { name: 'platform', type: 'string', usage: 'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Suppress the load output' },
  ],
  execute: executeLoad,
};

export const importCmd: CommandSpec = {
  name: 'import',
  use: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  short: 'Import the contents from a tarball to create a filesystem image',
  aliasesLine: 'docker image import, docker import',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'change', short: 'c', type: 'list', usage: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', usage: 'Set commit message for imported image' },
    { name: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
  ],
  execute: executeImport,
};

function executeSave(c: CliCtx): CmdResult {
  const output = flagStr(c.flags, 'output');
  if (!output && c.io.stdoutTty) return fail(c, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  const r = c.api.get('/images/get', { names: c.args, platform: flagStr(c.flags, 'platform') || undefined });
  if (!r.ok) return fail(c, r.error);
  return writeArchive(c, r.body, output);
}

function executeLoad(c: CliCtx): CmdResult {
  const input = flagStr(c.flags, 'input');
  let body: string;
  if (input) {
    const r = c.sys.readFile(input);
    if ('error' in r) return fail(c, r.error);
    body = r.data;
  } else {
    if (c.io.stdinTty) return fail(c, 'requested load from stdin, but stdin is empty');
    body = c.io.readIn().data;
    if (!body) return fail(c, 'requested load from stdin, but stdin is empty');
  }
  const quiet = flagBool(c.flags, 'quiet') || !c.io.stdoutTty;
  const r = c.api.request('POST', '/images/load', { query: { quiet: quiet ? '1' : '0', platform: flagStr(c.flags, 'platform') || undefined }, body });
  if (!r.ok) return fail(c, r.error);
  const shown = displayJsonMessages(streamMessages(r.body), c.io.stdoutTty, (s) => c.io.out(s));
  return shown.error !== null ? fail(c, shown.error) : 0;
}

function executeImport(c: CliCtx): CmdResult {
  const f = c.flags;
  const src = c.args[0] as string;
  let repo = '';
  let tag = '';
  if (c.args[1]) {
    const ref = parseReference(c.args[1]);
    if ('error' in ref) return fail(c, ref.error);
    const t = withDefaultTag(ref);
    repo = fullName(t);
    tag = t.tag ?? '';
  }
  let body: string | undefined;
  let fromSrc = src;
  if (src === '-') body = c.io.readIn().data;
  else if (!/^(https?|git):\/\//.test(src)) {
    const r = c.sys.readFile(src);
    if ('error' in r) return fail(c, r.error);
    body = r.data;
    fromSrc = '-';
  }
  const r = c.api.request('POST', '/images/create', {
    query: { fromSrc, repo: repo || undefined, tag: tag || undefined, message: flagStr(f, 'message') || undefined, changes: flagList(f, 'change').length ? flagList(f, 'change') : undefined, platform: flagStr(f, 'platform') || undefined },
    body,
  });
  if (!r.ok) return fail(c, r.error);
  const shown = displayJsonMessages(streamMessages(r.body), c.io.stdoutTty, (s) => c.io.out(s));
  return shown.error !== null ? fail(c, shown.error) : 0;
}
