/**
 * BuildKit's terminal progress display (buildx progressui, "tty" mode), as
 * `docker build` shows it when stderr is a terminal: a "[+] Building 4.4s
 * (9/9) FINISHED" header with the builder's name on the right, one line per
 * step (" => [2/3] RUN sleep 3 && echo done    3.1s", "CACHED"/"ERROR"
 * before the name), sub-steps as " => => ...", and the last lines of a
 * running step's output as " => => # ...", redrawn in place as the build
 * goes on (cursor up, erase line). Read off the plain progress stream
 * (#N lines) the daemon sends; durations are the plain stream's (virtual
 * time), a running step's is the time since it appeared.
 * SIMPLIFICATIONS: no colours; every redraw rewrites the whole block; a
 * running step shows at most its last 6 output lines, finished steps none.
 */

export interface TtyVertex {
  num: string;
  name: string;
  state: 'running' | 'done' | 'cached' | 'error' | 'canceled';
  startMs: number;
  durS: number | null;
  subs: Array<{ text: string; durS: number }>;
  logs: string[];
}

export interface TtyState {
  vertices: TtyVertex[];
  startMs: number;
  /** Lines drawn last time (to move the cursor back over). */
  drawn: number;
  /** Lines that are not progress (the error block), printed after the last draw. */
  rest: string[];
}

export function newTtyState(nowMs: number): TtyState {
  return { vertices: [], startMs: nowMs, drawn: 0, rest: [] };
}

const BUILDER = 'docker:default';

function secs(ms: number): number {
  return Math.max(0, ms) / 1000;
}

/** Fold one plain progress line ("#5 [2/3] RUN ...", "#5 DONE 0.1s", ...) into the state. */
export function foldLine(st: TtyState, line: string, nowMs: number): void {
  const m = /^#(\d+) (.*)$/.exec(line);
  if (!m) {
    if (line.trim() && !line.startsWith('#')) st.rest.push(line);
    return;
  }
  const [, num = '', text = ''] = m;
  if (num === '0') return;
  const v = st.vertices.find((x) => x.num === num);
  if (!v) {
    st.vertices.push({ num, name: text, state: 'running', startMs: nowMs, durS: null, subs: [], logs: [] });
    return;
  }
  let r: RegExpExecArray | null;
  if ((r = /^DONE (\d+(?:\.\d+)?)s$/.exec(text))) {
    v.state = 'done';
    v.durS = Number(r[1]);
    v.logs = [];
  } else if (text === 'CACHED') {
    v.state = 'cached';
    v.durS = 0;
  } else if (text.startsWith('ERROR')) {
    v.state = 'error';
    v.durS = secs(nowMs - v.startMs);
  } else if (text === 'CANCELED') {
    v.state = 'canceled';
    v.durS = secs(nowMs - v.startMs);
  } else if ((r = /^\d+\.\d{3} (.*)$/.exec(text))) {
    v.logs = [...v.logs, r[1] ?? ''].slice(-6);
  } else if ((r = /^(.*?)(?: (\d+(?:\.\d+)?)s)? done$/.exec(text))) {
    v.subs.push({ text: r[1] ?? '', durS: r[2] ? Number(r[2]) : 0 });
  } else v.subs.push({ text, durS: 0 });
}

function row(text: string, timer: string, cols: number): string {
  const room = Math.max(10, cols - timer.length - 1);
  const t = text.length > room ? text.slice(0, room) : text.padEnd(room);
  return `${t} ${timer}`;
}

/** The display's lines now. */
export function renderLines(st: TtyState, nowMs: number, cols: number, finished: boolean): string[] {
  const total = st.vertices.length;
  // A finished step counts whatever its outcome; the clock never reads less than the steps it ran one after another.
  const done = st.vertices.filter((v) => v.state !== 'running').length;
  const ran = st.vertices.reduce((n, v) => n + (v.durS ?? 0), 0);
  const head = `[+] Building ${Math.max(secs(nowMs - st.startMs), ran).toFixed(1)}s (${done}/${total})${finished ? ' FINISHED' : ''}`;
  const out = [head.padEnd(Math.max(head.length + 1, cols - BUILDER.length)) + BUILDER];
  for (const v of st.vertices) {
    const prefix = v.state === 'cached' ? 'CACHED ' : v.state === 'error' ? 'ERROR ' : v.state === 'canceled' ? 'CANCELED ' : '';
    const d = v.durS ?? secs(nowMs - v.startMs);
    out.push(row(` => ${prefix}${v.name}`, `${d.toFixed(1)}s`, cols));
    for (const s of v.subs) out.push(row(` => => ${s.text}`, `${s.durS.toFixed(1)}s`, cols));
    if (v.state === 'running') for (const l of v.logs) out.push(` => => # ${l}`.slice(0, cols));
  }
  return out;
}

/** The bytes that redraw the display: back over the last drawing, then every line erased and rewritten. */
export function redraw(st: TtyState, nowMs: number, cols: number, finished: boolean): string {
  const lines = renderLines(st, nowMs, cols, finished);
  const up = st.drawn ? `\x1b[${st.drawn}A` : '';
  st.drawn = lines.length;
  return up + lines.map((l) => `\r\x1b[K${l}\n`).join('');
}
