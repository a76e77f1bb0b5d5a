/**
 * docker info, version, system df, system prune and events
 * (cli/command/system): the Client/Server sections laid out as docker 28
 * prints them, df's summary and verbose tables, events as
 * "<time> <type> <action> <id> (k=v, ...)" lines.
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult } from '../context.ts';
import { FORMAT_TABLE_USAGE, FORMAT_JSON_USAGE, fail } from './common.ts';
import { flagBool, flagList, flagStr } from '../spec/parse.ts';
import { startPrune } from './prune.ts';
import { infoData, infoText, versionData, versionText } from '../format/system.ts';
import { tabwrite } from '../format/tabwriter.ts';
import { executeGoTemplate, goJson, parseGoTemplate, type Template } from '../template/index.ts';
import { dfText } from '../format/df.ts';
import { startEvents } from './events.ts';

export const infoCmd: CommandSpec = {
  name: 'info',
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  aliasesLine: 'docker system info, docker info',
  args: { kind: 'none' },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
  ],
  execute: executeInfo,
};

export const versionCmd: CommandSpec = {
  name: 'version',
  use: 'version [OPTIONS]',
  short: 'Show the Docker version information',
  args: { kind: 'none' },
  flags: [
    { name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE },
  ],
  execute: executeVersion,
};

export const dfCmd: CommandSpec = {
  name: 'df',
  use: 'df [OPTIONS]',
  short: 'Show docker disk usage',
  args: { kind: 'none' },
  flags: [
    { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
    { name: 'verbose', short: 'v', type: 'bool', usage: 'Show detailed information on space usage' },
  ],
  execute: executeDf,
};

export const systemPruneCmd: CommandSpec = {
  name: 'prune',
  use: 'prune [OPTIONS]',
  short: 'Remove unused data',
  args: { kind: 'none' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Remove all unused images not just dangling ones' },
    { name: 'filter', type: 'filter', usage: 'Provide filter values (e.g. "label=<key>=<value>")' },
    { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
    { name: 'volumes', type: 'bool', usage: 'Prune anonymous volumes' },
  ],
  execute: executeSystemPrune,
};

export const eventsCmd: CommandSpec = {
  name: 'events',
  use: 'events [OPTIONS]',
  short: 'Get real time events from the server',
  aliasesLine: 'docker system events, docker events',
  args: { kind: 'none' },
  flags: [
    { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', usage: FORMAT_JSON_USAGE },
    { name: 'since', type: 'string', usage: 'Show all events created since timestamp' },
    { name: 'until', type: 'string', usage: 'Stream events until this timestamp' },
  ],
  execute: executeEvents,
};

/**
 * cli/command/system/info.go needsServerInfo: a template that names no field
 * (`{{json .}}`, `{{.}}`) needs the daemon; otherwise only when it fails on
 * the client's half alone.
 */
function needsServerInfo(t: Template, sparse: unknown): boolean {
  if (!/\.[a-zA-Z]/.test(t.src)) return true;
  return 'error' in executeGoTemplate(t, sparse);
}

function executeInfo(c: CliCtx): CmdResult {
  const format = flagStr(c.flags, 'format');
  if (!format) {
    c.io.out('Client:\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\nServer:\n');
    const r = c.api.get('/info');
    if (!r.ok) return fail(c, r.error);
    const text = infoText(r.body as Record<string, unknown>);
    c.io.out(text.out);
    if (text.warnings) c.io.err(text.warnings);
    return 0;
  }
  // formatInfo: "json" is {{json .}}; the template runs on a system.dockerInfo, then a newline.
  const t = parseGoTemplate(format === 'json' ? '{{json .}}' : format);
  if ('error' in t) return fail(c, `template parsing error: ${t.error}`, 64);
  let body: Record<string, unknown> | null = null;
  if (needsServerInfo(t, infoData(null))) {
    const r = c.api.get('/info');
    if (!r.ok) return fail(c, r.error);
    body = r.body as Record<string, unknown>;
  }
  const x = executeGoTemplate(t, infoData(body));
  c.io.out(`${'error' in x ? (x.partial ?? '') : x.text}\n`);
  if ('error' in x) return fail(c, x.error);
  return 0;
}

function executeVersion(c: CliCtx): CmdResult {
  const format = flagStr(c.flags, 'format');
  let tmpl = null;
  if (format && format !== 'json') {
    const t = parseGoTemplate(format);
    if ('error' in t) return fail(c, `template parsing error: ${t.error}`, 64);
    tmpl = t;
  }
  const r = c.api.get('/version');
  const data = versionData(r.ok ? (r.body as Record<string, unknown>) : null);
  let err = r.ok ? '' : r.error;
  if (format === 'json') c.io.out(`${goJson(data, { escapeHtml: false })}\n`);
  else if (tmpl) {
    // prettyPrintVersion: the template (named "version") writes into a tabwriter, then a newline.
    const x = executeGoTemplate(tmpl, data);
    c.io.out(tabwrite(`${'error' in x ? (x.partial ?? '') : x.text}\n`, { minwidth: 20, padding: 1 }));
    if ('error' in x && !err) err = x.error.replace(/^template: :/, 'template: version:').replace(/executing ""/, 'executing "version"');
  } else c.io.out(versionText(data));
  return err ? fail(c, err) : 0;
}

function executeDf(c: CliCtx): CmdResult {
  const r = c.api.get('/system/df');
  if (!r.ok) return fail(c, r.error);
  const out = dfText(r.body as Record<string, unknown>, { verbose: flagBool(c.flags, 'verbose'), format: flagStr(c.flags, 'format'), nowMs: c.sys.nowMs() });
  if ('error' in out) {
    if (out.partial) c.io.out(out.partial);
    return fail(c, out.error);
  }
  c.io.out(out.text);
  return 0;
}

function executeSystemPrune(c: CliCtx): CmdResult {
  const f = c.flags;
  return startPrune(c, { k: 'prune', kind: 'system', all: flagBool(f, 'all'), volumes: flagBool(f, 'volumes'), filters: flagList(f, 'filter'), answer: '' }, flagBool(f, 'force'));
}

function executeEvents(c: CliCtx): CmdResult {
  const f = c.flags;
  return startEvents(c, { since: flagStr(f, 'since'), until: flagStr(f, 'until'), filters: flagList(f, 'filter'), format: flagStr(f, 'format') });
}
