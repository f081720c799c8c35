import { describe, it, expect } from 'vitest';
import { resolveRow } from './solve.js';
import { classify, type Token } from './tokens.js';
import { equationsOf } from '../template/index.js';

const cols = ['naturalPerson', 'business', 'research', 'nonprofit', 'legalService', 'otherOrg', 'total'];
const row = (name: string) => cols.map((c) => `requests.${name}.${c}`);
const toks = (s: string): Token[] => s.split(' ').map((t, i) => classify(t, { line: 1, column: i + 1 }));
const kinds = cols.map(() => 'count' as const);
const eqs = equationsOf('2019');
const values = (o: ReturnType<typeof resolveRow>) => o.cells.map((c) => c.value);

describe('resolveRow places values by the template equations', () => {
  it('a row printing 6 zeros under 7 cells: every reading gives all zeros, so it is decided', () => {
    const o = resolveRow(row('granted'), kinds, toks('0 0 0 0 0 0'), new Map(), eqs);
    expect(o.status).toBe('decided');
    expect(values(o)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('"1 0" read as 10 when the row sum says so', () => {
    const o = resolveRow(row('newReceived'), kinds, toks('1 0 0 0 0 0 0 10'), new Map(), eqs);
    expect(o.status).toBe('decided');
    expect(values(o)).toEqual([10, 0, 0, 0, 0, 0, 10]);
    expect(o.cells[0]!.merged).toHaveLength(2);
  });

  it('a missing cell is derived from the other rows when only one reading fits', () => {
    const known = new Map<string, number | null>([
      ...cols.slice(0, 6).flatMap((c): Array<[string, number]> => [[`requests.carriedOver.${c}`, 0], [`requests.carriedForward.${c}`, 0]]),
      ['requests.newReceived.naturalPerson', 5], ['requests.newReceived.business', 2], ['requests.newReceived.research', 0],
      ['requests.newReceived.nonprofit', 0], ['requests.newReceived.legalService', 0], ['requests.newReceived.otherOrg', 0],
    ]);
    const o = resolveRow(row('resultTotal'), kinds, toks('5 2 0 0 0 7'), known, eqs);
    expect(o.status).toBe('decided');
    expect(values(o)).toEqual([5, 2, 0, 0, 0, 0, 7]);
  });

  it('one value under seven columns is read as the 总计, and reported', () => {
    const o = resolveRow(row('newReceived'), kinds, toks('3'), new Map(), eqs);
    expect(o.status).toBe('total-only');
    expect(values(o)).toEqual([null, null, null, null, null, null, 3]);
  });

  it('an undecidable row keeps only what every reading agrees on and names the rest', () => {
    const o = resolveRow(row('granted'), kinds, toks('4 1 5'), new Map(), eqs);
    expect(o.status).toBe('undecided');
    if (o.status !== 'undecided') return;
    expect(o.undecided.length).toBeGreaterThan(0);
    for (const i of o.undecided) expect(o.cells[i]!.value).toBeNull();
  });

  it('a row whose every reading breaks an equation is undecided, never forced', () => {
    const known = new Map<string, number | null>(cols.map((c) => [`requests.carriedOver.${c}`, 0]));
    const o = resolveRow(row('granted'), kinds, toks('1 2 3 4 5 6'), known, eqs.filter((e) => e.rule === 'T3-ROWSUM'));
    expect(['undecided', 'decided']).toContain(o.status);
  });
});
