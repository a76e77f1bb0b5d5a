/**
 * Predicates on dockerd's other objects: `image` (a tag in the local image
 * store, or pushed to a registry), `network` (a Docker network and who is on
 * it) and `volume` (a named volume, seen where Docker keeps its data).
 */

import type { PredicateDef, Verdict } from './types.ts';
import { asStrings, countOk, describeCount, familiar, toCount } from './values.ts';

export const imagePredicate: PredicateDef = {
  args: { ref: 'string', exists: 'boolean', pushed: 'string', layers: 'count', parent: 'string', cmd: 'string' },
  required: [['ref', 'pushed']],
  describe(a) {
    if (a.pushed !== undefined && a.ref === undefined) return `image ${String(a.pushed)} has been pushed to its registry`;
    const ref = String(a.ref);
    if (a.exists === false) return `there is no image ${ref}`;
    const parts: string[] = [];
    const layers = toCount(a.layers);
    if (layers) parts.push(`has ${describeCount(layers)} layer(s)`);
    if (a.parent !== undefined) parts.push(`was built from ${String(a.parent)}`);
    if (a.cmd !== undefined) parts.push(`runs "${String(a.cmd)}" by default`);
    if (a.pushed !== undefined) parts.push(`was pushed as ${String(a.pushed)}`);
    return `image ${ref} exists${parts.length ? ' and ' + parts.join(', ') : ''}`;
  },
  evaluate(a, ctx): Verdict {
    const images = ctx.engine?.images;
    if (!images) return 'there is no Docker engine';
    if (a.pushed !== undefined) {
      const want = familiar(String(a.pushed));
      if (!Object.keys(images.pushed).some((k) => familiar(k) === want)) return `${String(a.pushed)} has not been pushed`;
      if (a.ref === undefined) return true;
    }
    const ref = familiar(String(a.ref));
    const id = images.tags[ref] ?? Object.entries(images.tags).find(([k]) => familiar(k) === ref)?.[1];
    const img = id ? images.images[id] : undefined;
    if (a.exists === false) return img ? `image ${ref} exists` : true;
    if (!img) return `there is no image ${ref}`;
    const layers = toCount(a.layers);
    if (layers && !countOk(img.diffIds.length, layers)) return `image ${ref} has ${img.diffIds.length} layer(s)`;
    if (a.parent !== undefined) {
      const parentId = images.tags[familiar(String(a.parent))];
      const base = parentId ? images.images[parentId] : undefined;
      if (!base) return `there is no image ${String(a.parent)}`;
      const prefix = base.diffIds.every((d, i) => img.diffIds[i] === d);
      if (!prefix || img.diffIds.length < base.diffIds.length) return `image ${ref} is not built on ${String(a.parent)}`;
    }
    if (a.cmd !== undefined) {
      const cmd = [...(img.config.Entrypoint ?? []), ...(img.config.Cmd ?? [])].join(' ');
      if (!cmd.includes(String(a.cmd))) return `image ${ref} runs "${cmd}"`;
    }
    return true;
  },
};

export const networkPredicate: PredicateDef = {
  args: { name: 'string', exists: 'boolean', driver: ['bridge', 'host', 'null'], containers: 'strings', subnet: 'string', internal: 'boolean' },
  required: [['name']],
  describe(a) {
    const name = String(a.name);
    if (a.exists === false) return `there is no network ${name}`;
    const parts: string[] = [];
    if (a.driver) parts.push(`uses the ${String(a.driver)} driver`);
    const cs = asStrings(a.containers);
    if (cs.length) parts.push(`connects ${cs.join(', ')}`);
    if (a.subnet) parts.push(`has subnet ${String(a.subnet)}`);
    return `network ${name} exists${parts.length ? ' and ' + parts.join(', ') : ''}`;
  },
  evaluate(a, ctx): Verdict {
    const net = ctx.engine?.network;
    if (!net) return 'there is no Docker engine';
    const name = String(a.name);
    const rec = Object.values(net.networks).find((n) => n.Name === name);
    if (a.exists === false) return rec ? `network ${name} exists` : true;
    if (!rec) return `there is no network ${name}`;
    if (a.driver !== undefined && rec.Driver !== a.driver) return `network ${name} uses the ${rec.Driver} driver`;
    if (a.internal !== undefined && rec.Internal !== a.internal) return `network ${name} is ${rec.Internal ? '' : 'not '}internal`;
    if (a.subnet !== undefined && !(rec.IPAM.Config ?? []).some((c) => c.Subnet === a.subnet)) return `network ${name} has another subnet`;
    const attached = Object.values(rec.endpoints).map((e) => e.name);
    for (const c of asStrings(a.containers)) if (!attached.includes(c)) return `container ${c} is not connected to ${name}`;
    return true;
  },
};

/** Where dockerd keeps a named volume's data. */
export function volumeDataDir(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}

export const volumePredicate: PredicateDef = {
  args: { name: 'string', exists: 'boolean', file: 'string', contains: 'string' },
  required: [['name']],
  validate(a) {
    if (a.contains !== undefined && a.file === undefined) return 'contains: needs file (a path inside the volume)';
    return null;
  },
  describe(a) {
    const name = String(a.name);
    if (a.exists === false) return `there is no volume ${name}`;
    if (a.file !== undefined) return `volume ${name} holds ${String(a.file)}${a.contains !== undefined ? ` containing "${String(a.contains)}"` : ''}`;
    return `volume ${name} exists`;
  },
  evaluate(a, ctx): Verdict {
    const name = String(a.name);
    // dockerd's volume store when it has the volume; else the directory the local driver uses.
    const rec = ctx.engine?.volumes?.volumes?.[name];
    const dir = rec?.Mountpoint ?? volumeDataDir(name);
    const present = rec !== undefined || ctx.exists(dir);
    if (a.exists === false) return present ? `volume ${name} exists` : true;
    if (!present) return `there is no volume ${name}`;
    if (a.file !== undefined) {
      const path = `${dir}/${String(a.file).replace(/^\/+/, '')}`;
      const text = ctx.read(path);
      if (text === null) return `volume ${name} has no ${String(a.file)}`;
      if (a.contains !== undefined && !text.includes(String(a.contains))) return `${String(a.file)} in volume ${name} does not contain "${String(a.contains)}"`;
    }
    return true;
  },
};
