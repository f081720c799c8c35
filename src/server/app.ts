// The HTTP API of `xxgk serve` (hono): every route of ROUTES (contract.ts), wired to the modules that do the work.
// Reading is open; a correction needs the bearer token. Errors are `{ error: { code, message } }` with their
// status, never a stack trace; every SQL statement is parameterised (the store's, or drizzle's in queries.ts).

import { Hono, type Context } from 'hono';
import type { Store } from '../store/index.js';
import type { CompiledReport } from '../compile/index.js';
import { toCsv, toXlsx } from '../export/index.js';
import { check } from '../check/index.js';
import { parseReportData } from '../template/schema.js';
import type { FormatId } from '../template/index.js';
import { VERSION } from '../version.js';
import { API_PREFIX, type Dashboard, type Health } from './contract.js';
import { bearerCheck } from './auth.js';
import { badRequest, HttpError, notFound, toHttpError } from './errors.js';
import { CONTENT_TYPES, fileName, fileResponse, readJson, SECURITY_HEADERS } from './http.js';
import { choice, filterOf, idParam, intParam, LEVELS, listQueryOf } from './params.js';
import { listReports } from './queries.js';
import { filesOf, readBody, storeUploads, type ParseFn } from './upload.js';
import {
  compareReports, correct, correctionOf, exportFile, exportReport, originalFile, previousYear, REPORT_EXPORTS, RENDER_TARGETS,
} from './reports.js';
import { DetailLoader, reportDetailJson } from './detail.js';
import { dashboard } from './dashboard.js';
import { templateInfo } from './template.js';
import { openApiDocument } from './openapi.js';
import { staticFiles } from './static.js';
import { DataVersion, StampedCache } from './cache.js';

export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const DETAIL_CACHE_BYTES = 128 * 1024 * 1024;

export interface AppOptions {
  store: Store;
  /** the write token (corrections) */
  token: string;
  /** largest upload body; default 64 MiB */
  maxUploadBytes?: number;
  /** the built web app, served for every path outside /api */
  staticDir?: string;
  /** how uploads are parsed; default in this thread (serve() passes a pool of worker threads) */
  parse?: ParseFn;
  /** unexpected errors (the client gets a plain 500) */
  log?: (e: unknown) => void;
}

/** JSON responses are data, never a page: nothing in them may run or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function createApp(opts: AppOptions): Hono {
  const { store } = opts;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const requireToken = bearerCheck(opts.token);
  const log = opts.log ?? ((e: unknown) => console.error('xxgk serve:', e));
  const data = new DataVersion(store);
  const compiles = new StampedCache<CompiledReport>(8);
  const dashboards = new StampedCache<Dashboard>(16);
  // counting is a scan of every report (35 ms over 100,000): a health check, asked often, must not repeat it
  const counts = new StampedCache<Awaited<ReturnType<Store['counts']>>>(1);
  // a report's detail as sent (tens of KB with its sources): the page and every click on a cell ask for it
  const details = new StampedCache<Buffer>(5000, (b) => b.byteLength, DETAIL_CACHE_BYTES);
  const detailLoader = new DetailLoader(store);
  const files = opts.staticDir ? staticFiles(opts.staticDir) : null;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', API_CSP);
  });

  const onError = (err: unknown, c: Context) => {
    const e = toHttpError(err, log);
    return c.json(e.body, e.status);
  };
  app.onError(onError);

  app.notFound(async (c) => {
    if (files && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const res = await files(new URL(c.req.url).pathname, c.req.method === 'HEAD');
      if (res) return res;
    }
    const e = notFound(`没有这个地址：${c.req.method} ${new URL(c.req.url).pathname}`, `no such route: ${c.req.method} ${new URL(c.req.url).pathname}`);
    return c.json(e.body, 404);
  });

  const api = new Hono();
  api.onError(onError);
  const query = (c: Context) => c.req.query();
  const optionalInt = (name: string, v: string | undefined, min: number, max: number) => (v ? intParam(name, v, min, max) : undefined);
  const version = (c: Context) => optionalInt('version', c.req.query('version'), 1, 1_000_000);
  const id = (c: Context) => idParam(c.req.param('id') ?? '');

  api.get('/health', async (c) => {
    const n = await counts.get('counts', await data.stamp(), () => store.counts());
    const body: Health = { ok: true, version: VERSION, engine: store.engine, reports: n.reports, agencies: n.agencies, failures: n.failures };
    return c.json(body);
  });

  api.post('/reports', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data\b/i.test(type)) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '上传应为 multipart/form-data（字段 files）', 'uploads must be multipart/form-data (field files)');
    }
    const body = await readBody(c.req.raw, maxUploadBytes);
    const results = await storeUploads(store, await filesOf(body, type), opts.parse);
    if (results.some((r) => r.status !== 'duplicate')) data.bump();
    return c.json(results);
  });

  api.get('/reports', async (c) => c.json(await listReports(store, listQueryOf(query(c)))));
  api.get('/reports/:id', async (c) => {
    const reportId = id(c), v = version(c);
    const body = await details.get(`${reportId}@${v ?? ''}`, await data.stamp(), () => reportDetailJson(store, reportId, v, detailLoader));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  api.get('/reports/:id/original', async (c) => originalFile(store, id(c)));
  api.get('/reports/:id/history', async (c) => c.json(await store.history(id(c))));
  api.get('/reports/:id/previous', async (c) => c.json(await previousYear(store, id(c))));
  api.get('/reports/:id/export', async (c) => exportReport(store, id(c), choice('format', c.req.query('format'), REPORT_EXPORTS), version(c)));

  api.post('/reports/:id/corrections', async (c) => {
    requireToken(c.req.header('authorization'));
    const reportId = id(c);
    const result = await correct(store, reportId, correctionOf(await readJson(c.req.raw)));
    data.bump();
    return c.json(result);
  });

  api.get('/compile', async (c) => {
    const q = query(c);
    const format = choice('format', q['format'], ['json', 'csv', 'xlsx'] as const);
    const year = optionalInt('year', q['year'], 1990, 2200);
    const level = q['level'] ? choice('level', q['level'], LEVELS) : undefined;
    const region = q['region']?.trim().slice(0, 100) || undefined;
    const sel = { ...(year !== undefined ? { year } : {}), ...(region ? { region } : {}), ...(level ? { level } : {}) };
    const compiled = await compiles.get(JSON.stringify(sel), await data.stamp(), () => store.compile(sel));
    if (format === 'json') return c.json(compiled);
    const name = fileName(['汇总', year, region, level], format);
    return format === 'csv' ? fileResponse(toCsv(compiled), CONTENT_TYPES.csv, name) : fileResponse(await toXlsx(compiled), CONTENT_TYPES.xlsx, name);
  });

  api.get('/compare', async (c) => {
    const q = query(c);
    if (!q['a'] || !q['b']) throw badRequest('BAD_PARAMETER', '需要参数 a 和 b（报告 id）', 'parameters a and b (report ids) are needed');
    const a = { id: idParam(q['a'], 'a'), version: optionalInt('aVersion', q['aVersion'], 1, 1_000_000) };
    const b = { id: idParam(q['b'], 'b'), version: optionalInt('bVersion', q['bVersion'], 1, 1_000_000) };
    return c.json(await compareReports(store, a, b));
  });

  const reportBody = async (c: Context) => {
    const parsed = parseReportData(await readJson(c.req.raw));
    if (!parsed.ok) throw new HttpError(400, 'INVALID_REPORT', '报告数据不符合数据契约', 'the report data does not fit the data contract', parsed.problems);
    return parsed.report;
  };
  api.post('/check', async (c) => c.json(check(await reportBody(c))));
  api.post('/render', async (c) => {
    const to = choice('to', c.req.query('to'), RENDER_TARGETS);
    const report = await reportBody(c);
    return exportFile(report, to, fileName([report.agency, report.year, '政府信息公开工作年度报告'], to).slice(0, -(to.length + 1)));
  });

  api.get('/dashboard', async (c) => {
    const q = query(c);
    const filter = filterOf({ year: q['year'], region: q['region'], level: q['level'] });
    return c.json(await dashboards.get(JSON.stringify(filter), await data.stamp(), () => dashboard(store, filter)));
  });

  api.get('/template/:format', (c) => {
    const format = c.req.param('format');
    if (format !== '2019' && format !== '2021') throw notFound(`没有 ${format} 版格式（有 2019、2021）`, `no format ${format} (there are 2019 and 2021)`);
    return c.json(templateInfo(format as FormatId));
  });

  const openapi = openApiDocument();
  api.get('/openapi.json', (c) => c.json(openapi));

  app.route(API_PREFIX, api);
  return app;
}
