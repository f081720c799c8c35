// Benchmark of the HTTP API (issue 4 and 5 targets), on the built library (dist/):
//   - a report fetch (GET /api/reports/:id): p99 < 50 ms under 50 concurrent clients on loopback;
//   - the list answering a filter over 100,000 reports < 200 ms;
//   - compile over 100,000 stored reports < 1 s.
// The database is PGlite in a folder (the default engine), or PostgreSQL when DATABASE_URL is set. It is filled with
// generated reports through the store's batch API: 20,000 agencies × 5 years; the first 1,000 reports carry all
// their cells, sources and kept detail (what a fetch reads), the others their data only (what the list reads; compile
// reads the tallies the store keeps per group of reports, written with every report). The
// filled folder is kept in .bench-tmp/ and reused while the generator and the store are unchanged. After filling,
// VACUUM ANALYZE (PostgreSQL's autovacuum does it by itself; PGlite has no background workers).
// The server runs in a child process (`serve` from dist/server), so the load generator does not share its event
// loop; the load generator sends a fixed number of requests and stops by itself.
//
//   node bench/api.mjs            # prints the table; XXGK_BENCH_API_REPORTS=20000 for a smaller run

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const TOKEN = 'bench-token';

const AGENCIES = 20_000;
const FIRST_YEAR = 2020;
const WITH_CELLS = 1_000;

/** Rows { what, measured, target, met } like bench/run.mjs prints. */
export async function benchApi(opts = {}) {
  const n = Number(opts.reports ?? process.env.XXGK_BENCH_API_REPORTS ?? 100_000);
  const requests = Number(opts.requests ?? 5_000);
  const concurrency = Number(opts.concurrency ?? 50);
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const rows = [];
  const record = (what, measured, target, met) => rows.push({ what, measured, target, met: met ? 'yes' : 'NO' });

  const engine = databaseUrl ? 'PostgreSQL' : 'PGlite';
  const dataDir = join(ROOT, '.bench-tmp', `api-${n}`);
  const t0 = performance.now();
  const { fetchIds, built } = await fillDatabase({ n, dataDir, databaseUrl });
  const fillSeconds = (performance.now() - t0) / 1000;
  if (built) record(`fill ${engine} with ${n.toLocaleString('en')} generated reports (store.saveBatch)`, `${Math.round(n / fillSeconds)} reports/s (${fillSeconds.toFixed(0)} s)`, '(set-up, no target)', true);

  const server = await startServer({ dataDir, databaseUrl });
  try {
    // 1. report fetch under load
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const paths = fetchIds.map((id) => `/api/reports/${id}`);
    // warm-up of the JIT and the connections on another route: every report's first fetch below is a cold one
    await load(server.url, agent, ['/api/health'], 500, concurrency);
    const cpu0 = await server.cpu();
    const s = await load(server.url, agent, paths, requests, concurrency);
    const cpuPerRequest = (await server.cpu() - cpu0) / requests;
    record(`GET /api/reports/:id, ${requests.toLocaleString('en')} requests over ${paths.length.toLocaleString('en')} reports (each fetched cold once), ${concurrency} concurrent clients, ${engine} with ${n.toLocaleString('en')} reports`,
      `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (first fetches: p99 ${s.coldP99.toFixed(1)} ms), ${Math.round(s.rps)} req/s, server CPU ${cpuPerRequest.toFixed(2)} ms/request${s.failed ? `, ${s.failed} FAILED` : ''}`,
      'p99 < 50 ms', s.p99 < 50 && !s.failed);
    const again = await load(server.url, agent, paths, requests, concurrency);
    record(`the same ${requests.toLocaleString('en')} requests again (every report's detail cached)`,
      `p50 ${again.p50.toFixed(1)} ms, p99 ${again.p99.toFixed(1)} ms, ${Math.round(again.rps)} req/s${again.failed ? `, ${again.failed} FAILED` : ''}`,
      'p99 < 50 ms', again.p99 < 50 && !again.failed);

    // 2. the list, filtered
    const filters = [
      'year=2022&limit=50',
      'year=2023&level=county&sort=-errors&limit=50',
      'hasErrors=true&sort=agency&limit=50&offset=5000',
      `region=${encodeURIComponent('宝清1县')}&limit=50`,
      `q=${encodeURIComponent('财政局')}&year=2021,2022&sort=-year&limit=200`,
    ];
    let worst = 0, worstFilter = '';
    for (const f of filters) {
      await get(server.url, agent, `/api/reports?${f}`);
      const times = [];
      for (let i = 0; i < 5; i++) times.push((await get(server.url, agent, `/api/reports?${f}`)).ms);
      const median = times.sort((a, b) => a - b)[2];
      if (median > worst) { worst = median; worstFilter = f; }
    }
    record(`GET /api/reports?<filter> over ${n.toLocaleString('en')} reports (${filters.length} filters, median of 5 each)`,
      `slowest ${worst.toFixed(0)} ms (${decodeURIComponent(worstFilter)})`, '< 200 ms', worst < 200);

    // 3. compile over every report: the first time (from the store's tallies) and again (cached until data changes)
    const cold = await get(server.url, agent, '/api/compile');
    const count = JSON.parse(cold.body).reportCount;
    const warm = await get(server.url, agent, '/api/compile');
    record(`GET /api/compile over ${count.toLocaleString('en')} stored reports, first request (tallies kept in ${engine})`, `${(cold.ms / 1000).toFixed(2)} s`, '< 1 s', cold.ms < 1000 && count === n);
    record(`GET /api/compile over ${count.toLocaleString('en')} stored reports, again (cached while the data is unchanged)`, `${warm.ms.toFixed(0)} ms`, '< 1 s', warm.ms < 1000);

    // 4. dashboard (no target in the issues; measured for the web app)
    const dash = await get(server.url, agent, '/api/dashboard');
    const dashWarm = await get(server.url, agent, '/api/dashboard');
    record(`GET /api/dashboard over ${n.toLocaleString('en')} reports (first / cached)`, `${(dash.ms / 1000).toFixed(2)} s / ${dashWarm.ms.toFixed(0)} ms`, '(no target)', true);
    agent.destroy();
  } finally {
    await server.stop();
  }
  return rows;
}

// ---- data ---------------------------------------------------------------------------------------------------------

/** Fill the database unless the folder already holds this data; returns the ids of reports with cells. */
async function fillDatabase({ n, dataDir, databaseUrl }) {
  const { openStore, prepareReport } = await import(join(DIST, 'store/index.js'));
  const { generateReport } = await import(join(DIST, 'generate/index.js'));
  const { check } = await import(join(DIST, 'check/index.js'));
  const { cellsOf, getCell } = await import(join(DIST, 'template/index.js'));
  const { VERSION } = await import(join(DIST, 'version.js'));
  const marker = join(dataDir, 'bench.json');
  const migrations = createHash('sha256');
  for (const f of readdirSync(join(ROOT, 'drizzle')).filter((x) => x.endsWith('.sql')).sort()) migrations.update(readFileSync(join(ROOT, 'drizzle', f)));
  const stamp = JSON.stringify({ n, version: VERSION, agencies: AGENCIES, withCells: WITH_CELLS, migrations: migrations.digest('hex') });
  if (!databaseUrl && existsSync(marker) && readFileSync(marker, 'utf8') === stamp) {
    return { fetchIds: Array.from({ length: Math.min(WITH_CELLS, n) }, (_, i) => i + 1), built: false };
  }
  if (!databaseUrl) { rmSync(dataDir, { recursive: true, force: true }); mkdirSync(dataDir, { recursive: true }); }
  const store = await openStore({ dataDir, databaseUrl });
  if (databaseUrl && (await store.counts()).reports > 0) {
    await store.close();
    throw new Error('bench/api.mjs: DATABASE_URL must point to an empty database');
  }

  // 1,000 distinct reports per format; each stored report is one of them under its own agency and year
  const pool = { '2019': [], '2021': [] };
  for (const format of ['2019', '2021']) {
    for (let s = 1; s <= 1000; s++) {
      const r = generateReport(s, { format, blanks: s % 4 === 0 });
      const sources = {};
      cellsOf(format).forEach((c, i) => {
        const v = getCell(r, c.path);
        if (v !== null && v !== undefined) sources[c.path] = { raw: String(v), line: 40 + Math.floor(i / 7), column: 3 + (i % 7) * 6, offset: 900 + i * 6 };
      });
      pool[format].push({ ...r, sources, findings: check(r) });
    }
  }
  const agencyNames = Array.from({ length: AGENCIES }, (_, k) =>
    generateReport(100_000 + k).agency.replace(/(县|区|市)/, `${k}$1`));

  const years = Math.ceil(n / AGENCIES);
  const emptyCells = { count: 0, pathRefs: '', values: '', raws: '', lines: '', cols: '', offsets: '', pages: '', positions: '' };
  const batch = 1000;
  const fetchIds = [];
  for (let i = 0; i < n; i += batch) {
    const items = [];
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const year = FIRST_YEAR + (j % years);
      const agency = agencyNames[Math.floor(j / years) % AGENCIES];
      const format = year >= 2021 ? '2021' : '2019';
      const base = pool[format][j % 1000];
      const parsed = { ...base, agency, year, title: `${agency}${year}年政府信息公开工作年度报告` };
      const bytes = new TextEncoder().encode(`bench report ${j}`);
      const prepared = prepareReport(parsed, { hash: `bench-${n}-${j}`, name: `r${j}.txt`, kind: 'text', size: bytes.length }, VERSION);
      // the others are never fetched: no cells, and no detail kept (it would be made from the cells on a first fetch)
      if (j >= WITH_CELLS) { prepared.cells = emptyCells; prepared.detail = null; }
      items.push({ kind: 'report', report: prepared, bytes });
    }
    const outcomes = await store.saveBatch(items);
    outcomes.forEach((o, k) => { if (i + k < WITH_CELLS && o.status === 'added') fetchIds.push(o.id); });
  }
  // What PostgreSQL's autovacuum does by itself and PGlite (one process, no background workers) does not: planner
  // statistics, and the visibility map that lets a count read the index alone.
  const { sql } = await import('drizzle-orm');
  await store.db.execute(sql`VACUUM ANALYZE`);
  await store.close();
  if (!databaseUrl) writeFileSync(marker, stamp);
  return { fetchIds, built: true };
}

// ---- server and load ------------------------------------------------------------------------------------------------

/** `serve` from dist/ in a child process; resolves with its URL once it listens. */
function startServer({ dataDir, databaseUrl }) {
  const script = `
    import { serve } from ${JSON.stringify(join(DIST, 'server/index.js'))};
    const server = await serve({ port: 0, dataDir: ${JSON.stringify(dataDir)}, token: ${JSON.stringify(TOKEN)}, workers: 0, print: () => {} });
    process.stdout.write(JSON.stringify({ url: server.url }) + '\\n');
    process.on('SIGUSR2', () => process.stdout.write(JSON.stringify({ cpu: process.cpuUsage() }) + '\\n'));
    process.once('SIGTERM', async () => { await server.close(); process.exit(0); });`;
  const env = { ...process.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl; else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.stdout.off('data', onData);
      const { url } = JSON.parse(line);
      resolveStart({
        url,
        /** CPU time the server has used, in ms */
        cpu: () => new Promise((done) => {
          const onCpu = (d) => {
            const l = String(d).split('\n').find((x) => x.startsWith('{"cpu"'));
            if (!l) return;
            child.stdout.off('data', onCpu);
            const { cpu } = JSON.parse(l);
            done((cpu.user + cpu.system) / 1000);
          };
          child.stdout.on('data', onCpu);
          child.kill('SIGUSR2');
        }),
        stop: () => new Promise((done) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => { clearTimeout(timer); done(); });
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench/api.mjs: the server exited (${code}) before listening`)));
  });
}

function get(base, agent, path) {
  const t = performance.now();
  return new Promise((resolveGet, reject) => {
    const req = http.get(`${base}${path}`, { agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolveGet({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t }));
      res.on('error', reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** `total` GETs over `paths` (in a fixed shuffled order) from `concurrency` clients; latencies in ms. */
async function load(base, agent, paths, total, concurrency) {
  const order = Array.from({ length: total }, (_, i) => paths[(i * 7919) % paths.length]);
  const latencies = [], cold = [];
  const seen = new Set();
  let next = 0, failed = 0;
  const t0 = performance.now();
  const client = async () => {
    while (next < total) {
      const path = order[next++];
      const first = !seen.has(path);
      seen.add(path);
      try {
        const r = await get(base, agent, path);
        if (r.status !== 200) failed++;
        latencies.push(r.ms);
        if (first) cold.push(r.ms);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - t0) / 1000;
  const q = (list, p) => list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))] ?? Infinity;
  return { p50: q(latencies, 0.5), p99: q(latencies, 0.99), coldP99: q(cold, 0.99), rps: total / seconds, failed };
}

// ---- run on its own -------------------------------------------------------------------------------------------------

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await benchApi();
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => [r.what, r.measured, r.target][i].length), 8));
  console.log(`\n${'what'.padEnd(w[0])} | ${'measured'.padEnd(w[1])} | ${'target'.padEnd(w[2])} | met`);
  console.log(`${'-'.repeat(w[0])}-|-${'-'.repeat(w[1])}-|-${'-'.repeat(w[2])}-|----`);
  for (const r of rows) console.log(`${r.what.padEnd(w[0])} | ${r.measured.padEnd(w[1])} | ${r.target.padEnd(w[2])} | ${r.met}`);
  process.exitCode = rows.every((r) => r.met === 'yes') ? 0 : 1;
}
