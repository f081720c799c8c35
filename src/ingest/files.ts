// The files named on a command line: files as they are, folders with everything under them, globs expanded.
// Nothing is left out by its name: whether a file is a report is decided by its content (sniff.ts).

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';

export interface Expanded {
  files: string[];
  /** arguments that named nothing: neither a file, a folder nor a glob with a match */
  missing: string[];
}

const GLOB = /[*?[\]{}]/;

export async function expandPaths(args: string[]): Promise<Expanded> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => { if (!seen.has(f)) { seen.add(f); files.push(f); } };
  for (const arg of args) {
    const st = await stat(arg).catch(() => null);
    if (st?.isFile()) add(arg);
    else if (st?.isDirectory()) for (const f of await filesUnder(arg)) add(f);
    else if (GLOB.test(arg)) {
      const matches = await fg(arg, { onlyFiles: true, dot: true, followSymbolicLinks: true, unique: true });
      if (!matches.length) missing.push(arg);
      for (const f of matches.sort()) add(f);
    } else missing.push(arg);
  }
  return { files, missing };
}

/** Every file under a folder, in a stable order. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
