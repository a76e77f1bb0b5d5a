/**
 * docker login, logout and search (cli/command/registry): POST /auth with
 * the credentials, stored base64-encoded in ~/.docker/config.json (with
 * docker's warnings), interactive prompts on a terminal, and the search
 * table (NAME, DESCRIPTION cut to 45 columns, STARS, OFFICIAL "[OK]"; rows:
 * format/search.ts).
 */

import type { CommandSpec } from '../spec/types.ts';
import type { CliCtx, CmdResult, Continuation, ResumeCtx } from '../context.ts';
import { fail } from './common.ts';
import { flagBool, flagList, flagNum, flagStr } from '../spec/parse.ts';
import { filtersQuery } from '../api/client.ts';
import { renderList } from '../format/formatter.ts';
import { DEFAULT_SEARCH_TABLE, searchContext, searchHeader, type ApiSearchResult } from '../format/search.ts';
import { DOCKER_HUB_SERVER, base64, configPath, readConfig, registryAuthHeader } from '../util/auth.ts';

export const loginCmd: CommandSpec = {
  name: 'login',
  use: 'login [OPTIONS] [SERVER]',
  short: 'Authenticate to a registry',
  long: 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.',
  args: { kind: 'max', n: 1 },
  flags: [
    { name: 'password', short: 'p', type: 'string', usage: 'Password or Personal Access Token (PAT)' },
    { name: 'password-stdin', type: 'bool', usage: 'Take the Password or Personal Access Token (PAT) from stdin' },
    { name: 'username', short: 'u', type: 'string', usage: 'Username' },
  ],
  execute: executeLogin,
};

export const logoutCmd: CommandSpec = {
  name: 'logout',
  use: 'logout [SERVER]',
  short: 'Log out from a registry',
  long: 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.',
  args: { kind: 'max', n: 1 },
  flags: [
  ],
  execute: executeLogout,
};

export const searchCmd: CommandSpec = {
  name: 'search',
  use: 'search [OPTIONS] TERM',
  short: 'Search Docker Hub for images',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', usage: 'Pretty-print search using a Go template' },
    { name: 'limit', type: 'int', usage: 'Max number of search results' },
    { name: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
  ],
  execute: executeSearch,
};

interface LoginCont extends Continuation {
  k: 'login';
  server: string;
  user: string;
  buf: string;
  stage: 'user' | 'password';
}

function normalizeServer(s: string): string {
  if (!s || s === 'docker.io' || s === 'index.docker.io' || s === 'https://index.docker.io/v1/' || s === 'registry-1.docker.io') return DOCKER_HUB_SERVER;
  return s.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

function doLogin(c: ResumeCtx, server: string, user: string, password: string): number {
  const r = c.api.post('/auth', undefined, { username: user, password, serveraddress: server });
  if (!r.ok) return fail(c, r.error);
  const cfg = readConfig(c.sys);
  const auth = base64(`${user}:${password}`);
  const changed = cfg.auths?.[server]?.auth !== auth;
  cfg.auths = { ...(cfg.auths ?? {}), [server]: { auth } };
  const err = c.sys.writeFile(configPath(c.sys), `${JSON.stringify(cfg, null, '\t')}\n`);
  if (err) return fail(c, `Error saving credentials: ${err.error}`);
  if (changed) c.io.err(`\nWARNING! Your credentials are stored unencrypted in '${configPath(c.sys)}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`);
  c.io.out(`${(r.body as { Status?: string } | null)?.Status ?? 'Login Succeeded'}\n`);
  return 0;
}

function executeLogin(c: CliCtx): CmdResult {
  const f = c.flags;
  const server = normalizeServer(c.args[0] ?? '');
  let password = flagStr(f, 'password');
  const user = flagStr(f, 'username');
  if (password) {
    c.io.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    if (flagBool(f, 'password-stdin')) return fail(c, '--password and --password-stdin are mutually exclusive');
  }
  if (flagBool(f, 'password-stdin')) {
    if (!user) return fail(c, 'the --password-stdin option requires --username to be set');
    password = c.io.readIn().data.replace(/\r?\n$/, '');
  }
  if (user && password) return doLogin(c, server, user, password);
  if (!c.io.stdinTty) return fail(c, 'Error: Cannot perform an interactive login from a non TTY device');
  const st: LoginCont = { k: 'login', server, user, buf: '', stage: user ? 'password' : 'user' };
  if (server === DOCKER_HUB_SERVER && !user) c.io.out('\nUSING WEB-BASED LOGIN\nTo sign in with credentials on the command line, use \'docker login -u <username>\'\n\n');
  c.io.out(st.stage === 'user' ? 'Username: ' : 'Password: ');
  return { pending: st, wait: { kind: 'input' } };
}

export function resumeLogin(c: ResumeCtx, data: Continuation): CmdResult {
  const st = data as LoginCont;
  const { data: got, eof } = c.io.readIn();
  st.buf += got;
  const nl = st.buf.indexOf('\n');
  if (nl < 0 && !eof) return { pending: st, wait: { kind: 'input' } };
  const line = (nl >= 0 ? st.buf.slice(0, nl) : st.buf).replace(/\r$/, '');
  st.buf = nl >= 0 ? st.buf.slice(nl + 1) : '';
  if (st.stage === 'user') {
    if (!line.trim()) return fail(c, 'Error: Non-null Username Required');
    st.user = line.trim();
    st.stage = 'password';
    c.io.out('Password: ');
    return { pending: st, wait: { kind: 'input' } };
  }
  c.io.out('\n');
  if (!line) return fail(c, 'Error: Password Required');
  return doLogin(c, st.server, st.user, line);
}

function executeLogout(c: CliCtx): CmdResult {
  const server = normalizeServer(c.args[0] ?? '');
  const cfg = readConfig(c.sys);
  if (!cfg.auths?.[server]) {
    c.io.out(`Not logged in to ${server}\n`);
    return 0;
  }
  c.io.out(`Removing login credentials for ${server}\n`);
  delete cfg.auths[server];
  c.sys.writeFile(configPath(c.sys), `${JSON.stringify(cfg, null, '\t')}\n`);
  return 0;
}

function executeSearch(c: CliCtx): CmdResult {
  const f = c.flags;
  const limit = flagNum(f, 'limit');
  const r = c.api.get('/images/search', { term: c.args[0], limit: limit ? String(limit) : undefined, filters: filtersQuery(flagList(f, 'filter')) });
  void registryAuthHeader;
  if (!r.ok) return fail(c, r.error);
  const trunc = !flagBool(f, 'no-trunc');
  const rows = ((r.body as ApiSearchResult[] | null) ?? []).map((x) => searchContext(x, { trunc }));
  const header = searchHeader();
  const out = renderList(flagStr(f, 'format') || 'table', DEFAULT_SEARCH_TABLE, rows, header);
  if ('error' in out) return fail(c, out.error);
  c.io.out(out.text);
  return 0;
}
