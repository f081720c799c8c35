// The store, ingest and the queue against both engines: PGlite in this process, and a real PostgreSQL 15 started
// for the test (skipped, saying why, where PostgreSQL 15 is not installed).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { expectCrossYearFresh, storeSuite, SEED_AND_CORPUS } from './support/store-suite.js';
import { postgresUnavailable, startPostgres, type TestPostgres } from './support/postgres.js';
import { openStore, prepareReport, sha256 } from '../src/store/index.js';
import { rowsOf } from '../src/store/connect.js';
import { generateReport } from '../src/generate/index.js';
import { check } from '../src/check/index.js';
import { enqueue, runWorker } from '../src/ingest/index.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

storeSuite({
  name: 'PGlite',
  fresh: async ({ onDisk } = {}) => {
    if (!onDisk) return { dataDir: 'memory://' };
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-lite-'));
    dirs.push(dir);
    return { dataDir: dir };
  },
});

const unavailable = postgresUnavailable();
if (unavailable) {
  describe('PostgreSQL 15', () => {
    it.skip(`skipped: ${unavailable}`, () => {});
  });
} else {
  let server: TestPostgres | null = null;
  let databases = 0;
  const fresh = async () => {
    server ??= await startPostgres();
    const name = `xxgk_test_${++databases}`;
    const admin = new pg.Client(server.url);
    await admin.connect();
    // a fixed, generated name: identifiers cannot be parameters
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return { databaseUrl: server.url.replace(/\/postgres$/, `/${name}`) };
  };
  afterAll(() => server?.stop());

  storeSuite({ name: 'PostgreSQL 15', fresh });

  describe('cross-year findings with writers at once on PostgreSQL 15', () => {
    it('two writers of one agency\'s consecutive years, each in its own transaction, pair them (they take turns)', async () => {
      const opts = await fresh();
      const [a, b] = [await openStore(opts), await openStore(opts)];
      try {
        const item = (seed: number, agency: string, year: number) => {
          const r = { ...generateReport(seed, { format: '2021' }), agency, year, title: `${agency}${year}年政府信息公开工作年度报告` };
          const bytes = new TextEncoder().encode(JSON.stringify(r));
          const report = prepareReport({ ...r, sources: {}, findings: check(r) }, { hash: sha256(bytes), name: `${seed}.json`, kind: 'text', size: bytes.length }, 't');
          return { kind: 'report' as const, bytes, report };
        };
        for (let k = 0; k < 12; k++) {
          const agency = `并发${k}县人民政府`;
          // with other agencies' reports, so that each transaction takes a while
          const others = (n: number) => Array.from({ length: 20 }, (_, i) => item(10_000 + k * 100 + n * 50 + i, `其他${k}-${n}-${i}局`, 2022));
          await Promise.all([a.saveBatch([...others(0), item(k * 2 + 1, agency, 2022)]), b.saveBatch([...others(1), item(k * 2 + 2, agency, 2023)])]);
        }
        const rows = await rowsOf<{ n: number }>(a.db, sql`
          SELECT count(*)::int AS n FROM cross_year_findings x JOIN reports r ON r.id = x.report_id JOIN agencies g ON g.id = r.agency_id
          WHERE g.name LIKE '并发%'`);
        expect(rows[0]!.n).toBe(12);
        await expectCrossYearFresh(a);
      } finally {
        await a.close();
        await b.close();
      }
    }, 120_000);
  });

  describe('queue (pg-boss) on PostgreSQL 15', () => {
    let url: string;
    beforeAll(async () => { url = (await fresh()).databaseUrl; });

    it('enqueue puts files on the queue once; workers store them like ingest', async () => {
      const q1 = await enqueue(SEED_AND_CORPUS, url);
      expect(q1).toMatchObject({ seen: 9, queued: 9, duplicates: 0, failed: 0 });
      const worker = await runWorker(url, { concurrency: 2, drain: true });
      await worker.done;
      expect(worker.stats).toMatchObject({ added: 8, failed: 1, jobs: 9 });
      const q2 = await enqueue(SEED_AND_CORPUS, url);
      // the 8 reports are stored; the blank template has no report, so it is queued (and fails) again
      expect(q2).toMatchObject({ queued: 1, duplicates: 8 });
      const w2 = await runWorker(url, { concurrency: 1, drain: true });
      await w2.done;
      const store = await openStore({ databaseUrl: url });
      expect(await store.counts()).toMatchObject({ reports: 8, failures: 1, originals: 9 });
      expect((await store.failures())[0]).toMatchObject({ code: 'NO_DATA', file: 'template-2021-blank.docx' });
      await store.close();
    }, 120_000);
  });
}

describe('queue without PostgreSQL', () => {
  it('says that DATABASE_URL is needed', async () => {
    await expect(enqueue(['x'], '')).rejects.toMatchObject({ code: 'NO_DATABASE_URL', message: expect.stringContaining('DATABASE_URL') });
    await expect(runWorker('')).rejects.toMatchObject({ code: 'NO_DATABASE_URL' });
  });
});
