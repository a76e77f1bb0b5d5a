/**
 * Pieces shared by the command tables and their execute functions: the
 * --format usage texts, printing errors, and echoing names as docker does.
 */

import type { ResumeCtx } from '../context.ts';
import type { ApiResult } from '../api/client.ts';

export const FORMAT_TABLE_USAGE =
  "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

export const FORMAT_JSON_USAGE =
  "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/** Print an error line to stderr and return the exit status (1 unless given). */
export function fail(c: ResumeCtx, msg: string, code = 1): number {
  c.io.err(msg.endsWith('\n') ? msg : `${msg}\n`);
  return code;
}

/** Print a failed API call's error and return 1. */
export function apiFail(c: ResumeCtx, r: ApiResult & { ok: false }, code = 1): number {
  return fail(c, r.error, code);
}
