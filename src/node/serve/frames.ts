/**
 * Docker's multiplexed stream (moby pkg/stdcopy): on a connection without a
 * terminal, stdout and stderr share one byte stream as frames of an 8-byte
 * header [stream, 0, 0, 0, size as big-endian uint32] and the payload; stream
 * 1 is stdout, 2 is stderr (0 stdin, 3 the systemerr the daemon uses for
 * errors). With a terminal (-t) the stream is raw bytes.
 * Used for attach, exec start and logs answers; `demux` reads them back (tests).
 */

export const MEDIA_RAW = 'application/vnd.docker.raw-stream';
export const MEDIA_MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';

export type StreamId = 0 | 1 | 2 | 3;

/** One frame carrying `data` on stream `id`. */
export function frame(id: StreamId, data: string | Uint8Array): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head[0] = id;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** The frames of a multiplexed byte stream, in order (complete frames only). */
export function framesOf(buf: Uint8Array): Array<{ id: number; data: string }> {
  const b = Buffer.from(buf);
  const out: Array<{ id: number; data: string }> = [];
  for (let i = 0; i + 8 <= b.length; ) {
    const size = b.readUInt32BE(i + 4);
    if (i + 8 + size > b.length) break;
    out.push({ id: b[i] as number, data: b.subarray(i + 8, i + 8 + size).toString('utf8') });
    i += 8 + size;
  }
  return out;
}

/** Split a multiplexed byte stream into its stdout and stderr text; `rest` is an incomplete trailing frame. */
export function demux(buf: Uint8Array): { stdout: string; stderr: string; rest: Buffer } {
  const b = Buffer.from(buf);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= b.length) {
    const size = b.readUInt32BE(i + 4);
    if (i + 8 + size > b.length) break;
    const payload = b.subarray(i + 8, i + 8 + size);
    if (b[i] === 2 || b[i] === 3) err.push(payload);
    else out.push(payload);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), rest: b.subarray(i) };
}
