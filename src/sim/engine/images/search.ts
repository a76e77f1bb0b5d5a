/**
 * `docker search` (GET /images/search): Docker Hub's repository search over
 * the catalogue's official images and the user repositories pushed so far.
 *
 * Models: the daemon proxying registry search (registry/search.go) with its
 * filters (is-official, stars, is-automated) and limit (default 25, 1..100).
 * SIMPLIFICATIONS: relevance is "exact name, then stars"; only official
 * images and pushed repositories exist.
 */

import type { Engine } from '../engine.ts';
import { CATALOGUE } from './catalogue/index.ts';

export interface SearchResult {
  star_count: number;
  is_official: boolean;
  name: string;
  is_automated: boolean;
  description: string;
}

export function searchImages(engine: Engine, term: string, limit: number, filters: Record<string, string[]>): SearchResult[] | { status: number; message: string } {
  if (limit < 1 || limit > 100) return { status: 400, message: `limit ${limit} is outside the range of [1, 100]` };
  for (const k of Object.keys(filters)) if (!['is-official', 'is-automated', 'stars'].includes(k)) return { status: 400, message: `invalid filter '${k}'` };
  const t = term.toLowerCase().replace(/^docker\.io\//, '').replace(/^library\//, '');
  const all: SearchResult[] = CATALOGUE.map((r) => ({ star_count: r.stars, is_official: true, name: r.name, is_automated: false, description: r.description }));
  const users = new Set(Object.keys(engine.state.images.pushed).filter((k) => k.startsWith('docker.io/')).map((k) => k.slice('docker.io/'.length, k.lastIndexOf(':'))));
  for (const u of users) all.push({ star_count: 0, is_official: false, name: u, is_automated: false, description: '' });
  let hits = all.filter((r) => r.name.includes(t) || r.description.toLowerCase().includes(t));
  const off = filters['is-official']?.[0];
  if (off !== undefined) hits = hits.filter((r) => r.is_official === (off === 'true'));
  const stars = filters.stars?.[0];
  if (stars !== undefined) hits = hits.filter((r) => r.star_count >= Number(stars));
  if (filters['is-automated']?.[0] === 'true') hits = [];
  hits.sort((a, b) => Number(b.name === t) - Number(a.name === t) || b.star_count - a.star_count);
  return hits.slice(0, limit);
}
