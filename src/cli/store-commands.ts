// The commands that work on the store: ingest (and its queue), worker, reparse, serve, and compile over stored
// reports. Each opens the store (PGlite in ./xxgk-data or XXGK_DATA; PostgreSQL when DATABASE_URL is set).

import { openStore } from '../store/index.js';
import * as commands from '../ingest/commands.js';
import { serveCommand, type ServeCommandOptions } from '../server/index.js';
import { describeError } from '../errors.js';
import type { CompileItem } from '../compile/index.js';
import type { ReportData, SectionKey } from '../template/index.js';
import type { CompileFlags } from './platform.js';

export interface IngestFlags { queue?: boolean; workers?: string; data?: string; timeout?: string; json?: boolean }

/** The ingest, worker and reparse commands live with the ingest code; these adapt the command line's strings. */
export const ingestCommand = (paths: string[], f: IngestFlags) => commands.ingestCommand(paths, {
  queue: f.queue, json: f.json, dataDir: f.data,
  ...(f.workers !== undefined ? { workers: Number(f.workers) } : {}),
  ...(f.timeout !== undefined ? { timeoutMs: Number(f.timeout) * 1000 } : {}),
});
export const workerCommand = (f: { concurrency?: string; drain?: boolean }) =>
  commands.workerCommand({ drain: f.drain, ...(f.concurrency !== undefined ? { concurrency: Number(f.concurrency) } : {}) });
export const reparseCommand = (f: { data?: string; json?: boolean }) => commands.reparseCommand({ dataDir: f.data, json: f.json });

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
