/**
 * docker/cli opts/mount.go MountOpt: the CSV syntax of --mount
 * (type=bind,source=/a,target=/b,readonly) into an Engine API Mount object,
 * with its exact error texts.
 * SIMPLIFICATIONS: relative sources starting with "." are not made absolute
 * (the CLI's cwd is not known here); cluster and image options are ignored.
 */

import { ramInBytes } from '../format/units.ts';
import { parseGoBool } from '../util/go.ts';

export interface ApiMount {
  Type: string;
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> }; Subpath?: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** encoding/csv for one record: fields split on commas, "double quotes" allowed. */
export function csvFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"' && cur === '') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function setKv(m: Record<string, string> | undefined, kv: string): Record<string, string> {
  const o = m ?? {};
  const i = kv.indexOf('=');
  if (i < 0) o[kv] = '';
  else o[kv.slice(0, i)] = kv.slice(i + 1);
  return o;
}

export function parseMountSpec(value: string): { value: ApiMount } | { error: string } {
  const m: ApiMount = { Type: 'volume', Target: '' };
  const vol = () => (m.VolumeOptions ??= {});
  const bind = () => (m.BindOptions ??= {});
  const tmpfs = () => (m.TmpfsOptions ??= {});
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') m.ReadOnly = true;
      else if (key === 'volume-nocopy') vol().NoCopy = true;
      else if (key === 'bind-nonrecursive') bind().NonRecursive = true;
      else return { error: `invalid field '${field}' must be a key=value pair` };
      continue;
    }
    switch (key) {
      case 'type':
        m.Type = val.toLowerCase();
        break;
      case 'source':
      case 'src':
        m.Source = val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.Target = val;
        break;
      case 'readonly':
      case 'ro': {
        const b = parseGoBool(val);
        if ('error' in b) return { error: `invalid value for ${key}: ${val}` };
        m.ReadOnly = b.value;
        break;
      }
      case 'consistency':
        m.Consistency = val.toLowerCase();
        break;
      case 'bind-propagation':
        bind().Propagation = val.toLowerCase();
        break;
      case 'bind-nonrecursive': {
        const b = parseGoBool(val);
        if ('error' in b) return { error: `invalid value for ${key}: ${val}` };
        bind().NonRecursive = b.value;
        break;
      }
      case 'volume-subpath':
        vol().Subpath = val;
        break;
      case 'volume-nocopy': {
        const b = parseGoBool(val);
        if ('error' in b) return { error: `invalid value for volume-nocopy: ${val}` };
        vol().NoCopy = b.value;
        break;
      }
      case 'volume-label':
        vol().Labels = setKv(vol().Labels, val);
        break;
      case 'volume-driver':
        (vol().DriverConfig ??= {}).Name = val;
        break;
      case 'volume-opt': {
        const dc = (vol().DriverConfig ??= {});
        dc.Options = setKv(dc.Options, val);
        break;
      }
      case 'tmpfs-size': {
        const r = ramInBytes(val);
        if ('error' in r) return { error: `invalid value for ${key}: ${val}` };
        tmpfs().SizeBytes = r.value;
        break;
      }
      case 'tmpfs-mode': {
        if (!/^[0-7]+$/.test(val)) return { error: `invalid value for ${key}: ${val}` };
        tmpfs().Mode = parseInt(val, 8);
        break;
      }
      default:
        return { error: `unexpected key '${key}' in '${field}'` };
    }
  }
  if (m.Type === '') return { error: 'type is required' };
  if (m.Target === '') return { error: 'target is required' };
  if (m.VolumeOptions && m.Type !== 'volume') return { error: `cannot mix 'volume-*' options with mount type '${m.Type}'` };
  if (m.BindOptions && m.Type !== 'bind') return { error: `cannot mix 'bind-*' options with mount type '${m.Type}'` };
  if (m.TmpfsOptions && m.Type !== 'tmpfs') return { error: `cannot mix 'tmpfs-*' options with mount type '${m.Type}'` };
  return { value: m };
}
