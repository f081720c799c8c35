import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateMany, generateReport } from './index.js';
import { agencyLevel, cellsOf, equationsOf, getCell, judge, SECTION_KEYS } from '../template/index.js';
import type { ReportData } from '../template/index.js';

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);
const hasSubtotal = (r: ReportData) => 'deniedSubtotal' in r.requests;

describe('generateReport', () => {
  it('is deterministic: the same seed gives the same report', () => {
    for (const seed of [1, 42, 9999]) expect(generateReport(seed)).toEqual(generateReport(seed));
    expect(generateReport(1)).not.toEqual(generateReport(2));
    expect(generateMany(7, 5)).toEqual(generateMany(7, 5));
  });

  it('makes both formats, and the one asked for', () => {
    const formats = new Set(SEEDS.map((s) => generateReport(s).format));
    expect(formats).toEqual(new Set(['2019', '2021']));
    expect(generateReport(3, { format: '2019' }).format).toBe('2019');
    expect(generateReport(3, { format: '2021' }).format).toBe('2021');
  });

  it('satisfies every equation of its format', () => {
    for (const seed of SEEDS) {
      for (const deniedSubtotal of [false, true]) {
        const r = generateReport(seed, { deniedSubtotal });
        for (const eq of equationsOf(r.format, { deniedSubtotal })) {
          const state = judge(eq, (p) => getCell(r, p));
          expect(state.state, `seed ${seed} ${eq.rule} ${eq.where}`).toBe('holds');
        }
      }
    }
  });

  it('holds for any 32-bit seed (fast-check, fixed seed so a failure replays)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), (seed, deniedSubtotal) => {
        const r = generateReport(seed, { deniedSubtotal });
        return equationsOf(r.format, { deniedSubtotal }).every((eq) => judge(eq, (p) => getCell(r, p)).state === 'holds');
      }),
      { seed: 20240131, numRuns: 300 },
    );
  });

  it('with blanks, leaves some cells null but makes no equation fail', () => {
    let blanks = 0;
    for (const seed of SEEDS) {
      const r = generateReport(seed, { blanks: true });
      blanks += cellsOf(r.format).filter((c) => getCell(r, c.path) === null).length;
      for (const eq of equationsOf(r.format)) expect(judge(eq, (p) => getCell(r, p)).state, `seed ${seed} ${eq.where}`).not.toBe('fails');
    }
    expect(blanks).toBeGreaterThan(SEEDS.length);
  });

  it('fills every cell with a number of the right kind', () => {
    for (const seed of SEEDS) {
      const r = generateReport(seed, { deniedSubtotal: seed % 2 === 0 });
      for (const c of cellsOf(r.format, { deniedSubtotal: hasSubtotal(r) })) {
        const v = getCell(r, c.path);
        expect(typeof v, `seed ${seed} ${c.path}`).toBe('number');
        const n = v as number;
        if (c.kind === 'count') expect(Number.isInteger(n) && n >= 0, `seed ${seed} ${c.path}=${n}`).toBe(true);
        if (c.kind === 'signed') expect(Number.isInteger(n), `seed ${seed} ${c.path}=${n}`).toBe(true);
        const decimals = (String(n).split('.')[1] ?? '').length;
        if (c.kind === 'amount') expect(n >= 0 && Number.isFinite(n) && decimals <= 4, `seed ${seed} ${c.path}=${n}`).toBe(true);
      }
    }
  });

  it('mixes zeros, small and multi-digit values, signed changes and decimal amounts', () => {
    const reports = SEEDS.map((s) => generateReport(s));
    const values = reports.flatMap((r) => cellsOf(r.format).map((c) => ({ kind: c.kind, v: getCell(r, c.path) as number })));
    const counts = values.filter((x) => x.kind === 'count').map((x) => x.v);
    expect(counts.filter((v) => v === 0).length / counts.length).toBeGreaterThan(0.5);
    expect(counts.some((v) => v >= 100_000)).toBe(true);
    expect(counts.some((v) => v > 0 && v < 10)).toBe(true);
    const signed = values.filter((x) => x.kind === 'signed').map((x) => x.v);
    expect(signed.some((v) => v < 0) && signed.some((v) => v > 0) && signed.some((v) => v === 0)).toBe(true);
    const amounts = values.filter((x) => x.kind === 'amount').map((x) => x.v);
    expect(amounts.some((v) => !Number.isInteger(v))).toBe(true);
    expect(amounts.some((v) => v > 0 && Number.isInteger(v))).toBe(true);
    expect(reports.some((r) => cellsOf(r.format).filter((c) => c.table === 'requests').every((c) => getCell(r, c.path) === 0))).toBe(true);
  });

  it('stores the money unit of the format: 万元 for 2021 fees, 万元, 元 or none for 2019 procurement', () => {
    const units2019 = new Set<unknown>();
    for (const seed of SEEDS) {
      const r = generateReport(seed);
      if (r.format === '2021') expect(r.active['fees']!['amountUnit']).toBe('万元');
      else units2019.add(r.active['procurement']!['amountUnit']);
    }
    expect(units2019).toEqual(new Set(['万元', '元', null]));
  });

  it('gives a realistic title, agency, year, date and six sections', () => {
    for (const seed of SEEDS) {
      const r = generateReport(seed);
      expect(r.title).toContain(r.agency!);
      expect(r.title).toContain(`${r.year}年`);
      expect(agencyLevel(r.agency), r.agency!).not.toBeNull();
      if (r.format === '2021') expect(r.year).toBeGreaterThanOrEqual(2021);
      expect(r.year).toBeGreaterThanOrEqual(2019);
      expect(r.year).toBeLessThanOrEqual(2025);
      expect(r.publishedOn).toMatch(new RegExp(`^${r.year! + 1}-(0[1-3])-\\d\\d$`));
      for (const key of SECTION_KEYS) expect(r.sections[key]?.heading, key).toBeTruthy();
      for (const key of SECTION_KEYS) {
        // Numbers in prose are glued to their words: no bare token a reader could take for a table value.
        expect(r.sections[key]!.text, `seed ${seed} ${key}`).not.toMatch(/(^|[\s，。、：；])\d+([\s，。、：；]|$)/);
      }
    }
  });

  it('keeps the prose in agreement with the tables', () => {
    for (const seed of SEEDS) {
      const r = generateReport(seed);
      const received = /收到政府信息公开申请(\d+)件/.exec(r.sections.overview!.text)?.[1];
      expect(Number(received), `seed ${seed}`).toBe(getCell(r, 'requests.newReceived.total'));
    }
  });

  it('adds the （三）不予公开 subtotal row only when asked', () => {
    expect(hasSubtotal(generateReport(5))).toBe(false);
    const r = generateReport(5, { deniedSubtotal: true });
    expect(hasSubtotal(r)).toBe(true);
  });
});
