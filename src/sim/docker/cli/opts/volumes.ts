/**
 * -v specs as docker/cli parses them (compose loader.ParseVolume):
 * [source:]target[:options], with its error texts ("invalid empty volume
 * spec", "invalid spec: X: empty section between colons", "too many colons").
 * SIMPLIFICATIONS: no Windows drive letters.
 */

export interface VolumeSpec {
  source: string;
  target: string;
  readOnly: boolean;
  type: 'bind' | 'volume';
}

export function parseVolumeSpec(spec: string): VolumeSpec | { error: string } {
  if (spec.length === 0) return { error: 'invalid empty volume spec' };
  const v: VolumeSpec = { source: '', target: '', readOnly: false, type: 'volume' };
  if (spec.length <= 2) {
    v.target = spec;
    return v;
  }
  const parts = spec.split(':');
  for (let i = 0; i < parts.length; i++) {
    const buf = parts[i] as string;
    const last = i === parts.length - 1;
    if (buf.length === 0) return { error: `invalid spec: ${spec}: empty section between colons` };
    if (v.source === '' && last && v.target === '') v.target = buf;
    else if (v.source === '') v.source = buf;
    else if (v.target === '') v.target = buf;
    else if (!last) return { error: `invalid spec: ${spec}: too many colons` };
    else for (const o of buf.split(',')) if (o === 'ro') v.readOnly = true;
  }
  if (v.source !== '' && (v.source.startsWith('/') || v.source.startsWith('.') || v.source.startsWith('~'))) v.type = 'bind';
  return v;
}
