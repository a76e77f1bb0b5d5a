/**
 * Progress streams (pull, push, load, import, classic build) as docker's
 * pkg/jsonmessage DisplayJSONMessagesStream shows them: on a terminal each
 * layer keeps one line updated in place (ANSI cursor moves), elsewhere each
 * status is a line of its own and progress bars are left out; an "error" in
 * the stream ends the display with that message.
 */

export interface JsonMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: unknown;
  from?: string;
  time?: number;
}

/** The messages of a stream response: {stream: [...]}, an array, or newline-delimited JSON text. */
export function streamMessages(body: unknown): JsonMessage[] {
  if (Array.isArray(body)) return body as JsonMessage[];
  if (body && typeof body === 'object' && Array.isArray((body as { stream?: unknown }).stream)) return (body as { stream: JsonMessage[] }).stream;
  if (typeof body === 'string') {
    const out: JsonMessage[] = [];
    for (const line of body.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JsonMessage);
      } catch {
        out.push({ stream: `${line}\n` });
      }
    }
    return out;
  }
  return [];
}

function hasProgress(m: JsonMessage): boolean {
  return m.progressDetail !== undefined || m.progress !== undefined;
}

/**
 * The progress text (JSONProgress.String()): the "[===>   ] " bar only on a
 * terminal wider than 110 columns, as the docker CLI draws it, so a narrow
 * terminal never wraps the line and the in-place updates stay on their rows.
 */
function progressString(m: JsonMessage, width?: number): string {
  if (!m.progress) return '';
  return width !== undefined && width <= 110 ? m.progress.replace(/^\[[=> ]*\] /, '') : m.progress;
}

/** jsonmessage.Display for one message; returns the error text if the message is an error. */
function display(m: JsonMessage, tty: boolean, out: (s: string) => void, width?: number): string | null {
  if (m.error !== undefined || m.errorDetail !== undefined) return m.errorDetail?.message ?? m.error ?? '';
  let endl = '';
  if (tty && m.stream === undefined && hasProgress(m)) {
    out('\x1b[2K\r');
    endl = '\r';
  } else if (hasProgress(m) && progressString(m) !== '') return null;
  if (m.id) out(`${m.id}: `);
  if (m.from) out(`(from ${m.from}) `);
  if (hasProgress(m) && tty) out(`${m.status ?? ''} ${progressString(m, width)}${endl}`);
  else if (m.stream !== undefined) out(`${m.stream}${endl}`);
  else out(`${m.status ?? ''}${endl}\n`);
  return null;
}

/**
 * Show a stream; returns the error message that ended it (null when it ended
 * well) and the aux payloads (build image IDs, push digests).
 */
export function displayJsonMessages(
  messages: JsonMessage[],
  tty: boolean,
  out: (s: string) => void,
  /** The lines of the layers on screen, kept between parts of a stream shown over time; the terminal's width. */
  state: { ids: Record<string, number>; width?: number } = { ids: {} },
): { error: string | null; aux: unknown[] } {
  let ids = state.ids;
  const aux: unknown[] = [];
  for (const m of messages) {
    if (m.aux !== undefined) {
      aux.push(m.aux);
      continue;
    }
    let diff = 0;
    if (m.id && hasProgress(m)) {
      let line = ids[m.id];
      if (line === undefined) {
        line = Object.keys(ids).length;
        ids[m.id] = line;
        if (tty) out('\n');
      }
      diff = Object.keys(ids).length - line;
      if (tty && diff > 0) out(`\x1b[${diff}A`);
    } else ids = state.ids = {};
    const err = display(m, tty, out, state.width);
    if (m.id && tty && diff > 0) out(`\x1b[${diff}B`);
    if (err !== null) return { error: err, aux };
  }
  return { error: null, aux };
}
