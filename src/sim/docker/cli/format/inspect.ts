/**
 * docker/cli's cli/command/inspect: objects printed as an indented JSON array
 * (4 spaces, the daemon's key order), or through a --format template run once
 * per object: first on the object decoded into Docker's typed struct
 * (template/apitypes.ts: structs print as {v1 v2 ...}, `.ID` works), and when
 * that fails, again on the raw JSON with missingkey=error. Kinds without a
 * typed schema run on the raw JSON only, where a missing key errors unless it
 * sits in a map-typed field (Labels, Options, Ports...). Errors are collected
 * and printed after the output (exit 1); a template that does not parse exits 64.
 */

import { executeGoTemplate, goJson, parseGoTemplate, typedInspect, type Template } from '../template/index.ts';

/** Fields that are Go maps in Docker's inspect structs: a missing key there prints "<no value>". */
export const INSPECT_MAP_KEYS: ReadonlySet<string> = new Set([
  'Labels',
  'Options',
  'ExposedPorts',
  'Ports',
  'Networks',
  'Volumes',
  'Sysctls',
  'Tmpfs',
  'StorageOpt',
  'DriverOpts',
  'Annotations',
  'Data',
  'Containers',
  'PortBindings',
  'Details',
  'Status',
]);

/** `kind` (container, image, network, volume) names the typed struct the client decodes the object into. */
export type RefResult = { ok: true; obj: unknown; kind?: string } | { ok: false; error: string; fatal?: boolean };

export interface InspectOutcome {
  out: string;
  err: string;
  exit: number;
}

/** Inspect each reference; `get` fetches one object or says why not. */
export function inspectRefs(refs: string[], format: string, get: (ref: string) => RefResult): InspectOutcome {
  const indented = format === '' || format === 'json';
  let tmpl: Template | null = null;
  if (!indented) {
    const t = parseGoTemplate(format);
    if ('error' in t) return { out: '', err: `template parsing error: ${t.error}\n`, exit: 64 };
    tmpl = t;
  }
  const objs: unknown[] = [];
  let buf = '';
  const errs: string[] = [];
  for (const ref of refs) {
    const r = get(ref);
    if (!r.ok) {
      if (r.fatal) return { out: '', err: `${r.error}\n`, exit: 1 };
      errs.push(r.error);
      continue;
    }
    if (!tmpl) {
      objs.push(r.obj);
      continue;
    }
    const typed = r.kind === undefined ? undefined : typedInspect(r.kind, r.obj);
    const t = typed === undefined ? null : executeGoTemplate(tmpl, typed);
    const x = t && !('error' in t) ? t : executeGoTemplate(tmpl, r.obj, undefined, { missingKey: 'error', mapKeys: typed === undefined ? INSPECT_MAP_KEYS : undefined, rawTypes: true });
    if ('error' in x) errs.push(`template parsing error: ${x.error}`);
    else buf += `${x.text}\n`;
  }
  let out: string;
  if (!tmpl) out = objs.length ? `${goJson(objs, { indent: '    ' })}\n` : '[]\n';
  else out = buf === '' ? '\n' : buf;
  return { out, err: errs.length ? `${errs.join('\n')}\n` : '', exit: errs.length ? 1 : 0 };
}
