/**
 * The marks and value classes of typed Go values (see gotypes.ts): struct
 * type names and declarations, pointers' addresses, nil slices and maps, maps' zero
 * elements, Stringers, time.Time, time.Duration and float64.
 */

import { goDurationString } from '../util/go.ts';

/** Marks an object as a Go struct (fields in order; missing fields are errors) and names its type. */
export const GO_TYPE = Symbol('goType');

/** A missing map key: prints "<no value>". */
export const NO_VALUE = Symbol('noValue');

/** The address a struct was reached through (a pointer). */
export const GO_PTR = Symbol('goPtr');
/** A nil slice or map (prints [] or map[], marshals as null). */
export const GO_NIL = Symbol('goNil');
/** A typed struct's declaration (gotypes.ts GoStruct), for marshalling. */
export const GO_STRUCT = Symbol('goStruct');
/** A typed map's element zero value (what `index` gives for a missing key). */
export const GO_ZERO = Symbol('goZero');
/** A struct type's String method (fmt's Stringer). */
export const GO_STRING = Symbol('goString');

/** A non-nil pointer to a value that is not a struct (*int64, *bool). */
export class GoPtr {
  constructor(
    readonly addr: string,
    readonly elem: unknown,
  ) {}
}

/**
 * A float64 that holds a whole number: fmt prints it as a float (%v is %g:
 * 8.589934592e+09, not 8589934592), where a plain JS number that is an
 * integer prints as a Go int. Only the formatter contexts' unexported
 * structs hold these (docker stats' StatsEntry), so fmt is all that reads them.
 */
export class GoFloat {
  constructor(readonly v: number) {}
}

/** time.Time: prints as Go's Time.String(); marshals back to its JSON text. */
export class GoTime {
  readonly [GO_TYPE] = 'time.Time';
  constructor(readonly iso: string) {}
  toString(): string {
    return goTimeString(this.iso);
  }
  /** RFC 3339 with nanoseconds, trailing zeros of the fraction dropped (time.RFC3339Nano). */
  MarshalJSON(): string {
    return this.iso.replace(/\.(\d*?)0+(?=Z|[+-])/, (_m, d: string) => (d ? `.${d}` : ''));
  }
}

/** time.Duration (nanoseconds): prints as Go's Duration.String(). */
export class GoDuration {
  readonly [GO_TYPE] = 'time.Duration';
  constructor(readonly ns: number) {}
  toString(): string {
    return goDurationString(this.ns);
  }
  MarshalJSON(): number {
    return this.ns;
  }
}

const ISO_RE = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** time.Time.String() of an RFC 3339 text: "2006-01-02 15:04:05.999999999 -0700 MST". */
export function goTimeString(iso: string): string {
  const m = ISO_RE.exec(iso);
  if (!m) return '0001-01-01 00:00:00 +0000 UTC';
  const frac = (m[3] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = m[4] === 'Z' ? '+0000 UTC' : `${(m[4] as string).replace(':', '')} ${(m[4] as string).replace(':', '')}`;
  return `${m[1]} ${m[2]}${frac ? `.${frac}` : ''} ${zone}`;
}
