// Open one of the two engines behind the same drizzle database and bring its schema up to date with the
// migrations in drizzle/: PostgreSQL (node-postgres) when a URL is given, embedded PGlite in a folder otherwise.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { StoreError } from './errors.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Engine = 'pglite' | 'postgres';

export interface Connection {
  db: Db;
  engine: Engine;
  /** where the data is: the PGlite folder, or the URL without its password */
  location: string;
  close(): Promise<void>;
}

/** drizzle/ sits two levels above this file both in src/store and in dist/store. */
export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Rows of a raw query; both drivers answer with `{ rows }`. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Run after the migrations, before the connection is handed out (on PostgreSQL under the migrations' lock). */
export type Prepare = (db: Db) => Promise<unknown>;

export async function connectPostgres(url: string, opts: { max?: number; prepare?: Prepare } = {}): Promise<Connection> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4 });
  // An idle client losing its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema });
  // Several workers may start at once: one migrates, the others wait for it.
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['xxgk-migrate']);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await opts.prepare?.(db as unknown as Db);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', ['xxgk-migrate']).catch(() => {});
    lock.release();
  }
  return { db: db as unknown as Db, engine: 'postgres', location: redact(url), close: () => pool.end() };
}

/**
 * PGlite is PostgreSQL compiled to WebAssembly. V8 runs such a module first as quickly made baseline code and
 * optimises a function only once it has run hot, so each kind of query runs 3–5 times slower for its first few
 * hundred executions: a server's first fetches of reports were paying for it (a batch of 50 detail reads took 30–50
 * ms instead of 8–12). A process that runs for long (a server) has V8 compile the whole module optimised before the
 * database opens instead: about 1.5 s more at start, which a single command or a test would waste. Process-wide, and
 * only for modules compiled afterwards.
 */
function optimiseWholeModule(): void {
  setFlagsFromString('--no-liftoff');
}

/** `memory://` keeps everything in memory (tests); any other value is a folder. */
export async function connectPglite(dataDir: string, opts: { prepare?: Prepare; longRunning?: boolean } = {}): Promise<Connection> {
  if (opts.longRunning) optimiseWholeModule();
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : resolve(dataDir);
  const unlock = inMemory ? () => {} : lockDataDir(dir);
  try {
    // PGlite runs without fsync (its default), so full-page images in the WAL would guard against nothing (torn
    // pages come with a crash of the machine, which fsync off does not survive either) and cost a fifth of ingest.
    const client = await PGlite.create(inMemory ? undefined : dir, { postgresqlconf: ['full_page_writes = off'] });
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await opts.prepare?.(db as unknown as Db);
    return {
      db: db as unknown as Db, engine: 'pglite', location: dir,
      close: async () => { try { await client.close(); } finally { unlock(); } },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/**
 * PGlite is a database inside this process: two processes writing one folder would corrupt it. A lock file with
 * the owner's pid keeps a second one out; a lock left by a killed process is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.xxgk.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && alive(pid)) {
      throw new StoreError('DATA_DIR_IN_USE', `数据目录 ${dir} 正由进程 ${pid} 使用`, `the data folder ${dir} is in use by process ${pid}`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
