// The real reports of ../shared/corpus: every scored field right, and what a reviewer expects of their findings.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { parseFile } from '../src/index.js';
import type { ParsedReport } from '../src/index.js';
import { mismatches } from './support/expected.js';

const CORPUS = resolve(process.cwd(), '../shared/corpus');
const REPORTS = ['hongze-2024.pdf', 'huaian-2024.pdf', 'shuyang-fgj-2023.html'];
const parsed = new Map<string, ParsedReport>();
const parse = async (file: string) => parsed.get(file) ?? parsed.set(file, await parseFile(`${CORPUS}/${file}`)).get(file)!;

describe('corpus reports', () => {
  it.each(REPORTS)('%s: every scored field is right', async (file) => {
    const r = await parse(file);
    expect(mismatches(`${CORPUS}/expected/${file.replace(/\.\w+$/, '')}.json`, r as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('their tables are consistent: no error-level finding', async () => {
    for (const f of REPORTS) expect((await parse(f)).findings.filter((x) => x.severity === 'error').map((x) => x.message), f).toEqual([]);
  });

  it('hongze: the prose says 17 applications where 表三 says 95, and that is flagged', async () => {
    const f = (await parse('hongze-2024.pdf')).findings.filter((x) => x.rule === 'PROSE-TABLE');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ paths: ['requests.newReceived.total'], evidence: { prose: 17, table: 95 } });
  });

  it('huaian: the prose agrees with the tables', async () => {
    expect((await parse('huaian-2024.pdf')).findings.filter((x) => x.rule === 'PROSE-TABLE')).toEqual([]);
  });

  it('PDF cells carry their page and box', async () => {
    const s = (await parse('huaian-2024.pdf')).sources['active.fees.amount'];
    expect(s).toMatchObject({ raw: '96171.6', page: expect.any(Number), box: expect.any(Array) });
  });

  it('the blank 2021 template yields no numbers and says it holds no data', async () => {
    const r = await parseFile(`${CORPUS}/template-2021-blank.docx`);
    expect(r.format).toBe('2021');
    expect(Object.values(r.sources).filter((s) => s.raw !== null && /\d/.test(s.raw))).toEqual([]);
    expect(r.findings.find((f) => f.rule === 'X-NO-DATA')?.severity).toBe('error');
  });
});
