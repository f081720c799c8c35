// The commands that work on the store: ingest (and its queue), worker, reparse, serve, and compile over stored
// reports. Each opens the store (PGlite in ./xxgk-data or XXGK_DATA; PostgreSQL when DATABASE_URL is set).

import { openStore } from '../store/index.js';
import { ingest, enqueue, runWorker, progressPrinter } from '../ingest/index.js';
import { parseBytes } from '../index.js';
import { serveCommand, type ServeCommandOptions } from '../server/index.js';
import { describeError } from '../errors.js';
import type { CompileItem } from '../compile/index.js';
import type { ReportData, SectionKey } from '../template/index.js';
import type { CompileFlags } from './platform.js';

export interface IngestFlags { queue?: boolean; workers?: string; data?: string; timeout?: string }

export async function ingestCommand(paths: string[], flags: IngestFlags): Promise<number> {
  if (flags.queue) {
    const s = await enqueue(paths, process.env['DATABASE_URL'], { onProgress: (d, t) => process.stderr.write(`\r入队 queued ${d}/${t}`) });
    process.stderr.write(`\n${JSON.stringify(s)}\n`);
    return 0;
  }
  const store = await openStore({ dataDir: flags.data });
  try {
    const progress = progressPrinter();
    const s = await ingest(paths, store, {
      onProgress: (p) => progress.update(p),
      ...(flags.workers !== undefined ? { workers: Number(flags.workers) } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: Number(flags.timeout) * 1000 } : {}),
    });
    progress.stop();
    for (const f of s.failures) process.stderr.write(`${f.file}: 无法处理 / failed [${f.code}] ${f.message}\n`);
    process.stderr.write(`${s.seen} 个文件：新增 ${s.added}，重复 ${s.duplicates}，失败 ${s.failed}，跳过 ${s.skipped}，用时 ${s.seconds.toFixed(1)} 秒 / ${s.seen} files: ${s.added} added, ${s.duplicates} duplicates, ${s.failed} failed, ${s.skipped} skipped\n`);
    return s.failed ? 2 : 0;
  } finally {
    await store.close();
  }
}

export async function workerCommand(flags: { concurrency?: string }): Promise<number> {
  const w = await runWorker(process.env['DATABASE_URL'], flags.concurrency ? { concurrency: Number(flags.concurrency) } : {});
  const stop = () => { void w.stop(); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await w.done;
  process.stderr.write(`${JSON.stringify(w.stats)}\n`);
  return 0;
}

export async function reparseCommand(flags: { data?: string; json?: boolean }): Promise<number> {
  const store = await openStore({ dataDir: flags.data });
  try {
    const s = await store.reparse((bytes, name) => parseBytes(bytes, name));
    if (flags.json) process.stdout.write(JSON.stringify(s) + '\n');
    else {
      process.stdout.write(`解析器 ${s.parserVersion}：${s.seen} 份原件，${s.unchanged} 份不变，${s.changed.length} 份有变化，${s.added.length} 份新增，${s.failed.length} 份失败\n`);
      for (const c of s.changed) process.stdout.write(`  ${JSON.stringify(c)}\n`);
    }
    return s.failed.length ? 2 : 0;
  } finally {
    await store.close();
  }
}

export { serveCommand, type ServeCommandOptions };

const NO_SECTIONS = { overview: null, activeDisclosure: null, requests: null, appeals: null, problems: null, other: null } as Record<SectionKey, null>;

/** Compile items from the stored reports (the selection is applied by compile's own filter as well). */
export async function itemsFromStore(flags: CompileFlags & { data?: string }): Promise<{ items: CompileItem[]; failed: Array<{ name: string; reason: string }> }> {
  const store = await openStore({ dataDir: flags.data });
  try {
    const items: CompileItem[] = [];
    const filter = { ...(flags.year ? { year: Number(flags.year) } : {}), ...(flags.region ? { region: flags.region } : {}), ...(flags.level ? { level: flags.level } : {}) };
    for await (const row of store.allReportData(filter)) {
      const report = { ...row.data, sections: NO_SECTIONS } as ReportData;
      items.push({ report, agency: row.agency?.name ?? null, findings: [], id: String(row.id) });
    }
    const failed = (await store.failures({ limit: 10_000 })).map((f) => ({ name: f.file, reason: `[${f.code}] ${f.message}` }));
    return { items, failed };
  } catch (e) {
    throw new Error(describeError(e).message);
  } finally {
    await store.close();
  }
}
