// Ingest speed into both engines: 10,000 generated text reports (XXGK_BENCH_INGEST to change), written as files,
// ingested with all cores into a fresh PGlite folder and into a fresh PostgreSQL 15 (a throwaway server like the
// tests', or DATABASE_URL when set). `benchStore()` returns rows {what, measured, target, met} for bench/run.mjs;
// `node bench/store.mjs` prints them. Runs on the built library (dist/).
import { mkdtempSync, writeFileSync, rmSync, existsSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { openStore } from '../dist/store/index.js';
import { ingest } from '../dist/ingest/index.js';
import { generateReport } from '../dist/generate/index.js';
import { renderText, TEXT_LAYOUTS } from '../dist/render/text.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function benchStore({ n = Number(process.env.XXGK_BENCH_INGEST ?? 10_000) } = {}) {
  const rows = [];
  const files = mkdtempSync(join(tmpdir(), 'xxgk-bench-ingest-'));
  try {
    for (let seed = 1; seed <= n; seed++) {
      const layout = TEXT_LAYOUTS[seed % TEXT_LAYOUTS.length];
      writeFileSync(join(files, `r${String(seed).padStart(6, '0')}.${layout === 'markdown' ? 'md' : 'txt'}`), renderText(generateReport(seed), { layout, seed }));
    }
    const what = (engine) => `ingest ${n.toLocaleString('en')} generated reports into ${engine}`;

    const liteDir = mkdtempSync(join(tmpdir(), 'xxgk-bench-lite-'));
    try {
      rows.push(result(what('PGlite'), await timeIngest({ dataDir: liteDir }, files, n), n, 200));
    } finally {
      rmSync(liteDir, { recursive: true, force: true });
    }

    const server = process.env.DATABASE_URL ? null : await startPostgres();
    if (!process.env.DATABASE_URL && !server.url) {
      rows.push({ what: what('PostgreSQL 15'), measured: `not measured: ${server.why}`, target: '≥ 500 reports/s', met: false });
    } else {
      try {
        rows.push(result(what('PostgreSQL 15'), await timeIngest({ databaseUrl: process.env.DATABASE_URL ?? server.url }, files, n), n, 500));
      } finally {
        server?.stop();
      }
    }
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
  return rows;
}

async function timeIngest(opts, dir, n) {
  const store = await openStore(opts);
  try {
    const s = await ingest([dir], store);
    if (s.added !== n) throw new Error(`expected ${n} new reports, got ${s.added} (${s.failed} failed)`);
    return s.seconds;
  } finally {
    await store.close();
  }
}

const result = (what, seconds, n, target) => {
  const rate = n / seconds;
  return { what, measured: `${Math.round(rate)} reports/s (${seconds.toFixed(1)} s)`, target: `≥ ${target} reports/s`, met: rate >= target };
};

/** A throwaway server as in test/support/postgres.ts: initdb as postgres, a free port, stopped at the end. */
async function startPostgres() {
  if (!existsSync(`${PG_BIN}/initdb`)) return { why: `PostgreSQL 15 is not installed (${PG_BIN})`, stop() {} };
  const root = mkdtempSync(join(tmpdir(), 'xxgk-bench-pg-'));
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(root, id('-u'), id('-g'));
  const as = (args) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
  const dir = join(root, 'data');
  as([`${PG_BIN}/initdb`, '-D', dir, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
  // A server set up for bulk loading as a DBA would (the defaults, 128 MB of buffers and a checkpoint every 1 GB of
  // WAL, are sized for a laptop); durability settings stay at their defaults.
  const settings = '-c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=30min';
  as([`${PG_BIN}/pg_ctl`, '-D', dir, '-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 ${settings}`, '-l', join(root, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try { as([`${PG_BIN}/pg_ctl`, '-D', dir, '-m', 'fast', '-w', 'stop']); } catch { /* already down */ }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchStore();
  for (const r of rows) console.log(`${r.what} | ${r.measured} | ${r.target} | ${r.met ? 'yes' : 'NO'}`);
  process.exitCode = rows.every((r) => r.met) ? 0 : 1;
}
