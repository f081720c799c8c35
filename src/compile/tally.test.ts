import { describe, expect, it } from 'vitest';
import { addTally, decodeTally, emptyTally, encodeTally, isZeroTally, tallyLayout, tallyOf } from './tally.js';
import { accumulate, compile, emptyState, finish, itemOf, mergeState } from './index.js';
import { generateReport } from '../generate/index.js';
import { check } from '../check/index.js';
import { setCell } from '../template/index.js';

describe('tallies', () => {
  const reports = Array.from({ length: 12 }, (_, i) => {
    const r = generateReport(40 + i, { format: i % 3 ? '2021' : '2019', blanks: i % 2 === 0 });
    setCell(r, i % 3 ? 'active.fees.amount' : 'active.procurement.amount', 1234.5 + i / 7);
    return { ...r, sources: {}, findings: check(r) };
  });

  it('a report\'s tally is what compile() adds for it; tallies add and subtract to exactly nothing', () => {
    for (const r of reports) {
      const { tally } = tallyOf(r);
      const state = accumulate([itemOf(r)]);
      expect(state.tallies[r.format]).toEqual(tally);
      const sum = emptyTally(r.format);
      addTally(sum, tally);
      addTally(sum, tally, -1);
      expect(isZeroTally(sum)).toBe(true);
    }
  });

  it('reads back from its text form exactly (runs, decimals, negative changes)', () => {
    for (const format of ['2019', '2021'] as const) {
      const sum = emptyTally(format);
      for (const r of reports.filter((x) => x.format === format)) addTally(sum, tallyOf(r).tally);
      sum.sums[3] = 0.1 + 0.2;
      sum.sums[4] = -17;
      sum.sums[5] = 1e-7;
      const text = encodeTally(sum);
      expect(decodeTally(format, sum.reports, text)).toEqual(sum);
      expect(text.length).toBeLessThan(1500);
    }
    expect(() => decodeTally('2021', 1, '1,2;3;4')).toThrow(/cells/);
    expect(tallyLayout()).toMatch(/^tally-\d+:/);
  });

  it('accumulate → merge → finish is compile(), however the reports are split', () => {
    const items = reports.map((r, i) => itemOf(r, `r${i}`));
    const merged = mergeState(mergeState(accumulate(items.slice(0, 5)), accumulate(items.slice(5, 9))), accumulate(items.slice(9)));
    expect(finish(merged)).toEqual(compile(items));
    expect(finish(mergeState(emptyState(), accumulate([])))).toEqual(compile([]));
  });
});
