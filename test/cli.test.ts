// The `xxgk` command as a user runs it: exit codes, bilingual one-line errors, batches that go on.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, truncateSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../src/store/index.js';
import { createApp } from '../src/server/app.js';
import { generateReport } from '../src/generate/index.js';
import { renderText } from '../src/render/text.js';

const BIN = resolve(process.cwd(), 'bin/xxgk');
const SEEDS = resolve(process.cwd(), '../shared/seeds');
const seed = (n: string) => join(SEEDS, `${n}.txt`);
let dir = '';

function xxgk(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xxgk-cli-'));
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'novel.txt'), '第一章\n天色将晚，他推开门，雪已经下了一整天。\n');
  writeFileSync(join(dir, 'huge.txt'), '');
  truncateSync(join(dir, 'huge.txt'), 100 * 1024 * 1024);
  const full = readFileSync(seed('002_e36851e478d160e5'), 'utf8');
  writeFileSync(join(dir, 'cut.txt'), full.slice(0, full.indexOf('（四）无法提供')));
  const broken = full.replace('一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1', '一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5');
  writeFileSync(join(dir, 'broken.txt'), broken);
});

describe('xxgk parse', () => {
  it('prints one JSON object per file and line, with sources and findings', () => {
    const r = xxgk(['parse', '--json', seed('002_e36851e478d160e5'), seed('004_1b8055f632d828e7')]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ format: '2019', year: 2020, agency: '缑氏镇人民政府', requests: { newReceived: { total: 1 } } });
    expect(lines[0].sources['requests.newReceived.total'].raw).toBe('1');
    expect(Array.isArray(lines[1].findings)).toBe(true);
  });

  it('reads - from stdin', () => {
    const r = xxgk(['parse', '--json', '-'], readFileSync(seed('003_47d82fe70f5f9d49'), 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).active.procurement.amount).toBe(56580);
  });

  it.each([
    ['empty.txt', 'EMPTY', '文件为空'],
    ['binary.txt', 'BINARY', 'not text'],
    ['huge.txt', 'TOO_LARGE', 'too large'],
    ['novel.txt', 'NOT_A_REPORT', 'not an annual report'],
    ['missing.txt', 'NOT_FOUND', '找不到文件'],
  ])('%s: one clear line in Chinese and English, exit 2, no stack trace', (file, code, words) => {
    const r = xxgk(['parse', join(dir, file)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(code);
    expect(r.err).toContain(words);
    expect(r.err).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a batch goes on past a bad file and ends with a summary', () => {
    const r = xxgk(['parse', '--json', join(dir, 'empty.txt'), seed('002_e36851e478d160e5')]);
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].error.code).toBe('EMPTY');
    expect(lines[1].agency).toBe('缑氏镇人民政府');
    expect(r.err).toContain('2 files, 1 done, 1 failed');
  });

  it('a large batch runs on all cores, keeps input order, and a file that hangs is stopped by the time limit', () => {
    const names = readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
    const files = Array.from({ length: 24 }, (_, i) => {
      const f = join(dir, `batch-${String(i).padStart(2, '0')}${i === 7 ? '-hang' : ''}.txt`);
      writeFileSync(f, readFileSync(join(SEEDS, names[i % names.length]!)));
      return f;
    });
    const r = xxgk(['parse', '--json', '--timeout', '3', ...files], undefined, { XXGK_DEBUG_HANG: '-hang.txt' });
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[7].error.code).toBe('TIMEOUT');
    expect(lines.filter((l) => l.format).length).toBe(23);
    expect(r.err).toContain('24 files, 23 done, 1 failed');
  });

  it('a report cut off halfway gives the data found and findings for what is missing', () => {
    const r = xxgk(['parse', '--json', join(dir, 'cut.txt')]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.requests.newReceived.total).toBe(1);
    const rules = rep.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('X-TABLE-MISSING');
    expect(rules).toContain('SECTION-MISSING');
    expect(rules).toContain('X-ROW-MISSING');
  });
});

describe('xxgk check', () => {
  it('exit 0 on a clean report', () => {
    expect(xxgk(['check', seed('002_e36851e478d160e5')]).code).toBe(0);
  });

  it('compiler-style lines with the source line, exit 1 on an error', () => {
    const r = xxgk(['check', join(dir, 'broken.txt')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/broken\.txt:\d+: error T3-BALANCE 表三「自然人」列：一\+二=5，（七）\+四=1/);
    expect(r.out).toMatch(/broken\.txt:\d+: error T3-BALANCE 表三「总计」列：一\+二=5，（七）\+四=1/);
    expect(r.out).toContain('一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5');
  });

  it('--help works on every command', () => {
    for (const args of [['--help'], ['parse', '--help'], ['check', '--help'], ['rules', '--help']]) {
      const r = xxgk(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: xxgk');
    }
  });

  it('a usage error exits 2', () => {
    expect(xxgk(['check']).code).toBe(2);
    expect(xxgk(['nonsense']).code).toBe(2);
  });
});

describe('xxgk compile over the store', () => {
  let data = '';
  beforeAll(() => {
    data = join(dir, 'store');
    // the seeds, and two years of one agency whose figures do not follow from one year to the next (cross-year
    // warnings on the later one)
    const years = [2022, 2023].map((year, i) => {
      const f = join(dir, `years-${year}.txt`);
      const r = { ...generateReport(500 + i, { format: '2021' }), agency: '青田县财政局', year, title: `青田县财政局${year}年政府信息公开工作年度报告` };
      writeFileSync(f, renderText(r, { layout: 'row', seed: year }));
      return f;
    });
    const r = xxgk(['ingest', '--data', data, '--workers', '1', `${SEEDS}/*.txt`, ...years]);
    expect(r.code, r.err).toBe(0);
  }, 60_000);

  /** What GET /api/compile answers over the same store (opened once the command has let it go). */
  async function api(query: string): Promise<Response> {
    const store = await openStore({ dataDir: data });
    try {
      return await createApp({ store, token: 'test-token-0123456789', log: () => {} }).request(`/api/compile${query}`);
    } finally {
      await store.close();
    }
  }

  it('--year 2020 --json: 表三 一、本年新收 总计 = 1, the same result as the API, with the problems per report', async () => {
    const r = xxgk(['compile', '--year', '2020', '--json', '--data', data]);
    expect(r.code, r.err).toBe(0);
    const cli = JSON.parse(r.out);
    expect(cli.requests.newReceived.total).toBe(1);
    expect(cli.reportCount).toBe(2);
    expect(cli).toEqual(await (await api('?year=2020')).json());
  });

  it('every report, every export: the same as the API; problems include the cross-year findings', async () => {
    const all = JSON.parse(xxgk(['compile', '--json', '--data', data]).out);
    expect(all).toEqual(await (await api('')).json());
    const later = all.problems.find((p: { agency: string; year: number }) => p.agency === '青田县财政局' && p.year === 2023);
    const store = await openStore({ dataDir: data });
    try {
      const listed = (await store.listReports({ limit: 100 })).rows.find((x) => x.id === Number(later.id))!;
      const findings = (await store.getReport(listed.id)).report.findings;
      expect(findings.some((f) => f.rule.startsWith('XY-') && f.severity === 'warning')).toBe(true);
      expect(later).toMatchObject({ warnings: listed.warningCount, errors: listed.errorCount });
    } finally {
      await store.close();
    }
    const csv = join(dir, 'compiled.csv');
    expect(xxgk(['compile', '--level', 'township', '--to', 'csv', '-o', csv, '--data', data]).code).toBe(0);
    expect(readFileSync(csv)).toEqual(Buffer.from(await (await api('?level=township&format=csv')).arrayBuffer()));
    const lines = xxgk(['compile', '--year', '2020', '--data', data]);
    expect(lines.out).toContain('表三「一、本年新收」行「总计」列：1');
  });

  it('a year that is not a number, or an unknown level, is a usage error', () => {
    for (const args of [['--year', 'twenty'], ['--level', 'village'], ['--to', 'pdf']]) {
      const r = xxgk(['compile', ...args, '--data', data]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^xxgk compile: .* \/ /);
    }
  });
});
