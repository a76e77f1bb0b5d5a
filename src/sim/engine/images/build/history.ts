/**
 * History lines of BuildKit-built images (what `docker history` shows for
 * each Dockerfile instruction), BuildKit's progress-line helpers and the
 * error excerpt of the Dockerfile.
 *
 * Models: moby/buildkit frontend/dockerfile/dockerfile2llb (commitToHistory:
 * "RUN /bin/sh -c ... # buildkit", "COPY src dst # buildkit", Go-formatted
 * values for EXPOSE/CMD/VOLUME), and buildx's plain progress printer
 * ("#6 [2/3] RUN ...", "#6 0.123 <output>", "#6 DONE 0.1s", "#6 CACHED") and
 * error context ("Dockerfile:2", the numbered lines with ">>>").
 * SIMPLIFICATIONS: HEALTHCHECK's line approximates Go's %v of the struct.
 */

import type { ImageConfig } from '../types.ts';
import type { ParsedInstruction } from '../changes.ts';

/** Go's %q-joined slice inside brackets: ["a" "b"]. */
export function goQuoted(a: readonly string[]): string {
  return `[${a.map((s) => JSON.stringify(s)).join(' ')}]`;
}

export function goMapKeys(o: Record<string, unknown>): string {
  return `map[${Object.keys(o).sort().map((k) => `${k}:{}`).join(' ')}]`;
}

function durText(ns: number | undefined): string {
  if (!ns) return '"0s"';
  const s = ns / 1e9;
  return `"${s >= 60 && s % 60 === 0 ? `${s / 60}m0s` : `${s}s`}"`;
}

/** created_by of a config instruction, from the config after it ran. */
export function metaHistory(ins: ParsedInstruction, after: ImageConfig, expanded: string): string {
  switch (ins.keyword) {
    case 'CMD':
      return `CMD ${goQuoted(after.Cmd ?? [])}`;
    case 'ENTRYPOINT':
      return `ENTRYPOINT ${goQuoted(after.Entrypoint ?? [])}`;
    case 'EXPOSE': {
      const ports: Record<string, unknown> = {};
      for (const p of expanded.split(/\s+/).filter(Boolean)) ports[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
      return `EXPOSE ${goMapKeys(ports)}`;
    }
    case 'VOLUME':
      return `VOLUME [${(ins.json ?? expanded.split(/\s+/).filter(Boolean)).join(' ')}]`;
    case 'SHELL':
      return `SHELL [${(ins.json ?? []).join(' ')}]`;
    case 'HEALTHCHECK': {
      const h = after.Healthcheck;
      if (!h) return 'HEALTHCHECK';
      return `HEALTHCHECK &{${goQuoted(h.Test)} ${durText(h.Interval)} ${durText(h.Timeout)} ${durText(h.StartPeriod)} ${durText(h.StartInterval)} '\\x${(h.Retries ?? 0).toString(16).padStart(2, '0')}'}`;
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG':
      return `${ins.keyword} ${ins.props.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(' ')}`;
    default:
      return `${ins.keyword} ${expanded}`;
  }
}

/** created_by of a RUN: the build args in scope first ("|1 V=3"), then the command. */
export function runHistory(cmd: string[], args: Record<string, string>, shellForm: boolean): string {
  const keys = Object.keys(args).sort();
  const prefix = keys.length ? `|${keys.length} ${keys.map((k) => `${k}=${args[k]}`).join(' ')} ` : '';
  return `RUN ${prefix}${shellForm ? cmd.join(' ') : cmd.join(' ')} # buildkit`;
}

export function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** "Dockerfile:2" and the lines around it, as buildx prints an error's source. */
export function dockerfileExcerpt(name: string, text: string, line: number): string[] {
  const lines = text.split('\n');
  const start = Math.max(1, line - 4);
  const end = Math.min(lines.length, line + 2);
  const out = [`${name}:${line}`, '--------------------'];
  for (let i = start; i <= end; i++) out.push(` ${String(i).padStart(3)} | ${i === line ? '>>> ' : '    '}${lines[i - 1] ?? ''}`);
  out.push('--------------------');
  return out;
}
