import { describe, it, expect } from 'vitest';
import {
  cellRows, contractOf, detailJson, detailReport, encodeCells, encodeCellsOf, findingRows, isoDate, packDetail, prepareReport, reportOf,
  sourcesOf, storedCells, storedFindings, unpackDetail, PATH_DICTIONARY, type StoredCell,
} from './rows.js';
import { parseText } from '../index.js';
import { generateReport } from '../generate/index.js';
import { renderText } from '../render/text.js';
import { cellsOf, type ParsedReport, type ReportData } from '../template/index.js';

describe('rows of a parsed report', () => {
  const parsed = parseText(renderText(generateReport(5), { layout: 'row', seed: 5 }));

  it('has a row for every cell of the format, and the sources come back from the rows', () => {
    const rows = cellRows(parsed, parsed.sources);
    expect(rows.paths).toEqual(cellsOf(parsed.format).map((c) => c.path));
    const stored: StoredCell[] = rows.paths.map((path, i) => ({
      path, value: rows.values[i]!, raw: rows.raws[i]!, line: rows.lines[i]!, col: rows.cols[i]!, charOffset: rows.offsets[i]!,
      page: rows.pages[i]!, position: rows.positions[i] ? JSON.parse(rows.positions[i]!) : null,
    }));
    expect(sourcesOf(stored)).toEqual(parsed.sources);
  });

  it('encodes in one pass what the two steps give', () => {
    expect(encodeCellsOf(parsed, parsed.sources)).toEqual(encodeCells(cellRows(parsed, parsed.sources)));
  });

  it('encodes array literals that survive quotes, backslashes and blanks', () => {
    const enc = encodeCells({
      paths: [PATH_DICTIONARY[0]!, PATH_DICTIONARY[1]!], values: [1.5, null], raws: ['a"b\\c', null],
      lines: [3, null], cols: [null, 2], offsets: [0, 9], pages: [null, 4], positions: ['{"box":[1,2,3,4]}', null],
    });
    expect(enc).toEqual({
      count: 2, pathRefs: '1,2', values: '1.5,NULL', raws: '"a\\"b\\\\c",NULL', lines: '3,NULL', cols: 'NULL,2', offsets: '0,9',
      pages: 'NULL,4', positions: '"{\\"box\\":[1,2,3,4]}",NULL',
    });
  });

  it('counts errors and warnings, drops U+0000 that the database cannot hold, keeps only real dates', () => {
    const withNul = { ...parsed, title: 'a\0b', findings: [{ rule: 'X', severity: 'error' as const, paths: [], message: 'm\0' }] };
    const p = prepareReport(withNul, { hash: 'h', name: 'n\0.txt', kind: 'text', size: 1 }, '1');
    expect(p).toMatchObject({ title: 'ab', errorCount: 1, warningCount: 0, original: { name: 'n.txt' } });
    expect(p.findings.messages).toEqual(['m']);
    expect([isoDate('2024-01-17'), isoDate('2024-02-30'), isoDate('2024年1月'), isoDate(null)]).toEqual(['2024-01-17', null, null, null]);
  });

  it('puts the contract back in the template\'s order after jsonb reordered it', () => {
    const { sections, sources: _s, findings: _f, ...data } = parsed;
    const shuffle = (o: unknown): unknown => (o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).reverse().map(([k, v]) => [k, shuffle(v)])) : o);
    const back = reportOf(shuffle(data) as typeof data, shuffle(sections) as typeof sections);
    expect(back).toEqual({ ...data, sections });
    expect(JSON.stringify(back)).toBe(JSON.stringify(reportOf(data, sections)));
    expect(Object.keys(back)).toEqual(['format', 'title', 'agency', 'year', 'publishedOn', 'sections', 'active', 'requests', 'appeals']);
    expect(Object.keys(back.requests['newReceived']!)).toEqual(Object.keys(parsed.requests['newReceived']!));
    expect(Object.keys(back.requests)).toEqual(Object.keys(parsed.requests));
    expect(Object.keys(back.sections)).toEqual(Object.keys(parsed.sections));
  });
});

describe('a version\'s detail, made when written', () => {
  const parsed = parseText(renderText(generateReport(9), { layout: 'cell', seed: 9 }));
  const paths = cellsOf(parsed.format).map((c) => c.path);
  // sources of every kind: a PDF's page and box, an element path, a derived cell, quotes and a stray U+0000 in the raw text
  const sources = {
    ...parsed.sources,
    [paths[0]!]: { raw: '1"2\\3', line: 4, column: 5, offset: 6, page: 2, box: [10.5, 20, 30, 40] },
    [paths[1]!]: { raw: 'x\u0000y', path: 'table[1]/tr[2]/td[3]' },
    [paths[2]!]: { raw: null, derived: true, line: 7 },
  } as ParsedReport['sources'];
  const report: ParsedReport = { ...parsed, sources };

  it('has its sources in the template\'s cell order whatever order the cells come in, NUL removed, positions after the coordinates', () => {
    const cells = storedCells(cellRows(report, report.sources));
    const findings = storedFindings(findingRows(report.findings));
    const data = JSON.parse(JSON.stringify(contractOf(report))) as ReportData, sections = JSON.parse(JSON.stringify(report.sections));
    const expected = JSON.stringify(detailReport(data, sections, cells, findings, 'f.txt'));
    expect(JSON.stringify(detailReport(data, sections, [...cells].reverse(), findings, 'f.txt'))).toBe(expected);
    // the text made without the objects is the same, character for character; and where it leaves it to them
    expect(detailJson(data, sections, [...cells].reverse(), findings, 'f.txt')).toBe(expected);
    const odd = cells.map((c, i) => (i === 3 ? { ...c, position: { line: 99 } } : c));
    expect(detailJson(data, sections, odd, findings, 'f.txt')).toBe(JSON.stringify(detailReport(data, sections, odd, findings, 'f.txt')));
    const back = JSON.parse(expected);
    expect(Object.keys(back.sources)).toEqual(paths.filter((p) => p in back.sources));
    expect(back.sources[paths[0]!]).toEqual({ raw: '1"2\\3', line: 4, column: 5, offset: 6, page: 2, box: [10.5, 20, 30, 40] });
    expect(Object.keys(back.sources[paths[0]!])).toEqual(['raw', 'line', 'column', 'offset', 'page', 'box']);
    expect(back.sources[paths[1]!]).toEqual({ raw: 'xy', path: 'table[1]/tr[2]/td[3]' });
    expect(back.sources[paths[2]!]).toEqual({ raw: null, line: 7, derived: true });
  });

  it('is kept packed (brotli, base64) and unpacks to the same bytes; prepareReport makes it', () => {
    const p = prepareReport(report, { hash: 'h', name: 'f.txt', kind: 'text', size: 1 }, 'v');
    const json = unpackDetail(p.detail!).toString('utf8');
    expect(JSON.parse(json)).toMatchObject({ format: report.format, file: 'f.txt', findings: expect.any(Array) });
    expect(unpackDetail(packDetail(json)).toString('utf8')).toBe(json);
    expect(p.detail!.length).toBeLessThan(json.length / 3);
    expect(p.compile).toMatchObject({ format: report.format, year: report.year, errors: p.errorCount, warnings: p.warningCount });
  });
});

describe('keys the template does not order', () => {
  it('come after the template\'s own, in jsonb\'s order, whatever order they came in (so a detail made when written is one read back)', () => {
    const parsed = parseText(renderText(generateReport(6), { layout: 'row', seed: 6 }));
    const { sections, sources: _s, findings: _f, ...data } = parsed;
    const row = Object.keys(data.requests)[0]!;
    const withExtras = structuredClone(data);
    Object.assign(withExtras.requests[row]!, { zeta: 1, ab: { y: 1, x: [{ b: 2, a: 1 }] }, 长: 3 });
    const reversed = structuredClone(data);
    Object.assign(reversed.requests[row]!, { 长: 3, ab: { x: [{ a: 1, b: 2 }], y: 1 }, zeta: 1 });
    const s1 = JSON.stringify(reportOf(withExtras, { ...sections, extra2: null, extra1: null } as typeof sections));
    const s2 = JSON.stringify(reportOf(reversed, { extra1: null, ...sections, extra2: null } as typeof sections));
    expect(s1).toBe(s2);
    // by UTF-8 length first: 长 is 3 bytes, zeta 4
    expect(Object.keys(JSON.parse(s1).requests[row]).slice(-3)).toEqual(['ab', '长', 'zeta']);
  });
});
