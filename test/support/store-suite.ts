// The store's behaviour, the same on both engines: test/store-pg.test.ts runs it on PGlite and on PostgreSQL 15.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { openStore, prepareReport, sha256, type CompileSelection, type Store, type StoreOptions } from '../../src/store/index.js';
import { ingest, saveBatch } from '../../src/ingest/index.js';
import { parseBytes, parseFile } from '../../src/index.js';
import { generateReport } from '../../src/generate/index.js';
import { renderText, TEXT_LAYOUTS } from '../../src/render/text.js';
import { rowsOf } from '../../src/store/connect.js';
import { ensureDerived } from '../../src/store/derived.js';
import { compile, finish, type CompileItem } from '../../src/compile/index.js';
import { check } from '../../src/check/index.js';
import { checkAcrossYears } from '../../src/check/cross-year.js';
import { cellsOf, getCell, getFormat, setCell, type FormatId, type ParsedReport, type ReportData } from '../../src/template/index.js';

export const SHARED = resolve(process.cwd(), '../shared');
const SEEDS = join(SHARED, 'seeds');
const CORPUS = join(SHARED, 'corpus');
/** The seeds and the corpus: 5 + 3 reports and the blank template. */
export const SEED_AND_CORPUS = [`${SEEDS}/*.txt`, `${CORPUS}/*.pdf`, `${CORPUS}/*.html`, `${CORPUS}/*.docx`];

export interface Engine {
  name: string;
  /** options of a new, empty database; `onDisk` when another process must open it too */
  fresh(opts?: { onDisk?: boolean }): Promise<StoreOptions>;
}

const count = async (store: Store, table: 'reports' | 'cells' | 'originals' | 'failures' | 'versions') =>
  Number((await rowsOf<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n);

export function storeSuite(engine: Engine) {
  describe(`store on ${engine.name}: seeds and corpus`, () => {
    let store: Store;
    let first: Awaited<ReturnType<typeof ingest>>, second: Awaited<ReturnType<typeof ingest>>;
    beforeAll(async () => {
      store = await openStore(await engine.fresh());
      first = await ingest(SEED_AND_CORPUS, store, { workers: 2 });
      second = await ingest(SEED_AND_CORPUS, store, { workers: 2 });
    });
    afterAll(() => store?.close());

    it('ingesting twice leaves exactly 8 reports; the blank template is a failure (NO_DATA), once', async () => {
      expect(first).toMatchObject({ seen: 9, added: 8, duplicates: 0, failed: 1 });
      expect(second).toMatchObject({ seen: 9, added: 0, duplicates: 8, failed: 1 });
      expect(first.failures).toEqual([expect.objectContaining({ code: 'NO_DATA', file: expect.stringContaining('template-2021-blank.docx') })]);
      expect(await store.counts()).toMatchObject({ reports: 8, originals: 9, failures: 1 });
      const [failure] = await store.failures();
      expect(failure).toMatchObject({ code: 'NO_DATA', file: 'template-2021-blank.docx', kind: 'docx' });
      expect(failure!.message).toContain('blank template');
    });

    it('a stored report reads back exactly as parsed: data, sources and findings', async () => {
      const { rows } = await store.listReports({ sort: 'id' });
      for (const file of ['002_e36851e478d160e5.txt', 'huaian-2024.pdf', 'shuyang-fgj-2023.html']) {
        const row = rows.find((r) => r.file === file)!;
        const stored = await store.getReport(row.id);
        const parsed = await parseFile(join(file.endsWith('.txt') ? SEEDS : CORPUS, file));
        expect(stored.report).toEqual({ ...parsed, file });
        expect(stored).toMatchObject({ version: 1, currentVersion: 1, parserVersion: expect.any(String) });
      }
    });

    it('agencies get a level and region from their names', async () => {
      const { rows } = await store.listReports({ sort: 'agency' });
      const huaian = rows.find((r) => r.agency?.name === '淮安市洪泽区人民政府')!;
      expect(huaian.agency).toMatchObject({ level: 'county', region: '淮安市洪泽区', parentRegion: '淮安市' });
      expect(rows.filter((r) => r.agency === null)).toHaveLength(1); // seed 003 names no agency
    });

    it('lists filter by year, level, region and errors, sort and page', async () => {
      expect((await store.listReports({ year: 2024 })).rows.map((r) => r.file).sort()).toEqual(['hongze-2024.pdf', 'huaian-2024.pdf']);
      expect((await store.listReports({ year: [2019, 2020] })).total).toBe(4);
      expect((await store.listReports({ level: 'township' })).rows.every((r) => r.agency?.level === 'township')).toBe(true);
      expect((await store.listReports({ region: '淮安市' })).rows.map((r) => r.agency?.name).sort()).toEqual(['淮安市人民政府', '淮安市洪泽区人民政府']);
      expect((await store.listReports({ hasErrors: true })).total).toBe(0);
      expect((await store.listReports({ hasErrors: false })).total).toBe(8);
      const page = await store.listReports({ sort: '-year', limit: 3, offset: 1 });
      expect(page.total).toBe(8);
      expect(page.rows.map((r) => r.year)).toEqual([2024, 2023, 2021]);
    });

    it('streams every report\'s data for compile, page by page', async () => {
      const seen: number[] = [];
      for await (const r of store.allReportData({}, { pageSize: 3 })) {
        expect(r.data.requests).toBeDefined();
        expect(r.data.sections).toBeUndefined();
        seen.push(r.id);
      }
      expect(seen).toHaveLength(8);
      const y2020: number[] = [];
      for await (const r of store.allReportData({ year: 2020 }, { sections: true })) {
        expect(r.data.sections).toBeDefined();
        y2020.push(r.data.requests['newReceived'] ? (r.data.requests['newReceived'] as Record<string, number>)['total']! : -1);
      }
      expect(y2020.reduce((a, b) => a + b, 0)).toBe(1);
    });

    it('a correction makes a new version; the original stays and the rules follow', async () => {
      const { rows } = await store.listReports({});
      const id = rows.find((r) => r.file === '002_e36851e478d160e5.txt')!.id;
      const before = await store.getReport(id);
      const old = (before.report.requests['newReceived'] as Record<string, number>)['total']!;
      const c = await store.correctCell(id, 'requests.newReceived.total', old + 5, { who: '审核员甲', why: '核对原件' });
      expect(c).toMatchObject({ version: 2, oldValue: old, newValue: old + 5 });
      expect(c.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['T3-BALANCE', 'T3-ROWSUM']));

      const now = await store.getReport(id);
      expect(now).toMatchObject({ version: 2, currentVersion: 2, errorCount: c.errorCount });
      expect((now.report.requests['newReceived'] as Record<string, number>)['total']).toBe(old + 5);
      expect(now.report.sources['requests.newReceived.total']).toEqual(before.report.sources['requests.newReceived.total']);
      const v1 = await store.getReport(id, { version: 1 });
      expect(v1.report).toEqual(before.report);
      expect(v1).toMatchObject({ version: 1, currentVersion: 2, errorCount: 0 });
      expect((await store.listReports({ hasErrors: true })).rows.map((r) => r.id)).toEqual([id]);

      await store.correctCell(id, 'requests.newReceived.total', old, { who: '审核员乙', why: '改回' });
      const history = await store.history(id);
      expect(history.map((h) => [h.version, h.kind, h.who, h.oldValue, h.newValue, h.current])).toEqual([
        [1, 'parse', expect.stringMatching(/^xxgk /), null, null, false],
        [2, 'correction', '审核员甲', old, old + 5, false],
        [3, 'correction', '审核员乙', old + 5, old, true],
      ]);
      expect(history[1]!.why).toBe('核对原件');
      expect((await store.getReport(id)).report.findings).toEqual(before.report.findings);
      expect((await store.getReport(id, { version: 2 })).errorCount).toBeGreaterThan(0);
    });

    it('refuses corrections that are not corrections', async () => {
      const id = (await store.listReports({ limit: 1 })).rows[0]!.id;
      await expect(store.correctCell(id, 'requests.nothing.total', 1, { who: 'x', why: '' })).rejects.toMatchObject({ code: 'NOT_A_CELL' });
      await expect(store.correctCell(id, 'requests.newReceived.total', Number.NaN, { who: 'x', why: '' })).rejects.toMatchObject({ code: 'BAD_VALUE' });
      await expect(store.correctCell(id, 'requests.newReceived.total', 1, { who: ' ', why: '' })).rejects.toMatchObject({ code: 'BAD_VALUE' });
      const cur = (await store.getReport(id)).report.requests['newReceived'] as Record<string, number | null>;
      await expect(store.correctCell(id, 'requests.newReceived.total', cur['total']!, { who: 'x', why: '' })).rejects.toMatchObject({ code: 'NO_CHANGE' });
      await expect(store.correctCell(99999, 'requests.newReceived.total', 1, { who: 'x', why: '' })).rejects.toMatchObject({ code: 'REPORT_NOT_FOUND' });
      await expect(store.getReport(id, { version: 9 })).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    });

    it('reparse with the same parser changes nothing', async () => {
      const versionsBefore = await count(store, 'versions');
      const r = await store.reparse(parseBytes);
      expect(r).toMatchObject({ seen: 9, unchanged: 8, changed: [], added: [] });
      expect(r.failed).toEqual([expect.objectContaining({ reportId: null, file: 'template-2021-blank.docx', code: 'NO_DATA' })]);
      expect(await count(store, 'versions')).toBe(versionsBefore);
    });

    it('reparse with a changed parser makes versions, keeps corrections and says what changed', async () => {
      const { rows } = await store.listReports({});
      const id = rows.find((r) => r.file === '004_1b8055f632d828e7.txt')!.id;
      const orig = (await store.getReport(id)).report;
      const grantedTotal = (orig.requests['granted'] as Record<string, number>)['total']!;
      await store.correctCell(id, 'appeals.reconsideration.total', 77, { who: '审核员', why: '原件为 77' });
      // a "new parser": reads 004's 予以公开 总计 one higher, and the blank template as if it held seed 002's data
      const seed002 = readFileSync(join(SEEDS, '002_e36851e478d160e5.txt'));
      const changedParser = async (bytes: Uint8Array, name: string) => {
        if (name === 'template-2021-blank.docx') return parseBytes(new Uint8Array(seed002), '002.txt');
        const p = await parseBytes(bytes, name);
        if (name === '004_1b8055f632d828e7.txt') (p.requests['granted'] as Record<string, number>)['total'] = grantedTotal + 1;
        return p;
      };
      const r = await store.reparse(changedParser, { parserVersion: '9.9.9' });
      expect(r.added).toEqual([{ reportId: expect.any(Number), file: 'template-2021-blank.docx' }]);
      expect(r.failed).toEqual([]);
      expect(r.changed).toHaveLength(1);
      const change = r.changed[0]!;
      expect(change).toMatchObject({ reportId: id, file: '004_1b8055f632d828e7.txt', correctionsKept: ['appeals.reconsideration.total'] });
      expect(change.cellsChanged).toEqual([{ path: 'requests.granted.total', old: grantedTotal, new: grantedTotal + 1 }]);
      expect(change.findingsAdded.map((f) => f.rule)).toEqual(expect.arrayContaining(['T3-ROWSUM', 'T3-RESULTS']));
      expect(change.findingsRemoved).toEqual([]);
      const now = await store.getReport(id);
      expect(now).toMatchObject({ version: change.version, parserVersion: '9.9.9' });
      expect((now.report.appeals['reconsideration'] as Record<string, number>)['total']).toBe(77);
      expect((await store.history(id)).at(-1)).toMatchObject({ kind: 'reparse', parserVersion: '9.9.9' });
      expect((await store.getReport(id, { version: 1 })).report).toEqual(orig);
      expect(await store.counts()).toMatchObject({ reports: 9, failures: 0 });
      // the same parser again: nothing left to change
      const again = await store.reparse(changedParser, { parserVersion: '9.9.9' });
      expect(again).toMatchObject({ unchanged: 9, changed: [], added: [], failed: [] });
    });
  });

  describe(`store on ${engine.name}: failures, skips and agencies`, () => {
    let store: Store;
    let dir: string;
    beforeAll(async () => {
      store = await openStore(await engine.fresh());
      dir = mkdtempSync(join(tmpdir(), 'xxgk-bad-'));
    });
    afterAll(async () => { await store?.close(); rmSync(dir, { recursive: true, force: true }); });

    it('records each bad file with its reason and goes on; skips what is not a document', async () => {
      writeFileSync(join(dir, 'empty.txt'), '');
      writeFileSync(join(dir, 'notes.txt'), '会议纪要\n今天讨论了午饭。\n');
      writeFileSync(join(dir, 'photo.dat'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
      writeFileSync(join(dir, 'archive.bin'), Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]));
      writeFileSync(join(dir, 'report.txt'), renderText(generateReport(7), { layout: 'row', seed: 7 }));
      const s = await ingest([dir, join(dir, 'missing.txt')], store, { workers: 1 });
      expect(s).toMatchObject({ seen: 5, added: 1, skipped: 2, failed: 3, duplicates: 0 });
      const failures = await store.failures();
      expect(failures.map((f) => [f.file, f.code]).sort()).toEqual([['empty.txt', 'EMPTY'], ['missing.txt', 'NOT_FOUND'], ['notes.txt', 'NOT_A_REPORT']]);
      expect(failures.every((f) => f.message.includes(' / '))).toBe(true);
      expect(failures.find((f) => f.code === 'NOT_FOUND')).toMatchObject({ originalHash: null, path: join(dir, 'missing.txt') });
      // the same bad files again: still one failure each
      await ingest([dir], store, { workers: 0 });
      expect((await store.failures()).length).toBe(3);
    });

    it('a report the database refuses costs that report, not its batch', async () => {
      const prepared = await Promise.all([31, 32].map(async (seed) => {
        const bytes = new TextEncoder().encode(renderText(generateReport(seed), { layout: 'cell', seed }));
        const p = await parseBytes(bytes, `r${seed}.txt`);
        return { kind: 'report' as const, bytes, report: prepareReport(p, { hash: sha256(bytes), name: `r${seed}.txt`, kind: 'text', size: bytes.length }, 't') };
      }));
      prepared[1]!.report.publishedOn = '2024-02-30'; // not a date: PostgreSQL refuses the row
      const out = await saveBatch(store, prepared);
      expect(out).toEqual([{ status: 'added', id: expect.any(Number) }, { status: 'failed', code: 'STORE', message: expect.stringContaining('2024-02-30') }]);
      expect((await store.failures()).find((f) => f.file === 'r32.txt')).toMatchObject({ code: 'STORE' });
    });

    it('saveParsed is idempotent by content; a report with no data is a failure', async () => {
      const text = renderText(generateReport(11), { layout: 'tabs', seed: 11 });
      const bytes = new TextEncoder().encode(text);
      const parsed = await parseBytes(bytes, 'r11.txt');
      const a = await store.saveParsed({ bytes, name: 'r11.txt' }, parsed);
      const b = await store.saveParsed({ bytes, name: 'copy.txt' }, parsed);
      expect(a).toEqual({ id: expect.any(Number), created: true });
      expect(b).toEqual({ id: a.id, created: false });
      const blank = await parseFile(join(CORPUS, 'template-2021-blank.docx'));
      const c = await store.saveParsed({ bytes: new Uint8Array([1, 2, 3]), name: 'blank.docx' }, blank);
      expect(c).toMatchObject({ id: null, created: false, failure: { code: 'NO_DATA' } });
    });

    it('finds the previous year of an agency; an edited level stays', async () => {
      const base = generateReport(21);
      const save = async (year: number) => {
        const text = renderText({ ...base, year, title: `${base.agency}${year}年政府信息公开工作年度报告` }, { layout: 'row', seed: year });
        const bytes = new TextEncoder().encode(text);
        return store.saveParsed({ bytes, name: `${year}.txt` }, await parseBytes(bytes, `${year}.txt`));
      };
      const r2022 = await save(2022), r2023 = await save(2023);
      const cur = await store.getReport(r2023.id!);
      expect(cur.year).toBe(2023);
      const prev = await store.previousYear(cur.agency!.id, 2023);
      expect(prev?.id).toBe(r2022.id);
      expect(await store.previousYear(cur.agency!.id, 2022)).toBeNull();
      await store.editAgency(cur.agency!.id, { level: 'city', region: '某市' });
      await save(2024);
      expect((await store.getReport(r2023.id!)).agency).toMatchObject({ level: 'city', region: '某市' });
    });
  });

  describe(`store on ${engine.name}: compile from the kept tallies = compile() of the reports`, () => {
    let store: Store;
    // names with regions at several levels, one without a region, and two names differing only in a space
    const AGENCIES = [
      '淮安市人民政府', '淮安市洪泽区人民政府', '淮安市洪泽区教育局', '淮安市教育局', '淮安市 教育局', '淮安市洪泽区高良涧街道办事处',
      '南京市人民政府', '南京市玄武区人民政府', '南京市玄武区财政局', '国家统计局',
    ];
    const UNITS = ['元', '万元', '亿元', null, '元'] as const;
    /** A report as a parser would hand it: generated tables, the agency, year and money unit of its seed. */
    function parsedOf(seed: number): ParsedReport {
      const format: FormatId = seed % 3 === 0 ? '2019' : '2021';
      const r = generateReport(seed, { format, blanks: seed % 4 === 0 });
      const agency = seed % 17 === 5 ? null : AGENCIES[seed % AGENCIES.length]!;
      Object.assign(r, { agency, year: 2019 + (seed % 4), title: `${agency ?? ''}${2019 + (seed % 4)}年政府信息公开工作年度报告` });
      const money = format === '2019' ? 'procurement' : 'fees';
      const unit = UNITS[seed % UNITS.length]!;
      setCell(r, `active.${money}.amount`, seed % 7 === 0 ? 0 : 1000 + seed * 12.34);
      if (unit) r.active[money]!['amountUnit'] = unit; else delete r.active[money]!['amountUnit'];
      // some reports that do not add up (errors), besides the blanks (warnings)
      if (seed % 5 === 2) setCell(r, 'requests.newReceived.total', (getCell(r, 'requests.newReceived.total') as number) + 3);
      return { ...r, sources: {}, findings: check(r) };
    }
    const bytesOf = (p: ParsedReport) => new TextEncoder().encode(JSON.stringify(p));
    const read = async (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as ParsedReport;
    const seeds = Array.from({ length: 48 }, (_, i) => i + 1);
    const ids = new Map<number, number>();

    const SELECTIONS: CompileSelection[] = [
      {}, { year: 2020 }, { year: 2021 }, { region: '淮安市' }, { region: '淮安市洪泽区' }, { region: '南京' }, { level: 'county' },
      { level: 'department' }, { year: 2021, region: '淮安市' }, { year: 2022, level: 'city' }, { region: '没有这个地方' },
    ];

    /** compile() over the selected reports as the store holds them, with their findings. */
    async function inMemory(sel: CompileSelection, expectedAgencies: string[]) {
      const items: CompileItem[] = [];
      for await (const r of store.allReportData(sel)) {
        items.push({ report: r.data as ReportData, agency: r.agency?.name ?? null, findings: (await store.getReport(r.id)).report.findings, id: String(r.id) });
      }
      return compile(items, { expectedAgencies });
    }

    async function expectSameCompiles(label: string) {
      await expectCrossYearFresh(store);
      for (const sel of SELECTIONS) {
        const { state, expectedAgencies } = await store.compileState(sel);
        const fromTallies = finish(state, { expectedAgencies });
        expect(fromTallies, `${label}: ${JSON.stringify(sel)}`).toEqual(await inMemory(sel, expectedAgencies));
        if (sel.year !== undefined) {
          // the agencies of the region and level with a report of any year
          const all = await store.listReports({ ...sel, year: undefined, limit: 10_000 });
          expect(new Set(expectedAgencies), label).toEqual(new Set(all.rows.flatMap((r) => (r.agency ? [r.agency.name] : []))));
        }
      }
    }

    beforeAll(async () => {
      store = await openStore(await engine.fresh());
      for (const seed of seeds) {
        const p = parsedOf(seed);
        const r = await store.saveParsed({ bytes: bytesOf(p), name: `r${seed}.json` }, p);
        ids.set(seed, r.id!);
      }
    }, 120_000);
    afterAll(() => store?.close());

    it('after ingest: mixed formats, blanks, money in every unit and without one, errors, agencies counted twice', async () => {
      const all = finish((await store.compileState({})).state);
      expect(all.reportCount).toBe(seeds.length);
      expect(all.formats['2019']).toBeGreaterThan(0);
      expect(all.excluded.length).toBeGreaterThan(0);
      expect(all.problems.some((p) => p.errors > 0)).toBe(true);
      expect(all.duplicates.length).toBeGreaterThan(0);
      await expectSameCompiles('ingest');
    });

    it('after corrections (a count, an amount, a cell made blank) and the same files again', async () => {
      const id = ids.get(3)!, other = ids.get(8)!;
      const before = (await store.getReport(id)).report;
      await store.correctCell(id, 'requests.newReceived.total', (getCell(before, 'requests.newReceived.total') as number) + 10, { who: '甲', why: '原件' });
      await store.correctCell(id, 'active.procurement.amount', 98765.43, { who: '甲', why: '原件' });
      await store.correctCell(other, 'appeals.reconsideration.total', null, { who: '乙', why: '看不清' });
      for (const seed of [3, 8, 9]) {
        const p = parsedOf(seed);
        expect(await store.saveParsed({ bytes: bytesOf(p), name: `again-${seed}.json` }, p)).toEqual({ id: ids.get(seed), created: false });
      }
      await expectSameCompiles('corrections');
    });

    it('an amount corrected back and forth many times leaves no trace of floating point', async () => {
      const id = ids.get(10)!;
      const first = getCell((await store.getReport(id)).report, 'active.fees.amount') as number;
      for (let i = 0; i < 25; i++) {
        await store.correctCell(id, 'active.fees.amount', 0.07 + i * 1.01, { who: '丙', why: `第 ${i} 次` });
        await store.correctCell(id, 'active.fees.amount', 1234.56 + i / 3, { who: '丙', why: `第 ${i} 次` });
      }
      await store.correctCell(id, 'active.fees.amount', first, { who: '丙', why: '改回' });
      await expectSameCompiles('back and forth');
    }, 120_000);

    it('after a reparse that changes values, a year, an agency and a format', async () => {
      const changed = async (bytes: Uint8Array, name: string): Promise<ParsedReport> => {
        const p = await read(bytes);
        const seed = Number(/\d+/.exec(name)![0]);
        let r: ReportData = p;
        if (seed === 4) setCell(r, 'requests.granted.total', (getCell(r, 'requests.granted.total') as number) + 1);
        if (seed === 5) r.year = 2022;
        if (seed === 6) r.agency = '南京市玄武区人民政府';
        if (seed === 7) r = { ...generateReport(7, { format: '2019' }), agency: p.agency, year: p.year, title: p.title };
        return { ...r, sources: {}, findings: check(r) };
      };
      const out = await store.reparse(changed, { parserVersion: '9.9.9' });
      expect(out.changed.map((c) => c.reportId).sort((a, b) => a - b)).toEqual([4, 5, 6, 7].map((s) => ids.get(s)!).sort((a, b) => a - b));
      await expectSameCompiles('reparse');
    }, 120_000);

    it('after an agency\'s level and region are edited', async () => {
      const { rows } = await store.listReports({ limit: 1000 });
      const agency = rows.find((r) => r.agency?.name === '淮安市洪泽区教育局')!.agency!;
      await store.editAgency(agency.id, { level: 'county', region: '南京市玄武区' });
      await expectSameCompiles('edited agency');
      await store.editAgency(agency.id, { region: null });
      await expectSameCompiles('agency without region');
    });

    it('a database without the derived tables (or made under another template) has them made again at open', async () => {
      const before = finish((await store.compileState({})).state);
      await store.db.execute(sql`DELETE FROM compile_groups`);
      await store.db.execute(sql`DELETE FROM compile_reports`);
      await store.db.execute(sql`UPDATE store_meta SET value = 'another layout'`);
      expect(await ensureDerived(store.db)).toEqual({ rebuilt: true, reports: seeds.length });
      expect(await ensureDerived(store.db)).toEqual({ rebuilt: false, reports: 0 });
      expect(finish((await store.compileState({})).state)).toEqual(before);
      await expectSameCompiles('rebuilt');
    });

    it('keeps each version\'s detail as written: the same text as one made from its cells and findings', async () => {
      for (const seed of [3, 4, 7, 10, 12]) {
        const id = ids.get(seed)!;
        const cur = await store.getReport(id);
        for (const version of [1, cur.currentVersion]) {
          const kept = await store.detail(id, version);
          expect(kept.body.toString('utf8')).toBe(JSON.stringify((await store.getReport(id, { version })).report));
        }
      }
      // a version written before details were kept: made from cells and findings on first read, and kept
      const id = ids.get(12)!;
      const body = (await store.detail(id)).body.toString('utf8');
      await store.db.execute(sql`DELETE FROM report_details WHERE report_id = ${id}`);
      expect((await store.detail(id)).body.toString('utf8')).toBe(body);
      expect(await rowsOf(store.db, sql`SELECT version FROM report_details WHERE report_id = ${id}`)).toEqual([{ version: 1 }]);
    });
  });

  describe(`store on ${engine.name}: cross-year findings stored on the later report`, () => {
    let store: Store;
    let opts: StoreOptions;
    beforeAll(async () => {
      opts = await engine.fresh({ onDisk: true });
      store = await openStore(opts);
    });
    afterAll(() => store?.close());

    const COLUMNS = getFormat('2021').requests.columns.map((c) => c.key);
    /** A 2021-format report of `agency` for `year`; with `previous`, made consistent with it across the year. */
    function yearReport(seed: number, agency: string, year: number, previous?: ReportData): ReportData {
      const r = generateReport(seed, { format: '2021' });
      Object.assign(r, { agency, year, title: `${agency}${year}年政府信息公开工作年度报告` });
      if (previous) {
        for (const c of COLUMNS) setCell(r, `requests.carriedOver.${c}`, getCell(previous, `requests.carriedForward.${c}`) as number);
        for (const key of ['regulations', 'normativeDocs']) {
          const cell = (p: string) => getCell(r, `active.${key}.${p}`) as number;
          setCell(r, `active.${key}.inForce`, (getCell(previous, `active.${key}.inForce`) as number) + cell('issued') - cell('repealed'));
        }
      }
      return r;
    }
    const parsedOf = (r: ReportData): ParsedReport => ({ ...r, sources: {}, findings: check(r) });
    const bytesOf = (r: ReportData, tag = '') => new TextEncoder().encode(JSON.stringify(r) + tag);
    const save = async (r: ReportData, tag = '') => (await store.saveParsed({ bytes: bytesOf(r, tag), name: `${r.agency}-${r.year}${tag}.json` }, parsedOf(r))).id!;
    const isCrossYear = (f: { rule: string }) => f.rule.startsWith('XY-');
    /** What GET /api/reports/:id sends as `report`, its findings and counts; and the list's counts. */
    async function seen(id: number) {
      const detail = await store.detail(id);
      const report = JSON.parse(detail.body.toString('utf8')) as ParsedReport;
      const listed = (await store.listReports({ limit: 10_000 })).rows.find((r) => r.id === id)!;
      return { detail, report, crossYear: report.findings.filter(isCrossYear), listed };
    }

    it('previous year first, then the later one: the findings are on the later report, in its counts, list and fetch', async () => {
      const p = yearReport(101, '甲县人民政府', 2022);
      const l = yearReport(102, '甲县人民政府', 2023); // not consistent with p: the chain breaks
      const expected = checkAcrossYears(l, p);
      expect(expected.length).toBeGreaterThan(1);
      const pid = await save(p), lid = await save(l);
      const later = await seen(lid), earlier = await seen(pid);
      expect(later.crossYear).toEqual(expected);
      expect(earlier.crossYear).toEqual([]);
      const own = check(l);
      const count = (fs: Array<{ severity: string }>, s: string) => fs.filter((f) => f.severity === s).length;
      expect(later.listed).toMatchObject({ errorCount: count(own, 'error'), warningCount: count(own, 'warning') + count(expected, 'warning') });
      expect(later.detail).toMatchObject({ errors: later.listed.errorCount, warnings: later.listed.warningCount });
      // own findings first, then the cross-year ones; the fetch, getReport and a fetch of the version by number agree
      expect(later.report.findings).toEqual([...own, ...expected]);
      const stored = await store.getReport(lid);
      expect(later.detail.body.toString('utf8')).toBe(JSON.stringify(stored.report));
      expect((await store.detail(lid, 1)).body.toString('utf8')).toBe(later.detail.body.toString('utf8'));
      expect(await store.detail(lid, 1)).toMatchObject({ errors: later.listed.errorCount, warnings: later.listed.warningCount });
      expect((await store.details([lid, pid])).get(lid)!.body.toString('utf8')).toBe(later.detail.body.toString('utf8'));
      // compile lists the report's problems with them
      const { state } = await store.compileState({ year: 2023 });
      expect(state.problems.find((x) => x.id === String(lid))).toMatchObject({ warnings: later.listed.warningCount, errors: later.listed.errorCount });
      // computed on read (GET /api/reports/:id/previous, xxgk compare): the same findings from the same report
      const previous = await store.previousYear(stored.agency!.id, 2023);
      expect(previous?.id).toBe(pid);
      expect(checkAcrossYears(stored.report, previous!.report)).toEqual(expected);
      expect(await rowsOf(store.db, sql`SELECT report_id, version, previous_id, previous_version FROM cross_year_findings WHERE report_id IN (${pid}, ${lid})`))
        .toEqual([{ report_id: lid, version: 1, previous_id: pid, previous_version: 1 }]);
    });

    it('the later year first: its findings appear when the earlier one arrives', async () => {
      const p = yearReport(111, '乙县人民政府', 2022);
      const l = yearReport(112, '乙县人民政府', 2023);
      const lid = await save(l);
      const before = await seen(lid);
      expect(before.crossYear).toEqual([]);
      await save(p);
      const after = await seen(lid);
      expect(after.crossYear).toEqual(checkAcrossYears(l, p));
      expect(after.listed.warningCount).toBe(before.listed.warningCount + after.crossYear.length);
    });

    it('a correction of the earlier report that mends the chain takes the later report\'s finding away', async () => {
      const p = yearReport(121, '丙县人民政府', 2022);
      const l = yearReport(122, '丙县人民政府', 2023, p); // consistent with p …
      const printed = getCell(p, 'requests.carriedForward.total') as number;
      const misprinted = structuredClone(p);
      setCell(misprinted, 'requests.carriedForward.total', printed + 4); // … but p was printed (or read) wrong
      const pid = await save(misprinted), lid = await save(l);
      const broken = await seen(lid);
      expect(broken.crossYear).toEqual([expect.objectContaining({
        rule: 'XY-CARRIED-OVER', paths: ['requests.carriedOver.total', 'previous.requests.carriedForward.total'],
        evidence: expect.objectContaining({ actual: printed, expected: printed + 4 }),
      })]);
      await store.correctCell(pid, 'requests.carriedForward.total', printed, { who: '审核员', why: '核对原件' });
      const mended = await seen(lid);
      expect(mended.crossYear).toEqual([]);
      expect(mended.listed.warningCount).toBe(broken.listed.warningCount - 1);
      expect(mended.listed.version).toBe(1); // the later report has no new version: its findings follow the earlier one
      expect(await rowsOf(store.db, sql`SELECT previous_id, previous_version, findings FROM cross_year_findings WHERE report_id = ${lid}`))
        .toEqual([{ previous_id: pid, previous_version: 2, findings: '[]' }]);
      // and back: a correction of the later report is paired again with the earlier one's current version
      const c = await store.correctCell(lid, 'requests.carriedOver.total', printed + 1, { who: '审核员', why: '试' });
      expect(c.findings.filter(isCrossYear)).toEqual([expect.objectContaining({ rule: 'XY-CARRIED-OVER', evidence: expect.objectContaining({ actual: printed + 1, expected: printed }) })]);
      expect((await seen(lid)).crossYear).toEqual(c.findings.filter(isCrossYear));
      expect((await seen(lid)).listed).toMatchObject({ errorCount: c.errorCount, warningCount: c.warningCount });
      // an older version's detail is its own, as it was written
      expect((await store.detail(lid, 1)).body.toString('utf8')).toBe(JSON.stringify((await store.getReport(lid, { version: 1 })).report));
      expect(JSON.parse((await store.detail(lid, 1)).body.toString('utf8')).findings.filter(isCrossYear)).toEqual([]);
    });

    it('a batch holding both years of one agency, and the year after a stored one', async () => {
      const p = yearReport(131, '丁县人民政府', 2021), l = yearReport(132, '丁县人民政府', 2022), n = yearReport(133, '丁县人民政府', 2023);
      const item = (r: ReportData) => {
        const bytes = bytesOf(r);
        return { kind: 'report' as const, bytes, report: prepareReport(parsedOf(r), { hash: sha256(bytes), name: `${r.year}.json`, kind: 'text', size: bytes.length }, 't') };
      };
      const out = await saveBatch(store, [item(n), item(l)]);
      const [nid, lid] = out.map((o) => (o.status === 'added' ? o.id : -1));
      expect((await seen(nid!)).crossYear).toEqual(checkAcrossYears(n, l));
      expect((await seen(lid!)).crossYear).toEqual([]);
      await saveBatch(store, [item(p)]);
      expect((await seen(lid!)).crossYear).toEqual(checkAcrossYears(l, p));
      expect((await seen(nid!)).crossYear).toEqual(checkAcrossYears(n, l));
    });

    it('of several reports of the year before: fewest errors, then warnings, of its own, then the smallest content hash', async () => {
      const l = yearReport(142, '戊县人民政府', 2023);
      const clean = yearReport(141, '戊县人民政府', 2022);
      const wrong = structuredClone(clean);
      setCell(wrong, 'requests.newReceived.total', (getCell(wrong, 'requests.newReceived.total') as number) + 1);
      const lid = await save(l);
      const wid = await save(wrong);
      expect((await seen(lid)).crossYear).toEqual(checkAcrossYears(l, wrong));
      const cid = await save(clean);
      expect((await seen(lid)).crossYear).toEqual(checkAcrossYears(l, clean));
      // the same data in other files: whatever order they arrive in, the smallest content hash
      const copies = [cid, await save(clean, ' (again)'), await save(clean, ' (once more)')];
      const hashes = await rowsOf<{ id: number }>(store.db, sql`SELECT id FROM reports WHERE id IN (${sql.join(copies.map((c) => sql`${c}`), sql`, `)}) ORDER BY original_hash COLLATE "C"`);
      expect(await rowsOf(store.db, sql`SELECT previous_id FROM cross_year_findings WHERE report_id = ${lid}`)).toEqual([{ previous_id: hashes[0]!.id }]);
      const stored = await store.getReport(lid);
      expect((await store.previousYear(stored.agency!.id, 2023))?.id).toBe(hashes[0]!.id);
      expect(copies).not.toContain(wid);
      await expectCrossYearFresh(store);
    });

    it('whatever order the reports arrive in, one by one or in batches: the same findings on the same reports', async () => {
      // three agencies over five years, some years printed twice (another file, or other figures)
      const reports: ReportData[] = [];
      for (const [a, agency] of ['己县人民政府', '庚县人民政府', '辛县教育局'].entries()) {
        for (let year = 2019; year <= 2023; year++) {
          const r = yearReport(200 + a * 10 + year, agency, year, reports.at(-1)?.agency === agency && year % 2 ? reports.at(-1) : undefined);
          reports.push(r);
          if ((year + a) % 3 === 0) reports.push(yearReport(300 + a * 10 + year, agency, year));
        }
      }
      const item = (r: ReportData, i: number) => {
        const bytes = bytesOf(r, `#${i}`);
        return { kind: 'report' as const, bytes, report: prepareReport(parsedOf(r), { hash: sha256(bytes), name: `${i}.json`, kind: 'text', size: bytes.length }, 't') };
      };
      const items = reports.map(item);
      /** per report (by content), the content of the report its findings were made from, and the findings */
      const pairs = async (s: Store) => rowsOf(s.db, sql`
        SELECT r.original_hash AS report, p.original_hash AS previous, x.findings FROM cross_year_findings x
          JOIN reports r ON r.id = x.report_id JOIN reports p ON p.id = x.previous_id ORDER BY 1`);
      const orders = [
        items.map((_, i) => i),
        items.map((_, i) => items.length - 1 - i),
        items.map((_, i) => (i * 7) % items.length),
      ];
      const results = [];
      for (const [k, order] of orders.entries()) {
        const other = await openStore(await engine.fresh());
        try {
          if (k === 0) for (const i of order) await saveBatch(other, [items[i]!]);
          else for (let i = 0; i < order.length; i += 4) await saveBatch(other, order.slice(i, i + 4).map((j) => items[j]!));
          await expectCrossYearFresh(other);
          results.push(await pairs(other));
        } finally {
          await other.close();
        }
      }
      expect(results[0]!.length).toBeGreaterThan(8);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    });

    it('a database from before the cross-year findings gets them at open', async () => {
      const before = await rowsOf(store.db, sql`SELECT id, error_count, warning_count FROM reports ORDER BY id`);
      const kept = await rowsOf(store.db, sql`SELECT * FROM cross_year_findings ORDER BY report_id`);
      expect(kept.length).toBeGreaterThan(3);
      // as migration 0001 left it: no table, counts of the reports' own findings, the migration not applied
      await store.db.execute(sql`DROP TABLE cross_year_findings`);
      await store.db.execute(sql`DELETE FROM store_meta WHERE key = 'cross_year_rules'`);
      await store.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)`);
      await store.db.execute(sql`UPDATE reports r SET error_count = v.error_count, warning_count = v.warning_count FROM versions v
                                 WHERE v.report_id = r.id AND v.version = r.current_version`);
      expect(await rowsOf(store.db, sql`SELECT id, error_count, warning_count FROM reports ORDER BY id`)).not.toEqual(before);
      await store.close();
      store = await openStore(opts);
      expect(await rowsOf(store.db, sql`SELECT * FROM cross_year_findings ORDER BY report_id`)).toEqual(kept);
      expect(await rowsOf(store.db, sql`SELECT id, error_count, warning_count FROM reports ORDER BY id`)).toEqual(before);
    });
  });

  describe(`store on ${engine.name}: kill -9 during ingest`, () => {
    let dir: string;
    let opts: StoreOptions;
    const N = 2000;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'xxgk-kill-'));
      for (let seed = 1; seed <= N; seed++) {
        const layout = TEXT_LAYOUTS[seed % TEXT_LAYOUTS.length]!;
        writeFileSync(join(dir, `r${String(seed).padStart(5, '0')}.txt`), renderText(generateReport(seed), { layout, seed }));
      }
      opts = await engine.fresh({ onDisk: true });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a run killed midway leaves whole reports only; the re-run completes without duplicates', async () => {
      const stored = await killMidway(dir, opts, 400);
      expect(stored).toBeGreaterThanOrEqual(400);
      const store = await openStore(opts);
      try {
        const partial = await store.counts();
        expect(partial.reports).toBeGreaterThanOrEqual(stored);
        expect(partial.reports).toBeLessThan(N);
        await expectWholeReports(store);
        const s = await ingest([dir], store, { workers: 2 });
        expect(s.added + s.duplicates).toBe(N);
        expect(s.duplicates).toBe(partial.reports);
        expect(s.failed).toBe(0);
        expect(await store.counts()).toMatchObject({ reports: N, originals: N, failures: 0 });
        await expectWholeReports(store);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
}

/**
 * Every report's stored cross-year findings are those of the rules on it and the report previousYear() finds, and
 * its counts are those of all its findings.
 */
export async function expectCrossYearFresh(store: Store) {
  const { rows } = await store.listReports({ limit: 10_000 });
  for (const row of rows) {
    const r = await store.getReport(row.id);
    const previous = r.agency && r.year !== null ? await store.previousYear(r.agency.id, r.year) : null;
    const crossYear = r.report.findings.filter((f) => f.rule.startsWith('XY-'));
    expect(crossYear, `report ${r.id}`).toEqual(previous ? checkAcrossYears(r.report, previous.report) : []);
    const count = (s: string) => r.report.findings.filter((f) => f.severity === s).length;
    expect([r.errorCount, r.warningCount], `report ${r.id}`).toEqual([count('error'), count('warning')]);
  }
}

/** Every report has all the cells of its format and its version row: nothing was half written. */
async function expectWholeReports(store: Store) {
  const rows = await rowsOf<{ id: number; format: FormatId; subtotal: boolean; cells: number; versions: number }>(store.db, sql`
    SELECT r.id, r.format, (r.data -> 'requests') ? 'deniedSubtotal' AS subtotal,
           (SELECT count(*)::int FROM cells c WHERE c.report_id = r.id AND c.version = 1) AS cells,
           (SELECT count(*)::int FROM versions v WHERE v.report_id = r.id) AS versions
    FROM reports r`);
  const broken = rows.filter((r) => r.versions !== 1 || r.cells !== cellsOf(r.format, { deniedSubtotal: r.subtotal }).length);
  expect(broken).toEqual([]);
  // and what is derived from them: each report's compile row and detail, and its tally in the totals
  const [derived] = await rowsOf<{ reports: number; compiled: number; details: number; tallied: number }>(store.db, sql`
    SELECT (SELECT count(*)::int FROM reports) AS reports, (SELECT count(*)::int FROM compile_reports) AS compiled,
           (SELECT count(*)::int FROM report_details) AS details,
           (SELECT coalesce(sum(reports), 0)::int FROM compile_groups WHERE region = '') AS tallied`);
  expect(derived).toEqual({ reports: derived!.reports, compiled: derived!.reports, details: derived!.reports, tallied: derived!.reports });
}

/** Ingest in a child process and SIGKILL it once `after` reports are stored; returns how many it had reported. */
function killMidway(dir: string, opts: StoreOptions, after: number): Promise<number> {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['XXGK_DATA'];
  if (opts.databaseUrl) env['DATABASE_URL'] = opts.databaseUrl;
  if (opts.dataDir) env['XXGK_DATA'] = opts.dataDir;
  const child = spawn(process.execPath, [resolve('test/support/ingest-child.mjs'), dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolvePromise, reject) => {
    let stored = 0, killed = false;
    child.stdout.on('data', (d: Buffer) => {
      const m = [...d.toString().matchAll(/progress (\d+)/g)].at(-1);
      if (m) stored = Number(m[1]);
      if (!killed && stored >= after) { killed = true; child.kill('SIGKILL'); }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(stored);
      else reject(new Error(`the ingest ended before it could be killed (code ${code}, ${stored} stored): ${stderr}`));
    });
  });
}
