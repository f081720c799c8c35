// Ingest beyond one machine, PostgreSQL only: `enqueue` keeps each new file's content in `originals` and puts a
// job naming it on a pg-boss queue; `runWorker`, on any number of machines, takes jobs in batches, parses them on all
// cores and saves them like ingest does. The job carries the content hash, not the bytes: the bytes are already in
// the database, once, whichever machine parses them.

import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import PgBoss from 'pg-boss';
import { expandPaths } from './files.js';
import { identify } from './identify.js';
import { ParsePool } from './pool.js';
import { saveBatch } from './save.js';
import type { IngestFailure } from './index.js';
import { openStore, type BatchItem, type Store } from '../store/index.js';
import { noDatabaseUrl } from '../store/errors.js';
import { XxgkError, describeError } from '../errors.js';
import { VERSION } from '../version.js';

export const QUEUE_NAME = 'xxgk-ingest';

interface JobData { hash: string; name: string; path: string }

export interface EnqueueSummary {
  seen: number;
  queued: number;
  /** already stored as reports, or twice among the files */
  duplicates: number;
  skipped: number;
  failed: number;
  failures: IngestFailure[];
}

async function startBoss(databaseUrl: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 2 });
  boss.on('error', (e) => process.stderr.write(`xxgk queue: ${e.message}\n`));
  await boss.start();
  // short policy: at most one waiting job per content (singletonKey = hash), so enqueuing twice queues once
  await boss.createQueue(QUEUE_NAME, { name: QUEUE_NAME, policy: 'short', retryLimit: 2 });
  return boss;
}

const needUrl = (url: string | undefined, what: string): string => {
  if (!url) throw noDatabaseUrl(what);
  return url;
};

export async function enqueue(paths: string[], databaseUrl = process.env['DATABASE_URL'], opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<EnqueueSummary> {
  const url = needUrl(databaseUrl, 'xxgk ingest --queue');
  const store = await openStore({ databaseUrl: url });
  const boss = await startBoss(url);
  try {
    const { files, missing } = await expandPaths(paths);
    const out: EnqueueSummary = { seen: files.length, queued: 0, duplicates: 0, skipped: 0, failed: 0, failures: [] };
    for (const arg of missing) {
      out.failed++;
      out.failures.push({ file: arg, ...describeError(new XxgkError('NOT_FOUND', `找不到文件：${arg}`, `file not found: ${arg}`)) });
    }
    const seen = new Set<string>();
    const size = opts.batchSize ?? 500;
    for (let i = 0; i < files.length; i += size) {
      const { candidates, decided } = await identify(files.slice(i, i + size), store, seen);
      // originals first: a job is never without its content; killed in between, the next enqueue queues it again
      await store.keepOriginals(candidates.map((c) => ({ ...c.original, bytes: c.bytes })));
      if (candidates.length) {
        await boss.insert(candidates.map((c) => ({
          name: QUEUE_NAME, singletonKey: c.original.hash, data: { hash: c.original.hash, name: c.original.name, path: c.path } satisfies JobData,
        })));
      }
      out.queued += candidates.length;
      const unreadable = decided.flatMap((d) => (d.outcome === 'failed' ? [d] : []));
      if (unreadable.length) {
        await saveBatch(store, unreadable.map((d): BatchItem => ({ kind: 'failure', failure: { path: d.path, fileName: basename(d.path), code: d.code, message: d.message, parserVersion: VERSION } })));
      }
      for (const d of decided) {
        if (d.outcome === 'failed') { out.failed++; out.failures.push({ file: d.path, code: d.code, message: d.message }); }
        else if (d.outcome === 'duplicate') out.duplicates++;
        else out.skipped++;
      }
      opts.onProgress?.(Math.min(i + size, files.length), files.length);
    }
    return out;
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await store.close();
  }
}

export interface WorkerOptions {
  /** parse threads; default all cores */
  concurrency?: number;
  /** jobs taken at a time */
  batchSize?: number;
  /** stop when the queue is empty (tests, one-off runs); otherwise run until stop() */
  drain?: boolean;
  onBatch?: (stats: WorkerStats) => void;
  parserVersion?: string;
}

export interface WorkerStats { added: number; duplicates: number; failed: number; jobs: number }

export interface WorkerHandle {
  stats: WorkerStats;
  /** settles when the worker has stopped */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function runWorker(databaseUrl = process.env['DATABASE_URL'], opts: WorkerOptions = {}): Promise<WorkerHandle> {
  const url = needUrl(databaseUrl, 'xxgk worker');
  const concurrency = opts.concurrency ?? availableParallelism();
  const parserVersion = opts.parserVersion ?? VERSION;
  const store = await openStore({ databaseUrl: url });
  const boss = await startBoss(url);
  const pool = new ParsePool(concurrency);
  const stats: WorkerStats = { added: 0, duplicates: 0, failed: 0, jobs: 0 };

  const handle = async (jobs: Array<PgBoss.Job<JobData>>) => {
    await processJobs(store, pool, jobs.map((j) => j.data), parserVersion, stats);
    stats.jobs += jobs.length;
    opts.onBatch?.({ ...stats });
  };
  const workOptions = { batchSize: opts.batchSize ?? Math.max(50, concurrency * 25), pollingIntervalSeconds: 1 };
  // two loops: one batch is written while the next one is parsed
  await boss.work<JobData>(QUEUE_NAME, workOptions, handle);
  await boss.work<JobData>(QUEUE_NAME, workOptions, handle);

  let stopping: Promise<void> | null = null;
  let drainTimer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => { resolveDone = r; });
  const stop = () => stopping ??= (async () => {
    clearInterval(drainTimer);
    await boss.stop({ graceful: true, wait: true, timeout: 60_000 }).catch(() => {});
    await pool.close();
    await store.close();
    resolveDone();
  })();
  if (opts.drain) {
    // created, retry and active jobs all count: the queue is drained when none is left in any of them
    drainTimer = setInterval(() => {
      boss.getQueueSize(QUEUE_NAME, { before: 'completed' }).then((n) => { if (n === 0) void stop(); }, () => {});
    }, 500);
  }
  return { stats, done, stop };
}

async function processJobs(store: Store, pool: ParsePool, jobs: JobData[], parserVersion: string, stats: WorkerStats): Promise<void> {
  const known = await store.knownHashes(jobs.map((j) => j.hash));
  const fresh = jobs.filter((j, i) => !known.has(j.hash) && jobs.findIndex((k) => k.hash === j.hash) === i);
  stats.duplicates += jobs.length - fresh.length;
  const originals = new Map((await store.originals(fresh.map((j) => j.hash))).map((o) => [o.hash, o]));
  const items: BatchItem[] = await Promise.all(fresh.map(async (j): Promise<BatchItem> => {
    const o = originals.get(j.hash);
    if (!o) {
      return { kind: 'failure', failure: { path: j.path, fileName: j.name, code: 'NOT_FOUND', message: `队列中的文件内容不在数据库中 / the queued content ${j.hash} is not in the database`, parserVersion } };
    }
    const original = { hash: o.hash, name: j.name || basename(j.path), kind: o.kind, size: o.size };
    const outcome = await pool.parse({ bytes: o.bytes, name: original.name, original, parserVersion });
    return outcome.ok
      ? { kind: 'report', report: outcome.report, bytes: o.bytes }
      : { kind: 'failure', failure: { original: { ...original, bytes: o.bytes }, path: j.path, fileName: original.name, code: outcome.code, message: outcome.message, parserVersion } };
  }));
  for (const r of await saveBatch(store, items)) {
    if (r.status === 'added') stats.added++;
    else if (r.status === 'duplicate') stats.duplicates++;
    else stats.failed++;
  }
}
