// The five seed reports: every scored field right, and the findings a reviewer expects.
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFile } from '../src/index.js';
import type { ParsedReport } from '../src/index.js';
import { mismatches } from './support/expected.js';

const SEEDS = resolve(process.cwd(), '../shared/seeds');
const names = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => f.replace(/\.txt$/, ''));
const parsed = new Map<string, ParsedReport>();
const parse = async (name: string) => parsed.get(name) ?? parsed.set(name, await parseFile(`${SEEDS}/${name}.txt`)).get(name)!;
const rules = (r: ParsedReport) => r.findings.map((f) => f.rule);

describe('seed reports', () => {
  it.each(names)('%s: every scored field is right', async (name) => {
    const r = await parse(name);
    expect(mismatches(`${SEEDS}/expected/${name}.json`, r as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('000: blank cells, a township with 规章, and a 表四 it cannot decide', async () => {
    const r = await parse('000_4e3009a5e39658e9');
    expect(rules(r)).toContain('BLANK-CELLS');
    expect(r.findings.find((f) => f.rule === 'TOWNSHIP-REGULATIONS')?.paths).toEqual(['active.regulations.made', 'active.regulations.published', 'active.regulations.total']);
    const undecided = r.findings.find((f) => f.rule === 'X-ROW-UNDECIDED' && f.paths.some((p) => p.startsWith('appeals.')));
    expect(undecided?.paths).toHaveLength(15);
    expect(Object.values(r.appeals).flatMap((g) => Object.values(g))).toEqual(new Array(15).fill(null));
  });

  it('001: a 2021 report in the 2019 format, without section 六', async () => {
    const r = await parse('001_b877354725f43e5a');
    expect(r.format).toBe('2019');
    expect(r.findings.find((f) => f.rule === 'FORMAT-OUTDATED')?.severity).toBe('warning');
    expect(r.findings.find((f) => f.rule === 'SECTION-MISSING')?.paths).toEqual(['sections.other']);
    expect(r.findings.find((f) => f.rule === 'AMOUNT-UNIT')?.paths).toContain('active.procurement.amount');
  });

  it('001: rows printing 6 of 7 values are decided by the sums, and say so', async () => {
    const r = await parse('001_b877354725f43e5a');
    const decided = r.findings.filter((f) => f.rule === 'X-ROW-DECIDED');
    expect(decided.length).toBeGreaterThanOrEqual(12);
    expect(r.requests['denied'] && (r.requests['denied'] as Record<string, Record<string, number>>)['threeSecurity']!['total']).toBe(0);
    expect(Object.values(r.sources).some((s) => s.derived === 'T3-ROWSUM' || s.derived === 'T3-RESULTS')).toBe(true);
  });

  it('004: the extra （三）不予公开 row is kept as deniedSubtotal and checked', async () => {
    const r = await parse('004_1b8055f632d828e7');
    expect(r.requests['deniedSubtotal']).toEqual({ naturalPerson: 0, business: 0, research: 0, nonprofit: 0, legalService: 0, otherOrg: 0, total: 0 });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('every value carries its source line and raw text', async () => {
    const r = await parse('002_e36851e478d160e5');
    expect(r.sources['requests.newReceived.total']).toMatchObject({ raw: '1', line: expect.any(Number) });
    expect(r.sources['requests.newReceived.naturalPerson']!.column).toBeGreaterThan(1);
  });

  it('no seed has a finding that is an error', async () => {
    for (const n of names) expect((await parse(n)).findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
  });
});
