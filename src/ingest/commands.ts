// The commands `xxgk ingest`, `xxgk worker` and `xxgk reparse`, ready for src/cli/main.ts to call: each opens the
// store, does its work, prints what a person needs (progress on stderr, results on stdout, bilingual) and returns
// the exit code: 0 done, 2 when a file could not be stored or the command cannot run (like `parse` and `check`).

import pc from 'picocolors';
import { ingest, type IngestFailure } from './index.js';
import { enqueue, runWorker } from './queue.js';
import { progressPrinter } from './progress.js';
import { openStore, StoreError, type Store } from '../store/index.js';
import { databaseReason } from '../store/errors.js';
import { parseBytes } from '../index.js';
import { XxgkError } from '../errors.js';

const EXIT = { ok: 0, unusable: 2 } as const;
const say = (s: string) => process.stderr.write(`${s}\n`);

export interface StoreCommandOptions {
  /** PGlite folder (default XXGK_DATA or ./xxgk-data); DATABASE_URL wins when set */
  dataDir?: string;
}

export interface IngestCommandOptions extends StoreCommandOptions {
  /** put the files on the PostgreSQL queue instead of parsing them here */
  queue?: boolean;
  /** parse threads (default: all cores) */
  workers?: number;
  /** a file that takes longer to parse fails with TIMEOUT (default 120 s) */
  timeoutMs?: number;
  /** print the summary as one JSON line on stdout */
  json?: boolean;
}

export async function ingestCommand(paths: string[], opts: IngestCommandOptions = {}): Promise<number> {
  return guarded(async () => {
    if (opts.queue) {
      const s = await enqueue(paths, process.env['DATABASE_URL'], {
        onProgress: (done, total) => { if (!process.stderr.isTTY) say(`${done}/${total}`); },
      });
      printFailures(s.failures);
      if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else say(pc.dim(`${s.seen} 个文件，${s.queued} 个已入队，${s.duplicates} 个已有，${s.skipped} 个跳过，${s.failed} 个失败 / ${s.seen} files, ${s.queued} queued, ${s.duplicates} already stored, ${s.skipped} skipped, ${s.failed} failed`));
      return s.failed ? EXIT.unusable : EXIT.ok;
    }
    return withStore(opts, async (store) => {
      const bar = progressPrinter();
      const s = await ingest(paths, store, { workers: opts.workers, timeoutMs: opts.timeoutMs, onProgress: (p) => bar.update(p) })
        .finally(() => bar.stop());
      printFailures(s.failures);
      if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else {
        const rate = s.seconds > 0 ? Math.round(s.seen / s.seconds) : s.seen;
        say(pc.dim(`${s.seen} 个文件，${s.added} 个新报告，${s.duplicates} 个已有，${s.skipped} 个跳过（非文档），${s.failed} 个失败；${s.seconds.toFixed(1)} 秒 / ${s.seen} files, ${s.added} new reports, ${s.duplicates} already stored, ${s.skipped} skipped (not documents), ${s.failed} failed; ${s.seconds.toFixed(1)} s (${rate}/s) → ${store.location}`));
      }
      return s.failed ? EXIT.unusable : EXIT.ok;
    });
  });
}

/** Take jobs from the queue until SIGINT or SIGTERM (or, with `drain`, until the queue is empty). */
export async function workerCommand(opts: { concurrency?: number; drain?: boolean } = {}): Promise<number> {
  return guarded(async () => {
    const worker = await runWorker(process.env['DATABASE_URL'], {
      concurrency: opts.concurrency, drain: opts.drain,
      onBatch: (s) => say(`${s.jobs} 个任务：${s.added} 个新报告，${s.duplicates} 个已有，${s.failed} 个失败 / ${s.jobs} jobs: ${s.added} new, ${s.duplicates} already stored, ${s.failed} failed`),
    });
    say(pc.dim('xxgk worker: 等待队列中的文件（Ctrl-C 停止）/ waiting for queued files (Ctrl-C stops)'));
    const stop = () => { say(pc.dim('xxgk worker: 正在停止 / stopping')); void worker.stop(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await worker.done;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return EXIT.ok;
  });
}

/** Read every stored original again with this version's parser and list what changed. */
export async function reparseCommand(opts: StoreCommandOptions & { json?: boolean } = {}): Promise<number> {
  return guarded(() => withStore(opts, async (store) => {
    const r = await store.reparse(parseBytes, {
      onProgress: ({ done, file }) => { if (process.stderr.isTTY) process.stderr.write(`\r${done} ${file.slice(-40).padEnd(40)}`); },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(r)}\n`);
    } else {
      for (const c of r.changed) {
        const parts = [
          c.cellsChanged.length && `${c.cellsChanged.length} 格 cells`,
          c.findingsAdded.length && `+${c.findingsAdded.length} 发现 findings (${[...new Set(c.findingsAdded.map((f) => f.rule))].join(', ')})`,
          c.findingsRemoved.length && `-${c.findingsRemoved.length} 发现 findings (${[...new Set(c.findingsRemoved.map((f) => f.rule))].join(', ')})`,
          c.fieldsChanged.length && c.fieldsChanged.join(', '),
          c.sourcesChanged && `${c.sourcesChanged} 处出处 sources`,
        ].filter(Boolean);
        process.stdout.write(`#${c.reportId} ${c.file}: v${c.version - 1} → v${c.version} · ${parts.join(' · ')}\n`);
        for (const cell of c.cellsChanged.slice(0, 20)) process.stdout.write(`    ${cell.path}: ${cell.old ?? '空白'} → ${cell.new ?? '空白'}\n`);
      }
      for (const a of r.added) process.stdout.write(`#${a.reportId} ${a.file}: ${pc.green('新报告 / now a report')}\n`);
      printFailures(r.failed.map((f) => ({ file: f.file, code: f.code, message: f.message + (f.reportId ? `（报告 #${f.reportId} 保持原样 / report kept as it was）` : '') })));
      say(pc.dim(`${r.seen} 个原件，${r.changed.length} 个有变化，${r.unchanged} 个无变化，${r.added.length} 个新报告，${r.failed.length} 个无法读取（解析器 ${r.parserVersion}）/ ${r.seen} originals, ${r.changed.length} changed, ${r.unchanged} unchanged, ${r.added.length} new, ${r.failed.length} unreadable (parser ${r.parserVersion})`));
    }
    return EXIT.ok;
  }));
}

function printFailures(failures: IngestFailure[]): void {
  for (const f of failures) say(`${f.file}: ${pc.red('无法入库 / failed')} [${f.code}] ${f.message}`);
}

async function withStore<T>(opts: StoreCommandOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: opts.dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** One bilingual line instead of a stack trace for anything the user can fix (no DATABASE_URL, a locked folder). */
async function guarded(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const known = e instanceof StoreError || e instanceof XxgkError;
    const first = databaseReason(e);
    say(`xxgk: ${typeof code === 'string' ? `[${code}] ` : ''}${known ? (e as Error).message : `数据库出错（${first}）/ database error (${first})`}`);
    return EXIT.unusable;
  }
}
