// xxgk ingest: files, folders and globs into the store. Each content is stored once (sha256): a file seen before,
// in this run or an earlier one, is a duplicate. Parsing runs on all cores; the main thread writes batches, each in
// one transaction, so a run killed at any moment leaves whole reports only and a re-run completes it.

import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import { expandPaths } from './files.js';
import { identify, type Identified } from './identify.js';
import { ParsePool, type ParseOutcome } from './pool.js';
import type { Store, BatchItem } from '../store/index.js';
import { saveBatch } from './save.js';
import { describeError, XxgkError } from '../errors.js';
import { VERSION } from '../version.js';

export { expandPaths } from './files.js';
export { documentKind } from './sniff.js';
export { ParsePool } from './pool.js';
export { enqueue, runWorker, QUEUE_NAME } from './queue.js';
export type { EnqueueSummary, WorkerHandle, WorkerOptions } from './queue.js';
export { progressPrinter } from './progress.js';
export { saveBatch } from './save.js';

export interface IngestProgress {
  done: number;
  total: number;
  added: number;
  duplicates: number;
  failed: number;
  skipped: number;
  /** the file just finished */
  current: string | null;
}

export interface IngestFailure { file: string; code: string; message: string }

export interface IngestSummary {
  /** files found under the arguments */
  seen: number;
  added: number;
  /** contents already stored (or seen earlier in this run) */
  duplicates: number;
  failed: number;
  /** not documents (images, archives, binaries) */
  skipped: number;
  failures: IngestFailure[];
  seconds: number;
}

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  /** parse threads; default all cores; 0 parses in the main thread */
  workers?: number;
  /** files written per transaction */
  batchSize?: number;
  parserVersion?: string;
  /** a file that takes longer than this to parse fails with TIMEOUT */
  timeoutMs?: number;
  /** batches written at once; default 2 on PostgreSQL, 1 on PGlite */
  writers?: number;
}

export async function ingest(paths: string[], store: Store, opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = performance.now();
  const parserVersion = opts.parserVersion ?? VERSION;
  const batchSize = opts.batchSize ?? 200;
  const { files, missing } = await expandPaths(paths);
  const summary: IngestSummary = { seen: files.length, added: 0, duplicates: 0, failed: 0, skipped: 0, failures: [], seconds: 0 };
  const progress: IngestProgress = { done: 0, total: files.length + missing.length, added: 0, duplicates: 0, failed: 0, skipped: 0, current: null };
  const tally = (file: string, what: 'added' | 'duplicates' | 'failed' | 'skipped', failure?: { code: string; message: string }) => {
    summary[what]++;
    progress[what]++;
    progress.done++;
    progress.current = file;
    if (failure) summary.failures.push({ file, ...failure });
    opts.onProgress?.({ ...progress });
  };

  for (const arg of missing) {
    const error = new XxgkError('NOT_FOUND', `找不到文件：${arg}`, `file not found: ${arg}`);
    await store.recordFailure({ name: basename(arg), path: arg, error, parserVersion });
    tally(arg, 'failed', describeError(error));
  }

  const pool = new ParsePool(opts.workers ?? availableParallelism(), opts.timeoutMs);
  const seenHashes = new Set<string>();
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += batchSize) chunks.push(files.slice(i, i + batchSize));
  const parseAll = (b: Identified) => Promise.all(b.candidates.map((c) =>
    pool.parse({ bytes: c.bytes, name: c.original.name, original: c.original, parserVersion })));
  // PostgreSQL writes two batches at once on two connections (its server uses a core per connection); PGlite runs
  // one query at a time. Either way the workers parse the next batch while the current ones are written.
  const writers = opts.writers ?? (store.engine === 'postgres' ? 2 : 1);
  const writing = new Set<Promise<void>>();
  let writeError: unknown = null; // kept, not left unhandled, until the loop can throw it
  try {
    let next = chunks.length ? await identify(chunks[0]!, store, seenHashes) : null;
    let nextParsed = next ? parseAll(next) : null;
    for (let k = 0; next && nextParsed; k++) {
      const batch = next, parsed = nextParsed;
      next = k + 1 < chunks.length ? await identify(chunks[k + 1]!, store, seenHashes) : null;
      const outcomes = await parsed;
      nextParsed = next ? parseAll(next) : null;
      while (writing.size >= writers) await Promise.race(writing);
      if (writeError) throw writeError;
      const w: Promise<void> = write(store, batch, outcomes, parserVersion, tally)
        .catch((e: unknown) => { writeError ??= e; })
        .finally(() => writing.delete(w));
      writing.add(w);
    }
    await Promise.all(writing);
    if (writeError) throw writeError;
  } finally {
    await pool.close();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

type Tally = (file: string, what: 'added' | 'duplicates' | 'failed' | 'skipped', failure?: { code: string; message: string }) => void;

async function write(store: Store, { candidates, decided }: Identified, outcomes: ParseOutcome[], parserVersion: string, tally: Tally): Promise<void> {
  const items: BatchItem[] = candidates.map((c, i) => {
    const o = outcomes[i]!;
    return o.ok
      ? { kind: 'report', report: o.report, bytes: c.bytes }
      : { kind: 'failure', failure: { original: { ...c.original, bytes: c.bytes }, path: c.path, fileName: c.original.name, code: o.code, message: o.message, parserVersion } };
  });
  for (const d of decided) {
    if (d.outcome === 'failed') items.push({ kind: 'failure', failure: { path: d.path, fileName: basename(d.path), code: d.code, message: d.message, parserVersion } });
  }
  const results = await saveBatch(store, items);
  const paths = [...candidates.map((c) => c.path), ...decided.filter((d) => d.outcome === 'failed').map((d) => d.path)];
  results.forEach((r, i) => {
    const item = items[i]!;
    if (r.status === 'added') tally(paths[i]!, 'added');
    else if (r.status === 'duplicate') tally(paths[i]!, 'duplicates');
    else if (r.code) tally(paths[i]!, 'failed', { code: r.code, message: r.message ?? '' });
    else tally(paths[i]!, 'failed', item.kind === 'failure' ? { code: item.failure.code, message: item.failure.message } : undefined);
  });
  for (const d of decided) if (d.outcome !== 'failed') tally(d.path, d.outcome === 'duplicate' ? 'duplicates' : 'skipped');
}
