/**
 * --env-file and --label-file (docker/cli opts/envfile.go, file.go):
 * KEY=VALUE lines, "#" comments and blank lines skipped, a bare KEY taken
 * from the client's environment (env files only), with docker's error texts.
 */

type ReadFile = (path: string) => { data: string } | { error: string };

function parseKeyValueFile(readFile: ReadFile, file: string, emptyFn: ((k: string) => string | null) | null): { lines: string[] } | { error: string } {
  const r = readFile(file);
  if ('error' in r) return { error: r.error };
  const lines: string[] = [];
  const raw = r.data.replace(/^\uFEFF/, '').split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  for (const l of raw) {
    const line = l.replace(/\r$/, '').replace(/^\s+/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const variable = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t\n\v\f\r]+/, '');
    if (/[ \t\n\v\f\r]/.test(variable)) return { error: `invalid env file (${file}): variable '${variable}' contains whitespaces` };
    if (variable.length === 0) return { error: `invalid env file (${file}): no variable name on line '${line}'` };
    if (eq >= 0) lines.push(`${variable}=${line.slice(eq + 1)}`);
    else if (emptyFn) {
      const v = emptyFn(variable.trim());
      if (v !== null) lines.push(`${variable.trim()}=${v}`);
    }
  }
  return { lines };
}

export function readEnvFile(readFile: ReadFile, file: string, env: Record<string, string>): { lines: string[] } | { error: string } {
  return parseKeyValueFile(readFile, file, (k) => (Object.prototype.hasOwnProperty.call(env, k) ? (env[k] as string) : null));
}

export function readLabelFile(readFile: ReadFile, file: string): { lines: string[] } | { error: string } {
  return parseKeyValueFile(readFile, file, null);
}
