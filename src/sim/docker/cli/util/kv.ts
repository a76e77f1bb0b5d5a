/**
 * "k=v" option lists as a map (moby opts.ConvertKVStringsToMap): `--label a=1`,
 * `--opt`, `--driver-opt`; a bare "k" maps to the empty string, the last
 * value of a repeated key wins.
 */
export function kvMap(list: readonly string[]): Record<string, string> {
  const m: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i < 0) m[kv] = '';
    else m[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return m;
}
