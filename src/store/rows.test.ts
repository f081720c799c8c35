import { describe, it, expect } from 'vitest';
import { cellRows, encodeCells, encodeCellsOf, isoDate, prepareReport, reportOf, sourcesOf, PATH_DICTIONARY, type StoredCell } from './rows.js';
import { parseText } from '../index.js';
import { generateReport } from '../generate/index.js';
import { renderText } from '../render/text.js';
import { cellsOf } from '../template/index.js';

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
