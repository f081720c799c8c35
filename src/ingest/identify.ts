// A batch of files read, hashed and sniffed: the ones to parse, and the ones already decided (not a document,
// stored before or earlier in this run, unreadable).

import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { documentKind } from './sniff.js';
import { sha256, type Store, type OriginalFacts } from '../store/index.js';
import { MAX_FILE_BYTES } from '../read/index.js';
import { describeError, XxgkError } from '../errors.js';

export interface Candidate { path: string; bytes: Uint8Array; original: OriginalFacts }
export type Decided =
  | { path: string; outcome: 'duplicate' | 'skipped' }
  | { path: string; outcome: 'failed'; code: string; message: string };
export interface Identified { candidates: Candidate[]; decided: Decided[] }

/** `seenHashes` carries the contents of earlier batches of the same run. */
export async function identify(paths: string[], store: Store, seenHashes: Set<string>): Promise<Identified> {
  const decided: Decided[] = [];
  const read: Candidate[] = [];
  await Promise.all(paths.map(async (path) => {
    try {
      const size = (await stat(path)).size;
      if (size > MAX_FILE_BYTES) {
        const mb = (size / 1048576).toFixed(1);
        throw new XxgkError('TOO_LARGE', `文件过大（${mb} MB，上限 ${MAX_FILE_BYTES / 1048576} MB）`, `the file is too large (${mb} MB, limit ${MAX_FILE_BYTES / 1048576} MB)`);
      }
      const bytes = new Uint8Array(await readFile(path));
      const kind = documentKind(bytes, path);
      if (!kind) { decided.push({ path, outcome: 'skipped' }); return; }
      read.push({ path, bytes, original: { hash: sha256(bytes), name: basename(path), kind, size: bytes.length } });
    } catch (e) {
      decided.push({ path, outcome: 'failed', ...describeError(e) });
    }
  }));
  read.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = await store.knownHashes(read.map((c) => c.original.hash));
  const candidates: Candidate[] = [];
  for (const c of read) {
    if (known.has(c.original.hash) || seenHashes.has(c.original.hash)) decided.push({ path: c.path, outcome: 'duplicate' });
    else { seenHashes.add(c.original.hash); candidates.push(c); }
  }
  return { candidates, decided };
}
