/**
 * The simulation's tar model: an archive is a JSON list of entries
 * {path, type, mode, content?, linkname?} (the Engine API types say tar
 * bodies are modelled as JSON file lists). The CLI builds them from local
 * files (docker cp into a container, build contexts, load/import) and writes
 * them out as text (save, export, cp to a file).
 */

export interface ArchiveEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  content?: string;
  linkname?: string;
}

/** Local files (relative path → content) as an archive, directories included, sorted as tar would list them. */
export function filesToArchive(files: Record<string, string>): ArchiveEntry[] {
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const out: ArchiveEntry[] = [...dirs].map((d) => ({ path: d, type: 'dir' as const, mode: 0o755 }));
  for (const [p, content] of Object.entries(files)) out.push({ path: p, type: 'file', mode: 0o644, content });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The entries of an archive answer (a list, {entries: [...]}, or its text form). */
export function archiveToFiles(body: unknown): ArchiveEntry[] {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return [];
    }
  }
  if (Array.isArray(b)) return b as ArchiveEntry[];
  if (b && typeof b === 'object' && Array.isArray((b as { entries?: unknown }).entries)) return (b as { entries: ArchiveEntry[] }).entries;
  return [];
}

/** An archive as the bytes written to a file or stdout. */
export function serializeArchive(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}
