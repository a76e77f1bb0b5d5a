/**
 * docker/go-units: HumanDuration ("About a minute"), HumanSize (decimal,
 * "7.8MB"), BytesSize (binary, "64MiB") and RAMInBytes ("512m" → bytes), with
 * Go's %g number formatting that those functions use.
 */

/** Go's fmt %.<prec>g. */
export function goFormatG(x: number, prec: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const p = Math.max(1, prec);
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  if (exp < -4 || exp >= p) {
    const [m, ex] = x.toExponential(p - 1).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(ex);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sizeAndUnit(size: number, base: number, map: string[]): [number, string] {
  let i = 0;
  while (size >= base && i < map.length - 1) {
    size /= base;
    i++;
  }
  return [size, map[i] as string];
}

/** units.HumanSizeWithPrecision: decimal units, `precision` significant digits. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [s, u] = sizeAndUnit(size, 1000, DECIMAL);
  return `${goFormatG(s, precision)}${u}`;
}

/** units.HumanSize: 4 significant digits ("Total reclaimed space"). */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/** units.BytesSize: binary units ("5.629MiB"). */
export function bytesSize(size: number): string {
  const [s, u] = sizeAndUnit(size, 1024, BINARY);
  return `${goFormatG(s, 4)}${u}`;
}

/** units.HumanDuration of a span in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3600000) / 24 / 365)} years`;
}

const BIN_MUL: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** units.RAMInBytes: "512m", "1.5g", "100" → bytes; errors worded as go-units does. */
export function ramInBytes(s: string): { value: number } | { error: string } {
  const m = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(s);
  if (!m) return { error: `invalid size: '${s}'` };
  const num = m[1] as string;
  if (!/^\d+(\.\d+)?$/.test(num)) return { error: `strconv.ParseFloat: parsing "${num}": invalid syntax` };
  let size = Number(num);
  const unit = (m[3] ?? '').toLowerCase();
  if (unit) size *= BIN_MUL[unit] as number;
  return { value: Math.trunc(size) };
}
