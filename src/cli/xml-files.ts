// Turns the paths given on the command line into a stream of files to validate. Folders are
// walked lazily, one directory listing at a time, so a tree of thousands of files is never
// held in memory as a whole.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type FoundFile = { path: string; unreadable?: undefined } | { path: string; unreadable: string };

const XML_NAME = /\.xml$/i;

/** Each named file (whatever its extension), and every *.xml (any case) under each named folder. */
export async function* xmlFilesFrom(paths: readonly string[]): AsyncGenerator<FoundFile> {
  for (const path of paths) {
    let kind: 'file' | 'dir' | 'other';
    try {
      const s = await stat(path);
      kind = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
    } catch (e) {
      yield { path, unreadable: fsReason(e) };
      continue;
    }
    if (kind === 'dir') yield* walk(path, new Set());
    else if (kind === 'file') yield { path };
    else yield { path, unreadable: 'not a regular file or folder' };
  }
}

async function* walk(dir: string, seen: Set<string>): AsyncGenerator<FoundFile> {
  let entries;
  try {
    // a symlink back up the tree would otherwise loop forever
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    yield { path: dir, unreadable: `cannot list folder: ${fsReason(e)}` };
    return;
  }
  // sorted, so output order is the same on every file system
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const s = await stat(path);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch (e) {
        // a dangling link named *.xml is a file the user expected us to check
        if (XML_NAME.test(entry.name)) yield { path, unreadable: fsReason(e) };
        continue;
      }
    }
    if (isDir) yield* walk(path, seen);
    else if (isFile && XML_NAME.test(entry.name)) yield { path };
  }
}

/** A short human reason for a file-system error, without Node's "ENOENT: ..., stat 'x'" noise. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent in the path is not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
