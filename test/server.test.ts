// The HTTP API (src/server): the app in-process (app.request) on PGlite in a temporary folder, and `serve` on a real
// loopback port. Uploads of the seeds and the corpus, duplicates, bad files, the upload limit, the list's filters,
// a report's detail and original, corrections with the token, compile, compare, exports, the OpenAPI document,
// live checks, and that text holding <script> comes back as JSON data.

import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { openStore, type Store, type StoreOptions } from '../src/store/index.js';
import { postgresUnavailable, startPostgres } from './support/postgres.js';
import { createApp } from '../src/server/app.js';
import { serve } from '../src/server/index.js';
import { reportDetail } from '../src/server/detail.js';
import { ROUTES, type ReportDetail, type ReportList, type UploadResult } from '../src/server/contract.js';
import { getCell, setCell, type ReportData } from '../src/template/index.js';

const SHARED = resolve(process.cwd(), '../shared');
const TOKEN = 'test-token-0123456789';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Upload { name: string; bytes: Uint8Array }

async function filesIn(dir: string, ext: RegExp): Promise<Upload[]> {
  const names = (await readdir(dir)).filter((n) => ext.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })));
}

function form(files: Upload[]): FormData {
  const f = new FormData();
  for (const file of files) f.append('files', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
  return f;
}

interface Engine {
  name: 'pglite' | 'postgres';
  /** options of an empty database, and how to remove it */
  open(dir: string): Promise<{ opts: StoreOptions; stop(): void }>;
}

const PGLITE: Engine = { name: 'pglite', open: async (dir) => ({ opts: { dataDir: join(dir, 'data') }, stop: () => {} }) };
const POSTGRES: Engine = {
  name: 'postgres',
  open: async () => {
    const pg = await startPostgres();
    return { opts: { databaseUrl: pg.url }, stop: () => pg.stop() };
  },
};

apiSuite(PGLITE);
const noPostgres = postgresUnavailable();
if (noPostgres) describe('HTTP API in-process (postgres)', () => it.skip(`skipped: ${noPostgres}`, () => {}));
else apiSuite(POSTGRES);

function apiSuite(engine: Engine) {
  describe(`HTTP API in-process (${engine.name})`, () => {
    let dir: string;
    let stopEngine = () => {};
    let store: Store;
    let app: Hono;
    let seeds: Upload[];
    let corpus: Upload[];
    const ids = new Map<string, number>();

    const get = (path: string, init?: RequestInit) => app.request(path, init);
    const getJson = async <T>(path: string): Promise<T> => {
      const res = await get(path);
      expect(res.status, `${path}: ${res.status}`).toBe(200);
      return (await res.json()) as T;
    };
    const upload = async (files: Upload[]): Promise<UploadResult[]> => {
      const res = await get('/api/reports', { method: 'POST', body: form(files) });
      expect(res.status).toBe(200);
      return (await res.json()) as UploadResult[];
    };
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      get(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'xxgk-server-'));
      const db = await engine.open(dir);
      stopEngine = db.stop;
      store = await openStore(db.opts);
      app = createApp({ store, token: TOKEN, log: () => {} });
      seeds = await filesIn(join(SHARED, 'seeds'), /\.txt$/);
      corpus = await filesIn(join(SHARED, 'corpus'), /\.(pdf|html)$/);
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      stopEngine();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('uploads the seeds and the corpus: 8 reports added, each content sniffed', async () => {
      const results = await upload([...seeds, ...corpus]);
      expect(results.map((r) => r.status)).toEqual(new Array(8).fill('added'));
      for (const r of results) if (r.status === 'added') ids.set(r.file, r.id);
      const health = await getJson<{ reports: number; engine: string }>('/api/health');
      expect(health).toMatchObject({ ok: true, engine: engine.name, reports: 8 });
    }, 180_000);

    it('recognises duplicates by content (another name, and twice in one upload), and keeps 8 reports', async () => {
      const renamed = { name: 'renamed.pdf', bytes: seeds[0]!.bytes };
      const results = await upload([renamed, seeds[1]!, seeds[1]!]);
      expect(results).toEqual([
        { file: 'renamed.pdf', status: 'duplicate', id: ids.get(seeds[0]!.name) },
        { file: seeds[1]!.name, status: 'duplicate', id: ids.get(seeds[1]!.name) },
        { file: seeds[1]!.name, status: 'duplicate', id: ids.get(seeds[1]!.name) },
      ]);
      expect((await getJson<ReportList>('/api/reports')).total).toBe(8);
    });

    it('fails bad files with a bilingual reason and goes on', async () => {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      const blank = await filesIn(join(SHARED, 'corpus'), /blank\.docx$/);
      const notAReport = new TextEncoder().encode('会议纪要\n今天开会讨论了食堂的菜单。\n'.repeat(20));
      const results = await upload([{ name: 'photo.txt', bytes: png }, ...blank, { name: 'empty.txt', bytes: new Uint8Array(0) }, { name: 'notes.txt', bytes: notAReport }]);
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
      for (const r of results) {
        if (r.status !== 'failed') continue;
        expect(r.error.code).toMatch(/^[A-Z_]+$/);
        expect(r.error.message).toContain(' / ');
        expect(r.error.message).not.toMatch(/\n\s+at /);
      }
      expect(results[0]).toMatchObject({ error: { code: 'UNSUPPORTED' } });
      expect(results[1]).toMatchObject({ error: { code: 'NO_DATA' } });
      expect(results[2]).toMatchObject({ error: { code: 'EMPTY' } });
      const health = await getJson<{ reports: number; failures: number }>('/api/health');
      expect(health.reports).toBe(8);
      expect(health.failures).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it('refuses an upload over the limit with 413: by Content-Length before reading, and by counting a chunked body', async () => {
      const small = createApp({ store, token: TOKEN, maxUploadBytes: 4096 });
      const big = { name: 'big.txt', bytes: new Uint8Array(8192).fill(0x41) };
      const res = await small.request('/api/reports', { method: 'POST', body: form([big]) });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'TOO_LARGE' } });

      // a declared length over the limit: refused without reading a byte
      let pulled = 0;
      const untouched = new ReadableStream({ pull(c) { pulled++; c.enqueue(new Uint8Array(1024)); } });
      const declared = await small.request(new Request('http://x/api/reports', {
        method: 'POST', body: untouched, duplex: 'half', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '100000000' },
      } as RequestInit));
      expect(declared.status).toBe(413);
      expect(pulled).toBeLessThanOrEqual(1);

      // no length: counted while streaming, stopped soon after the limit
      let sent = 0;
      const endless = new ReadableStream({ pull(c) { sent += 1024; c.enqueue(new Uint8Array(1024).fill(0x42)); } });
      const chunked = await small.request(new Request('http://x/api/reports', {
        method: 'POST', body: endless, duplex: 'half', headers: { 'content-type': 'multipart/form-data; boundary=x' },
      } as RequestInit));
      expect(chunked.status).toBe(413);
      expect(sent).toBeLessThan(64 * 1024);
      expect((await getJson<ReportList>('/api/reports')).total).toBe(8);
    });

    it('refuses a body that is not multipart with 415', async () => {
      const res = await postJson('/api/reports', { files: [] });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    });

    it('lists with filters (year, level, hasErrors, format, q), sorting and pagination', async () => {
      const all = await getJson<ReportList>('/api/reports?limit=200');
      expect(all.total).toBe(8);
      const y2020 = await getJson<ReportList>('/api/reports?year=2020');
      expect(y2020.total).toBe(2);
      expect(y2020.items.every((r) => r.year === 2020)).toBe(true);
      const multi = await getJson<ReportList>('/api/reports?year=2019,2020');
      expect(multi.total).toBe(y2020.total + all.items.filter((r) => r.year === 2019).length);
      const townships = await getJson<ReportList>('/api/reports?level=township');
      expect(townships.total).toBeGreaterThan(0);
      expect(townships.items.every((r) => r.level === 'township')).toBe(true);
      const withErrors = await getJson<ReportList>('/api/reports?hasErrors=true');
      const without = await getJson<ReportList>('/api/reports?hasErrors=false');
      expect(withErrors.items.every((r) => r.errors > 0)).toBe(true);
      expect(without.items.every((r) => r.errors === 0)).toBe(true);
      expect(withErrors.total + without.total).toBe(8);
      const f2021 = await getJson<ReportList>('/api/reports?format=2021');
      expect(f2021.items.every((r) => r.format === '2021')).toBe(true);
      const named = await getJson<ReportList>(`/api/reports?q=${encodeURIComponent('缑氏')}`);
      expect(named.items.map((r) => r.agency)).toEqual(['缑氏镇人民政府']);
      const page = await getJson<ReportList>('/api/reports?sort=-year&limit=3&offset=1');
      expect(page.total).toBe(8);
      expect(page.items).toHaveLength(3);
      const years = all.items.map((r) => r.year ?? -1).sort((a, b) => b - a);
      expect(page.items.map((r) => r.year)).toEqual(years.slice(1, 4));
      for (const bad of ['limit=201', 'limit=0', 'year=abc', 'level=planet', 'hasErrors=maybe', 'sort=size', 'offset=-1']) {
        const res = await get(`/api/reports?${bad}`);
        expect(res.status, bad).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: 'BAD_PARAMETER' } });
      }
    });

    it('gives one report with its data, findings and sources', async () => {
      const id = ids.get('002_e36851e478d160e5.txt')!;
      const d = await getJson<ReportDetail>(`/api/reports/${id}`);
      expect(d).toMatchObject({ id, version: 1, currentVersion: 1, agency: { name: '缑氏镇人民政府', level: 'township' } });
      expect(d.original).toMatchObject({ name: '002_e36851e478d160e5.txt', kind: 'text', hash: sha(seeds[2]!.bytes) });
      const report = d.report as unknown as ReportData & { sources: Record<string, { raw: string; line: number }>; findings: unknown[] };
      expect(report.year).toBe(2020);
      expect(getCell(report, 'requests.newReceived.total')).toBe(1);
      expect(report.sources['requests.newReceived.total']).toMatchObject({ raw: '1', line: expect.any(Number) });
      expect(Array.isArray(report.findings)).toBe(true);
      const pdf = await getJson<ReportDetail>(`/api/reports/${ids.get('hongze-2024.pdf')}`);
      const sources = Object.values((pdf.report as { sources: Record<string, { page?: number; box?: number[] }> }).sources);
      expect(sources.some((s) => typeof s.page === 'number' && Array.isArray(s.box))).toBe(true);
      expect((await get('/api/reports/999999')).status).toBe(404);
      expect(await (await get('/api/reports/999999')).json()).toMatchObject({ error: { code: 'REPORT_NOT_FOUND' } });
      expect((await get('/api/reports/abc')).status).toBe(400);
    });

    it('sends the detail kept when the version was written: the same as the store builds from cells and findings', async () => {
      for (const [name, id] of ids) {
        const sent = await (await get(`/api/reports/${id}`)).text();
        const built = await store.getReport(id);
        // the report part character for character (key order included), the rest field by field
        expect(sent, name).toContain(`"report":${JSON.stringify(built.report)},"errors":`);
        const detail = JSON.parse(sent) as ReportDetail;
        expect(detail).toEqual(await reportDetail(store, id, built.currentVersion));
        expect(detail).toMatchObject({
          id, version: built.version, currentVersion: built.currentVersion, errors: built.errorCount, warnings: built.warningCount,
          parserVersion: built.parserVersion, createdAt: new Date(built.createdAt).toISOString(), original: { hash: built.originalHash },
          agency: built.agency && { id: built.agency.id, name: built.agency.name, level: built.agency.level, region: built.agency.region },
        });
      }
    });

    it('reads fetches that arrive together in one statement, each answered with its own report', async () => {
      const all = [...ids.values()];
      const many = await Promise.all([...all, ...all, 999_999].map((id) => get(`/api/reports/${id}`)));
      expect(many.map((r) => r.status)).toEqual([...all.map(() => 200), ...all.map(() => 200), 404]);
      const bodies = await Promise.all(many.slice(0, all.length).map((r) => r.json() as Promise<ReportDetail>));
      expect(bodies.map((b) => b.id)).toEqual(all);
    });

    it('hands back the original bytes unchanged, with the content type of what they are', async () => {
      for (const file of [corpus.find((f) => f.name.endsWith('.pdf'))!, seeds[0]!, corpus.find((f) => f.name.endsWith('.html'))!]) {
        const res = await get(`/api/reports/${ids.get(file.name)}/original`);
        expect(res.status).toBe(200);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(sha(bytes)).toBe(sha(file.bytes));
        const type = res.headers.get('content-type')!;
        if (file.name.endsWith('.pdf')) expect(type).toBe('application/pdf');
        if (file.name.endsWith('.txt')) expect(type).toMatch(/^text\/plain/);
        if (file.name.endsWith('.html')) {
          expect(type).toMatch(/^text\/html/);
          // a stored page cannot run scripts on this origin
          expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
        }
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('corrects a cell only with the token; the new version is current and the old value stays in history', async () => {
      const id = ids.get('004_1b8055f632d828e7.txt')!;
      const path = 'requests.newReceived.naturalPerson';
      const before = getCell((await getJson<ReportDetail>(`/api/reports/${id}`)).report, path) as number;
      const body = { path, value: before + 1, why: '核对原件后更正', who: '测试员' };
      const url = `/api/reports/${id}/corrections`;
      expect((await postJson(url, body)).status).toBe(401);
      const wrong = await postJson(url, body, { authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect((await postJson(url, { ...body, path: 'requests.noSuchRow.total' }, auth)).status).toBe(400);
      expect((await postJson(url, { ...body, value: -1 }, auth)).status).toBe(400);
      expect((await postJson(url, { ...body, value: 1.5 }, auth)).status).toBe(400);
      expect((await postJson(url, { ...body, value: 'ten' }, auth)).status).toBe(400);
      expect((await postJson(url, { ...body, why: '' }, auth)).status).toBe(400);
      expect((await get(url, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: JSON.stringify(body) })).status).toBe(415);

      const ok = await postJson(url, body, auth);
      expect(ok.status).toBe(200);
      const result = await ok.json() as { version: number; oldValue: number; newValue: number; findings: Array<{ rule: string }> };
      expect(result).toMatchObject({ id, version: 2, oldValue: before, newValue: before + 1 });
      // the row no longer adds up: the rules ran again
      expect(result.findings.map((f) => f.rule)).toContain('T3-ROWSUM');

      const now = await getJson<ReportDetail>(`/api/reports/${id}`);
      expect(now).toMatchObject({ version: 2, currentVersion: 2 });
      expect(getCell(now.report, path)).toBe(before + 1);
      const old = await getJson<ReportDetail>(`/api/reports/${id}?version=1`);
      expect(old).toMatchObject({ version: 1, currentVersion: 2 });
      expect(getCell(old.report, path)).toBe(before);
      const history = await getJson<Array<{ version: number; kind: string; who: string; why: string; oldValue: number; newValue: number; current: boolean }>>(`/api/reports/${id}/history`);
      expect(history).toHaveLength(2);
      expect(history[1]).toMatchObject({ version: 2, kind: 'correction', who: '测试员', why: '核对原件后更正', oldValue: before, newValue: before + 1, current: true });
      // the same value again changes nothing
      expect((await postJson(url, body, auth)).status).toBe(409);
      expect((await get(`/api/reports/${id}?version=3`)).status).toBe(404);
    });

    it('compiles year 2020 over the seeds: 表三 一、本年新收 总计 = 1; CSV and XLSX too', async () => {
      const c = await getJson<ReportData & { reportCount: number; missing: string[] }>('/api/compile?year=2020');
      expect(c.reportCount).toBe(2);
      expect(getCell(c, 'requests.newReceived.total')).toBe(1);
      const csv = await get('/api/compile?year=2020&format=csv');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes)).toContain('requests.newReceived.total,1');
      const xlsx = await get('/api/compile?year=2020&format=xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      expect(wb.worksheets.length).toBeGreaterThan(0);
      expect((await get('/api/compile?format=pdf')).status).toBe(400);
      // every report, every year: missing lists agencies of other years
      const everything = await getJson<{ reportCount: number }>('/api/compile');
      expect(everything.reportCount).toBe(8);
    });

    it('compares two reports', async () => {
      const a = ids.get('002_e36851e478d160e5.txt')!, b = ids.get('004_1b8055f632d828e7.txt')!;
      const c = await getJson<{ ids: unknown; cells: Array<{ path: string; status: string }>; summary: Record<string, number>; sections: unknown[] }>(`/api/compare?a=${a}&b=${b}`);
      expect(c.ids).toEqual({ a: { id: a, version: 1 }, b: { id: b, version: 2 } });
      expect(c.cells.length).toBeGreaterThan(100);
      expect(c.summary['changed']! + c.summary['same']!).toBeGreaterThan(0);
      expect(c.sections).toHaveLength(6);
      // a report with its own earlier version: exactly the corrected cell changed
      const self = await getJson<{ cells: Array<{ path: string; status: string }> }>(`/api/compare?a=${b}&aVersion=1&b=${b}`);
      expect(self.cells.filter((x) => x.status !== 'same').map((x) => x.path)).toEqual(['requests.newReceived.naturalPerson']);
      expect((await get(`/api/compare?a=${a}`)).status).toBe(400);
    });

    it('exports one report as xlsx (opens in exceljs), docx, html, csv and json', async () => {
      const id = ids.get('huaian-2024.pdf')!;
      const xlsx = await get(`/api/reports/${id}/export?format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      expect(wb.worksheets.length).toBeGreaterThan(0);
      const docx = new Uint8Array(await (await get(`/api/reports/${id}/export?format=docx`)).arrayBuffer());
      expect([...docx.subarray(0, 2)]).toEqual([0x50, 0x4b]);
      const html = await get(`/api/reports/${id}/export?format=html`);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await html.text()).toContain('<table');
      const csv = new Uint8Array(await (await get(`/api/reports/${id}/export?format=csv`)).arrayBuffer());
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const json = JSON.parse(await (await get(`/api/reports/${id}/export?format=json`)).text()) as { sources: unknown; findings: unknown };
      expect(json.sources).toBeTruthy();
      expect((await get(`/api/reports/${id}/export?format=exe`)).status).toBe(400);
    });

    it('checks report data sent by the browser: T3-BALANCE on a broken one, 400 with the problems on a malformed one', async () => {
      const detail = await getJson<ReportDetail>(`/api/reports/${ids.get('002_e36851e478d160e5.txt')}`);
      const report = structuredClone(detail.report) as unknown as ReportData;
      const good = await postJson('/api/check', report);
      expect(good.status).toBe(200);
      expect(((await good.json()) as Array<{ rule: string }>).map((f) => f.rule)).not.toContain('T3-BALANCE');
      setCell(report, 'requests.newReceived.total', 6);
      setCell(report, 'requests.newReceived.naturalPerson', 6);
      const broken = (await (await postJson('/api/check', report)).json()) as Array<{ rule: string; paths: string[] }>;
      const balance = broken.filter((f) => f.rule === 'T3-BALANCE');
      expect(balance.flatMap((f) => f.paths)).toContain('requests.newReceived.total');
      const bad = await postJson('/api/check', { format: '2021', title: 5 });
      expect(bad.status).toBe(400);
      const err = (await bad.json()) as { error: { code: string; problems: string[] } };
      expect(err.error.code).toBe('INVALID_REPORT');
      expect(err.error.problems.length).toBeGreaterThan(0);
      const notJson = await get('/api/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ error: { code: 'BAD_JSON' } });
    });

    it('renders report data to docx and html', async () => {
      const detail = await getJson<ReportDetail>(`/api/reports/${ids.get('002_e36851e478d160e5.txt')}`);
      const docx = await postJson('/api/render?to=docx', detail.report);
      expect(docx.status).toBe(200);
      expect(docx.headers.get('content-type')).toMatch(/wordprocessingml/);
      const html = await postJson('/api/render?to=html', detail.report);
      expect(await html.text()).toContain('缑氏镇人民政府');
      expect((await postJson('/api/render?to=pdf', detail.report)).status).toBe(400);
    });

    it('returns text holding <script> as a JSON string, as application/json with nosniff', async () => {
      const text = new TextDecoder().decode(seeds[0]!.bytes).replace('（一）加强组织领导。', '（一）加强组织领导<script>alert(1)</script>。');
      const [r] = await upload([{ name: 'script.txt', bytes: new TextEncoder().encode(text) }]);
      expect(r?.status).toBe('added');
      const res = await get(`/api/reports/${(r as { id: number }).id}`);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const raw = await res.text();
      expect(raw).toContain('<script>alert(1)</script>');
      expect(JSON.stringify(JSON.parse(raw))).toContain('<script>alert(1)</script>');
      // the official HTML escapes it
      const page = await (await get(`/api/reports/${(r as { id: number }).id}/export?format=html`)).text();
      expect(page).not.toContain('<script>alert(1)</script>');
    });

    it('finds last year\'s report of the same agency and the cross-year findings, stored with the later report', async () => {
      // the next year, whose 二、上年结转 (2 requests) is not last year's 四、结转下年度 (none)
      const next = new TextDecoder().decode(seeds[2]!.bytes).replaceAll('2020', '2021')
        .replace('二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0', '二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2');
      const [r] = await upload([{ name: 'next-year.txt', bytes: new TextEncoder().encode(next) }]);
      expect(r?.status).toBe('added');
      const id = (r as { id: number }).id;
      const p = await getJson<{ previous: { id: number; year: number } | null; findings: Array<{ rule: string }> }>(`/api/reports/${id}/previous`);
      expect(p.previous).toMatchObject({ id: ids.get('002_e36851e478d160e5.txt'), year: 2020 });
      expect(p.findings.map((f) => f.rule)).toEqual(['XY-CARRIED-OVER', 'XY-CARRIED-OVER']);
      // the same findings are the report's: in its detail (after its own) and in the list's counts
      const detail = await getJson<ReportDetail>(`/api/reports/${id}`);
      const findings = (detail.report as { findings: Array<{ rule: string; severity: string }> }).findings;
      expect(findings.filter((f) => f.rule.startsWith('XY-'))).toEqual(p.findings);
      expect(findings.slice(-2)).toEqual(p.findings);
      expect(detail.warnings).toBe(findings.filter((f) => f.severity === 'warning').length);
      const listed = (await getJson<ReportList>('/api/reports?year=2021&limit=200')).items.find((x) => x.id === id);
      expect(listed).toMatchObject({ errors: detail.errors, warnings: detail.warnings });
      const none = await getJson<{ previous: null }>(`/api/reports/${ids.get('002_e36851e478d160e5.txt')}/previous`);
      expect(none.previous).toBeNull();
    });

    it('gives the dashboard figures', async () => {
      const d = await getJson<{ reports: number; byYear: Array<{ year: number; newReceived: number }>; outcomes: Array<{ share: number }>; topErrors: unknown[]; missing: { year: number } }>('/api/dashboard');
      expect(d.reports).toBeGreaterThanOrEqual(8);
      expect(d.byYear.find((y) => y.year === 2020)?.newReceived).toBe(1);
      const shares = d.outcomes.reduce((s, o) => s + o.share, 0);
      expect(shares === 0 || Math.abs(shares - 1) < 0.01).toBe(true);
      expect(d.outcomes.map((o) => (o as unknown as { key: string }).key)).toEqual(['granted', 'partlyGranted', 'denied', 'unavailable', 'notProcessed', 'otherHandling']);
      expect(Array.isArray(d.topErrors)).toBe(true);
      expect(d.missing.year).toBe(2024);
      const y = await getJson<{ reports: number }>('/api/dashboard?year=2020');
      expect(y.reports).toBe(2);
    });

    it('serves the template as data', async () => {
      const t = await getJson<{ cells: Array<{ path: string }>; equations: Array<{ rule: string }>; tables: unknown[]; empty: ReportData }>('/api/template/2021');
      expect(t.cells.some((c) => c.path === 'requests.newReceived.total')).toBe(true);
      expect(t.equations.some((e) => e.rule === 'T3-BALANCE')).toBe(true);
      expect(t.tables).toHaveLength(3);
      expect(t.empty.format).toBe('2021');
      expect((await get('/api/template/2030')).status).toBe(404);
    });

    it('documents every route in OpenAPI 3.1', async () => {
      const doc = await getJson<{ openapi: string; paths: Record<string, Record<string, { security?: unknown }>> }>('/api/openapi.json');
      expect(doc.openapi).toBe('3.1.0');
      for (const r of ROUTES) {
        const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
        expect(op, `${r.method} ${r.path}`).toBeTruthy();
        expect(Boolean(op?.security), r.path).toBe(Boolean(r.auth));
      }
    });

    it('answers every error as { error: { code, message } } and never with a stack', async () => {
      const res = await get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining(' / ') } });
      const broken = createApp({ store: { counts: () => { throw new Error('secret detail at db.ts:12'); } } as unknown as Store, token: TOKEN, log: () => {} });
      const failed = await broken.request('/api/health');
      expect(failed.status).toBe(500);
      const text = await failed.text();
      expect(text).not.toContain('secret');
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误 / internal server error' } });
    });

    it('serves a built web app: files with their types, index.html for other paths, a CSP without inline scripts', async () => {
      const web = join(dir, 'web');
      await mkdir(join(web, 'assets'), { recursive: true });
      await writeFile(join(web, 'index.html'), '<!doctype html><title>xxgk</title><script type="module" src="/assets/app-abcdef12.js"></script>');
      await writeFile(join(web, 'assets/app-abcdef12.js'), 'console.log(1)');
      const withApp = createApp({ store, token: TOKEN, staticDir: web });
      const index = await withApp.request('/');
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = index.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("'unsafe-inline' ");
      expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe');
      expect((await withApp.request('/reports/12')).headers.get('content-type')).toMatch(/^text\/html/);
      const js = await withApp.request('/assets/app-abcdef12.js');
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await js.text()).toBe('console.log(1)');
      const escape = await withApp.request('/..%2f..%2fpackage.json');
      expect(await escape.text()).toContain('<title>xxgk</title>');
      const api = await withApp.request('/api/nope');
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });
}

describe('xxgk serve on a loopback port', () => {
  it('starts on a free port, prints the URL and a generated token, answers over HTTP, and stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-serve-'));
    const lines: string[] = [];
    const saved = process.env['XXGK_TOKEN'];
    delete process.env['XXGK_TOKEN'];
    const server = await serve({ port: 0, dataDir: join(dir, 'data'), print: (l) => lines.push(l), workers: 1, maxUploadBytes: 1024 * 1024 });
    if (saved !== undefined) process.env['XXGK_TOKEN'] = saved;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join('\n')).toContain(server.url);
      expect(server.token.length).toBeGreaterThanOrEqual(32);
      expect(lines.filter((l) => l.includes(server.token))).toHaveLength(1);

      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');

      const seed = new Uint8Array(await readFile(join(SHARED, 'seeds/002_e36851e478d160e5.txt')));
      const up = await fetch(`${server.url}/api/reports`, { method: 'POST', body: form([{ name: '报告.txt', bytes: seed }]) });
      const [r] = (await up.json()) as UploadResult[];
      expect(r).toMatchObject({ file: '报告.txt', status: 'added' });
      const id = (r as { id: number }).id;
      const detail = (await (await fetch(`${server.url}/api/reports/${id}`)).json()) as ReportDetail;
      expect(getCell(detail.report, 'requests.newReceived.total')).toBe(1);
      const original = new Uint8Array(await (await fetch(`${server.url}/api/reports/${id}/original`)).arrayBuffer());
      expect(sha(original)).toBe(sha(seed));

      const denied = await fetch(`${server.url}/api/reports/${id}/corrections`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: 'requests.newReceived.total', value: 2, why: 'x' }),
      });
      expect(denied.status).toBe(401);
      const corrected = await fetch(`${server.url}/api/reports/${id}/corrections`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ path: 'requests.newReceived.total', value: 2, why: '更正' }),
      });
      expect(corrected.status).toBe(200);

      const tooBig = await fetch(`${server.url}/api/reports`, { method: 'POST', body: form([{ name: 'big.txt', bytes: new Uint8Array(2 * 1024 * 1024).fill(0x41) }]) });
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toMatchObject({ error: { code: 'TOO_LARGE' } });
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  }, 120_000);
});
