/**
 * Container IDs and names (moby pkg/stringid, daemon/names.go,
 * internal/namesgenerator).
 *
 * Models: a 64-hex ID drawn from the host's seeded rng, redrawn when its first
 * 12 digits would read as a decimal number; names given by the user must match
 * [a-zA-Z0-9][a-zA-Z0-9_.-]+ and are stored with a leading slash; a generated
 * name is `adjective_surname` ("boring_wozniak" is never produced), with a digit
 * appended on retries 1..5 when the name is taken, and the short ID as the
 * last resort.
 * SIMPLIFICATIONS: none beyond the rng (mulberry32, not crypto/rand).
 */

import { hex, nextInt } from '../../host/rng.ts';
import type { RngState } from '../../host/rng.ts';
import { LEFT, RIGHT } from './names.data.ts';

export const VALID_NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** stringid.GenerateRandomID: 64 hex digits whose 12-digit prefix is not all decimal. */
export function newContainerId(rng: RngState): string {
  for (;;) {
    const id = hex(rng, 64);
    if (!/^[0-9]{12}$/.test(id.slice(0, 12))) return id;
  }
}

/** stringid.TruncateID. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** namesgenerator.GetRandomName(retry). */
export function randomName(rng: RngState, retry: number): string {
  for (;;) {
    const name = `${LEFT[nextInt(rng, LEFT.length)]}_${RIGHT[nextInt(rng, RIGHT.length)]}`;
    if (name === 'boring_wozniak') continue; // Steve Wozniak is not boring
    return retry > 0 ? `${name}${nextInt(rng, 10)}` : name;
  }
}

/** A fresh "/adjective_surname" not in `taken` (daemon.generateNewName). */
export function generateName(rng: RngState, id: string, taken: (name: string) => boolean): string {
  for (let i = 0; i < 6; i++) {
    const name = `/${randomName(rng, i)}`;
    if (!taken(name)) return name;
  }
  return `/${shortId(id)}`;
}

/** Is `name` (with or without its leading slash) a valid container name? */
export function validName(name: string): boolean {
  return VALID_NAME.test(name.replace(/^\//, ''));
}

/** "/web" for "web" or "/web". */
export function canonicalName(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}
