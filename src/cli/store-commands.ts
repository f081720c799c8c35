// The commands that work on the store: ingest (and its queue), worker, reparse, serve, and compile over stored
// reports. Each opens the store (PGlite in ./xxgk-data or XXGK_DATA; PostgreSQL when DATABASE_URL is set).

import { openStore } from '../store/index.js';
import * as commands from '../ingest/commands.js';
import { serveCommand, type ServeCommandOptions } from '../server/index.js';
import { compiledOutput, exportTarget, selectionOf, type CompileFlags } from './platform.js';

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

/**
 * `xxgk compile` over the store: the same path as GET /api/compile — the tallies the store keeps per group of
 * reports and its per-report rows (with the reports' problems), finished by src/compile — so the same output.
 */
export async function compileStore(flags: CompileFlags & { data?: string }): Promise<Uint8Array> {
  const selection = selectionOf(flags);
  exportTarget(flags.to); // a wrong --to is said before the store is opened
  const store = await openStore({ dataDir: flags.data });
  try {
    return await compiledOutput(await store.compile(selection), flags);
  } finally {
    await store.close();
  }
}
