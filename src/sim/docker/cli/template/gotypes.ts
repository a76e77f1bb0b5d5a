/**
 * Typed Go values for templates: the docker CLI decodes the daemon's JSON into
 * Go structs (encoding/json into the api/types structs) before it runs a
 * --format template, so `{{.State}}` prints a struct with fmt's %v
 * (`{running true false ...}`), not a map. goTyped(raw, type) turns the raw
 * JSON into values that print and behave as those structs do:
 * - a struct is an object whose enumerable keys are its fields in declaration
 *   order (GO_TYPE names its type); fields of embedded structs are promoted
 *   as non-enumerable properties (`.State` on container.InspectResponse);
 *   fields missing from the JSON get Go's zero value; unknown keys are dropped;
 * - a pointer to a struct is the struct marked with GO_PTR (its address): fmt
 *   prints it as the address when nested, as &{...} at the top of print or
 *   printf, and text/template's printableValue dereferences it for {{.X}};
 *   a pointer to anything else is a GoPtr; a nil pointer is null;
 * - nil slices and maps are empty (fmt prints [] and map[]); maps carry the
 *   zero value of their element (GO_ZERO) for `index` of a missing key;
 * - time.Time and time.Duration print with their String methods (GoTime,
 *   GoDuration); struct types with a String method (units.Ulimit) print by it;
 *   with rawTime (a value fmt reaches through an unexported field, where it
 *   calls no methods) a time.Time is its raw struct {wall ext loc};
 * - {{json .X}} marshals a typed value as encoding/json does: struct fields in
 *   order under their JSON keys (embedded structs flattened, omitempty fields
 *   left out when empty), nil slices and maps as null, map keys sorted.
 * SIMPLIFICATIONS: JSON keys match exactly or case-insensitively (Go's
 * decoder prefers the exact match too); interface{} values keep their JSON
 * form (numbers are not turned into float64); addresses are fake but stable
 * (0xc000010000 upwards, in the order the pointers are met).
 */

import { GO_NIL, GO_PTR, GO_STRING, GO_STRUCT, GO_TYPE, GO_ZERO, GoDuration, GoPtr, GoTime } from './govalues.ts';

/** A parsed Go type expression. */
export type GoKind =
  | { k: 'string' | 'int' | 'bool' | 'float' | 'time' | 'duration' | 'any' }
  | { k: 'ptr'; elem: GoKind }
  | { k: 'slice'; elem: GoKind }
  | { k: 'array'; n: number; elem: GoKind }
  | { k: 'map'; elem: GoKind }
  | { k: 'struct'; name: string };

export interface GoField {
  /** The Go field name (what templates use); for an embedded struct, its type's name. */
  name: string;
  /** The JSON key (json:"..." tag, else the Go name). */
  json: string;
  /** json:",omitempty": left out of Marshal's output when empty. */
  omitempty: boolean;
  kind: GoKind;
  embedded: boolean;
}

export interface GoStruct {
  name: string;
  fields: GoField[];
  /** fmt's Stringer (String method), if the type has one. */
  str?: (o: Record<string, unknown>) => string;
  /** A MarshalJSON that goes through a map[string]any: keys come out sorted, at every depth. */
  jsonSorted?: boolean;
}

/** A set of struct declarations, by qualified name ("container.State"). */
export type GoTypes = Record<string, GoStruct>;

const INT_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune']);

/** Parse a Go type expression ("map[string][]*nat.PortBinding"); `pkg` qualifies bare struct names. */
export function parseGoKind(t: string, pkg: string): GoKind {
  if (t.startsWith('*')) return { k: 'ptr', elem: parseGoKind(t.slice(1), pkg) };
  if (t.startsWith('[]')) return { k: 'slice', elem: parseGoKind(t.slice(2), pkg) };
  const arr = /^\[(\d+)\](.+)$/.exec(t);
  if (arr) return { k: 'array', n: Number(arr[1]), elem: parseGoKind(arr[2] as string, pkg) };
  if (t.startsWith('map[')) {
    let depth = 0;
    let i = 3;
    for (; i < t.length; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) break;
    }
    return { k: 'map', elem: parseGoKind(t.slice(i + 1), pkg) };
  }
  if (t === 'string') return { k: 'string' };
  if (t === 'bool') return { k: 'bool' };
  if (INT_TYPES.has(t)) return { k: 'int' };
  if (t === 'float32' || t === 'float64') return { k: 'float' };
  if (t === 'time.Time') return { k: 'time' };
  if (t === 'time.Duration') return { k: 'duration' };
  if (t === 'any' || t === 'interface{}') return { k: 'any' };
  if (t === 'struct{}') return { k: 'struct', name: 'struct {}' };
  return { k: 'struct', name: t.includes('.') ? t : `${pkg}.${t}` };
}

/**
 * Declare structs as Go source lists their fields, one per line:
 * "Name Type", "Name Type Tag" (the json tag's text: "Id", ",omitempty",
 * "Id,omitempty", "-" for a field encoding/json skips), or "Type" / "*Type"
 * (with an optional ",omitempty" tag) for an embedded struct. Names without a
 * package take `pkg`.
 */
export function declareStructs(pkg: string, decls: Record<string, string>, into: GoTypes = {}): GoTypes {
  for (const [name, body] of Object.entries(decls)) {
    const qualified = `${pkg}.${name}`;
    const fields: GoField[] = [];
    for (const line of body.split('\n')) {
      const words = line.trim().split(/\s+/).filter(Boolean);
      if (!words.length) continue;
      if (words.length === 1 || (words.length === 2 && (words[1] as string).startsWith(','))) {
        const t = words[0] as string;
        const bare = t.replace(/^\*/, '');
        const short = bare.slice(bare.lastIndexOf('.') + 1);
        fields.push({ name: short, json: short, omitempty: false, kind: parseGoKind(t, pkg), embedded: true });
      } else {
        const [key, ...opts] = (words[2] ?? '').split(',');
        fields.push({ name: words[0] as string, json: key || (words[0] as string), omitempty: opts.includes('omitempty'), kind: parseGoKind(words[1] as string, pkg), embedded: false });
      }
    }
    into[qualified] = { name: qualified, fields };
  }
  into['struct {}'] ??= { name: 'struct {}', fields: [] };
  return into;
}

/** Fake but stable heap addresses, allocated in the order pointers are met. */
class Addresses {
  private n = 0;
  next(): string {
    return `0x${(0xc000010000 + this.n++ * 0x80).toString(16)}`;
  }
}

function hide(o: object, sym: symbol, value: unknown): void {
  Object.defineProperty(o, sym, { value, enumerable: false });
}

function lookup(raw: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(raw, key)) return raw[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(raw)) if (k.toLowerCase() === lower) return raw[k];
  return undefined;
}

function structOf(types: GoTypes, kind: GoKind): GoStruct | undefined {
  const k = kind.k === 'ptr' ? kind.elem : kind;
  return k.k === 'struct' ? types[k.name] : undefined;
}

function zeroOf(kind: GoKind): unknown {
  switch (kind.k) {
    case 'string':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'ptr':
    case 'any':
      return null;
    default:
      return undefined;
  }
}

/** How goTyped builds values. */
export interface GoTypedOptions {
  /**
   * The value sits in an unexported struct field (a formatter context's `c`):
   * fmt cannot call methods there, so a time.Time prints as its raw struct
   * {wall ext loc}, not by its String method.
   */
  rawTime?: boolean;
}

/** Seconds from 0001-01-01 to the Unix epoch (time.Time's ext for a wall clock without a monotonic reading). */
const UNIX_TO_INTERNAL = 62135596800;

/**
 * time.Time as its unexported fields: wall (the nanoseconds, no monotonic
 * bit after decoding JSON), ext (seconds since year 1) and loc (nil for UTC,
 * else a *Location).
 */
function rawTimeStruct(iso: string, addrs: Addresses): Record<string, unknown> {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  const o: Record<string, unknown> = Number.isNaN(ms)
    ? { wall: 0, ext: 0, loc: null }
    : { wall: Number(((m?.[2] ?? '') + '000000000').slice(0, 9)), ext: ms / 1000 + UNIX_TO_INTERNAL, loc: m?.[3] === 'Z' ? null : new GoPtr(addrs.next(), null) };
  hide(o, GO_TYPE, 'time.Time');
  return o;
}

class Typer {
  private readonly addrs = new Addresses();
  constructor(
    private readonly types: GoTypes,
    private readonly opts: GoTypedOptions = {},
  ) {}

  value(raw: unknown, kind: GoKind): unknown {
    switch (kind.k) {
      case 'string':
        return typeof raw === 'string' ? raw : '';
      case 'int':
      case 'float':
        return typeof raw === 'number' ? raw : 0;
      case 'bool':
        return raw === true;
      case 'any':
        return raw === undefined ? null : raw;
      case 'time':
        if (this.opts.rawTime) return rawTimeStruct(typeof raw === 'string' ? raw : '', this.addrs);
        return new GoTime(typeof raw === 'string' ? raw : '0001-01-01T00:00:00Z');
      case 'duration':
        return new GoDuration(typeof raw === 'number' ? raw : 0);
      case 'ptr': {
        if (raw === null || raw === undefined) return null;
        const addr = this.addrs.next();
        const s = structOf(this.types, kind.elem);
        if (s && kind.elem.k === 'struct') {
          const o = this.struct(raw, s);
          hide(o, GO_PTR, addr);
          return o;
        }
        return new GoPtr(addr, this.value(raw, kind.elem));
      }
      case 'slice':
      case 'array': {
        const items = Array.isArray(raw) ? raw.map((e) => this.value(e, kind.elem)) : [];
        if (kind.k === 'array') while (items.length < kind.n) items.push(this.value(undefined, kind.elem));
        else if (!Array.isArray(raw)) hide(items, GO_NIL, true);
        return items;
      }
      case 'map': {
        const out: Record<string, unknown> = {};
        if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
          for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = this.value(v, kind.elem);
        }
        if (!raw || typeof raw !== 'object') hide(out, GO_NIL, true);
        hide(out, GO_ZERO, this.zero(kind.elem));
        return out;
      }
      case 'struct': {
        const s = this.types[kind.name];
        if (!s) throw new Error(`goTyped: no struct ${kind.name}`);
        return this.struct(raw, s);
      }
    }
  }

  /** The zero value of a kind (for `index` of a missing map key). */
  private zero(kind: GoKind): unknown {
    const z = zeroOf(kind);
    return z !== undefined ? z : new Typer(this.types, this.opts).value(undefined, kind);
  }

  private struct(raw: unknown, s: GoStruct): Record<string, unknown> {
    const src = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const o: Record<string, unknown> = {};
    hide(o, GO_TYPE, s.name);
    hide(o, GO_STRUCT, s);
    if (s.str) hide(o, GO_STRING, s.str);
    const promoted: Array<[string, unknown]> = [];
    for (const f of s.fields) {
      if (!f.embedded) {
        o[f.name] = this.value(f.json === '-' ? undefined : lookup(src, f.json), f.kind);
        continue;
      }
      const inner = structOf(this.types, f.kind);
      if (!inner) throw new Error(`goTyped: no struct for embedded ${f.name} in ${s.name}`);
      // encoding/json flattens embedded structs: their fields come from this same object.
      const e = this.struct(src, inner);
      if (f.kind.k === 'ptr') hide(e, GO_PTR, this.addrs.next());
      o[f.name] = e;
      for (const k of Object.getOwnPropertyNames(e)) promoted.push([k, e[k]]);
    }
    // Promoted fields: reachable as .X, not printed (shallower fields win, as in Go).
    for (const [k, v] of promoted) if (!Object.prototype.hasOwnProperty.call(o, k)) Object.defineProperty(o, k, { value: v, enumerable: false });
    return o;
  }
}

/** Decode raw JSON into the typed form of Go type `type` (a struct name in `types`). */
export function goTyped(raw: unknown, type: string, types: GoTypes, opts: GoTypedOptions = {}): unknown {
  return new Typer(types, opts).value(raw, parseGoKind(type, ''));
}

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '') return true;
  if (v instanceof GoDuration) return v.ns === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object' && !(GO_TYPE in v) && !(v instanceof GoPtr)) return Object.keys(v).length === 0;
  return false;
}

function marshalFields(o: Record<string, unknown>, s: GoStruct, out: Record<string, unknown>): void {
  for (const f of s.fields) {
    const v = o[f.name];
    if (f.embedded) {
      const inner = v as Record<string | symbol, unknown>;
      if (inner) marshalFields(inner as Record<string, unknown>, inner[GO_STRUCT] as GoStruct, out);
      continue;
    }
    if (f.json === '-' || (f.omitempty && isEmptyValue(v))) continue;
    if (!(f.json in out)) out[f.json] = v;
  }
}

/** A marshalled value as it comes back from a round trip through map[string]any: objects' keys sorted at every depth. */
function sortedPlain(v: unknown): unknown {
  if (v instanceof GoPtr) return sortedPlain(v.elem);
  if (v instanceof GoTime || v instanceof GoDuration) return v.MarshalJSON();
  if (Array.isArray(v)) return (v as unknown as Record<symbol, unknown>)[GO_NIL] ? null : v.map(sortedPlain);
  if (v === null || typeof v !== 'object') return v;
  const view = goMarshalView(v);
  if (view === null) return null;
  const o = (view ?? v) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = sortedPlain(o[k]);
  return out;
}

/**
 * What encoding/json marshals for a typed value, one level deep (the JSON
 * encoder calls this again for the parts): a struct as an object of its JSON
 * fields in order, a nil slice or map as null, a map with its keys sorted;
 * undefined for a value that is not typed.
 */
export function goMarshalView(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string | symbol, unknown>;
  if (o[GO_NIL]) return null;
  const s = o[GO_STRUCT] as GoStruct | undefined;
  if (s) {
    const out: Record<string, unknown> = {};
    marshalFields(v as Record<string, unknown>, s, out);
    return s.jsonSorted ? sortedPlain(out) : out;
  }
  if (GO_ZERO in o) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
    return out;
  }
  return undefined;
}
