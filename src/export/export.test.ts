import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { exportAs, toCsv, toJson, toXlsx, cellLines } from './index.js';
import { GRID_TOP } from './xlsx.js';
import { compile, itemOf, type CompiledReport } from '../compile/index.js';
import { generateReport } from '../generate/index.js';
import { cellsOf, emptyReport, getCell, setCell } from '../template/index.js';
import type { ParsedReport, ReportData } from '../template/index.js';
import { gridOf, officialTables } from '../render/layout.js';
import { parseFile } from '../index.js';

const SEEDS = resolve(process.cwd(), '../shared/seeds');

/** RFC 4180 records of a CSV text (quoted fields with commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function seeds2020(): Promise<CompiledReport> {
  const parsed = await Promise.all(['002_e36851e478d160e5', '004_1b8055f632d828e7'].map((n) => parseFile(`${SEEDS}/${n}.txt`)));
  return compile(parsed.map((r) => itemOf(r)), { expectedAgencies: ['缑氏镇人民政府', '宝清县小城子镇人民政府', '某某镇人民政府'], failed: [{ name: '坏文件.pdf', reason: '不是年度报告' }] });
}

async function readXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

const merges = (ws: ExcelJS.Worksheet): string[] => (ws.model as unknown as { merges: string[] }).merges;

describe('CSV', () => {
  it('starts with the UTF-8 BOM, parses, and has one line per cell', () => {
    const r = generateReport(21, { format: '2021' });
    const csv = toCsv(r);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['表', '行', '列', '路径', '数值']);
    expect(rows.slice(1).map((x) => x[3])).toEqual(cellsOf('2021').map((c) => c.path));
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(5);
      const v = getCell(r, row[3]!);
      expect(row[4]).toBe(v === null ? '' : String(v));
    }
    expect(rows.find((x) => x[3] === 'requests.denied.stateSecret.naturalPerson')!.slice(0, 3)).toEqual(['表三', '（三）不予公开 1.属于国家秘密', '自然人']);
    expect(rows.find((x) => x[3] === 'appeals.litigationDirect.total')!.slice(0, 3)).toEqual(['表四', '行政诉讼·未经复议直接起诉', '总计']);
    expect(rows.find((x) => x[3] === 'active.fees.amount')!.slice(0, 3)).toEqual(['表二', '（八）行政事业性收费', '本年收费金额（单位：万元）']);
  });

  it('blank cells are empty fields; money says its unit; a compiled report adds blanks and reports per cell', async () => {
    const c = await seeds2020();
    const rows = parseCsv(toCsv(c).slice(1));
    expect(rows[0]).toEqual(['表', '行', '列', '路径', '数值', '空白份数', '汇总份数']);
    expect(rows.find((x) => x[3] === 'requests.newReceived.total')).toEqual(['表三', '一、本年新收政府信息公开申请数量', '总计', 'requests.newReceived.total', '1', '0', '2']);
    expect(rows.find((x) => x[3] === 'active.procurement.amount')![2]).toBe('采购总金额（万元）');

    const r = emptyReport('2019');
    setCell(r, 'active.procurement.amount', 251000);
    setCell(r, 'active.procurement.amountUnit', '元');
    const single = parseCsv(toCsv(r).slice(1));
    expect(single.find((x) => x[3] === 'active.procurement.amount')!.slice(2)).toEqual(['采购总金额（元）', 'active.procurement.amount', '251000']);
    expect(single.find((x) => x[3] === 'requests.newReceived.total')![4]).toBe('');
  });

  it('mixed compiles list the other format\'s 表二 too, with unique paths', () => {
    const c = compile([itemOf({ ...generateReport(22, { format: '2019' }), sources: {}, findings: [] }), itemOf({ ...generateReport(23, { format: '2021' }), sources: {}, findings: [] })]);
    const lines = cellLines(c);
    expect(new Set(lines.map((l) => l.path)).size).toBe(lines.length);
    const extra = lines.filter((l) => l.table.startsWith('表二（2019 版'));
    expect(extra.map((l) => l.path)).toContain('extraActive.2019.active.procurement.amount');
    expect(extra.every((l) => l.reports === 1)).toBe(true);
    expect(lines.find((l) => l.path === 'active.regulations.issued')?.reports).toBe(1);
    expect(lines.find((l) => l.path === 'requests.newReceived.total')?.reports).toBe(2);
  });
});

describe('XLSX', () => {
  it('the official layout: merged headers and values where the template puts them', async () => {
    const c = await seeds2020();
    const wb = await readXlsx(await toXlsx(c));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['表二', '表三', '表四', '单元格', '汇总说明', '各报告问题']);

    const t3 = wb.getWorksheet('表三')!;
    // the 勾稽关系 note: three label columns, three header rows; 申请人情况 over the seven value columns
    expect(merges(t3)).toEqual(expect.arrayContaining(['A3:C5', 'D3:J3', 'D4:D5', 'E4:I4', 'J4:J5', 'A6:C6']));
    expect(String(t3.getCell('A3').value)).toContain('勾稽关系');
    expect(t3.getCell('D3').value).toBe('申请人情况');
    expect(t3.getCell('J6').value).toBe(1); // 一、本年新收 总计
    expect(t3.getCell('D6').value).toBe(1); // 自然人

    const t4 = wb.getWorksheet('表四')!;
    expect(merges(t4)).toEqual(expect.arrayContaining(['A3:E3', 'F3:O3', 'F4:J4', 'K4:O4', 'A4:A5']));
    expect(t4.getCell('A3').value).toBe('行政复议');
    expect(t4.getCell('E6').value).toBe(0);

    const t2 = wb.getWorksheet('表二')!;
    expect(merges(t2)).toEqual(expect.arrayContaining(['A3:D3'])); // caption 第二十条第（一）项 over the sub-table
    expect(t2.getCell('A3').value).toBe('第二十条第（一）项');
  });

  it('every value cell of every table holds the report\'s number at its grid position', async () => {
    for (const r of [generateReport(31, { format: '2019', deniedSubtotal: true }), generateReport(32, { format: '2021', blanks: true })]) {
      const wb = await readXlsx(await toXlsx(r));
      for (const table of officialTables(r)) {
        const ws = wb.getWorksheet({ active: '表二', requests: '表三', appeals: '表四' }[table.table])!;
        let checked = 0;
        gridOf(table).forEach((line, row) => line.forEach((slot, col) => {
          if (slot.row !== row || slot.column !== col || !slot.cell.path) return;
          expect(ws.getCell(GRID_TOP + row, col + 1).value, slot.cell.path).toBe(getCell(r, slot.cell.path) ?? null);
          checked++;
        }));
        expect(checked).toBe(cellsOf(r.format, { deniedSubtotal: 'deniedSubtotal' in r.requests }).filter((c) => c.table === table.table).length);
      }
    }
  });

  it('a money value keeps its unit in the number format', async () => {
    const r = emptyReport('2019');
    setCell(r, 'active.procurement.amount', 251000);
    setCell(r, 'active.procurement.amountUnit', '元');
    const wb = await readXlsx(await toXlsx(r));
    const ws = wb.getWorksheet('表二')!;
    const cell = ws.getRows(1, ws.rowCount)!.flatMap((row) => (row.values as unknown[]).map((v, i) => ({ v, cell: row.getCell(i) }))).find((x) => x.v === 251000)!.cell;
    expect(cell.numFmt).toBe('General"元"');
  });

  it('a compiled workbook: notes on cells with blanks, the lists of missing, failed and problems', async () => {
    const all = await Promise.all(['000_4e3009a5e39658e9', '002_e36851e478d160e5'].map((n) => parseFile(`${SEEDS}/${n}.txt`)));
    const c = compile(all.map((r) => itemOf(r)), { expectedAgencies: ['小峡镇人民政府', '某某镇人民政府'] });
    const wb = await readXlsx(await toXlsx(c));
    const t4 = wb.getWorksheet('表四')!;
    expect(t4.getCell('E6').note).toBe('2 份中 1 份此格空白（空白不计入合计，不等于 0）。');
    expect(t4.getCell('E6').value).toBe(0);
    const summary = wb.getWorksheet('汇总说明')!;
    const text = summary.getSheetValues().flat().filter((v) => typeof v === 'string' || typeof v === 'number').join('|');
    expect(text).toContain('缺报机关（1）|机关|某某镇人民政府');
    expect(text).toContain('报告份数|2');
    const problems = wb.getWorksheet('各报告问题')!;
    expect(problems.getRow(1).values).toEqual([undefined, '标识', '机关', '年度', '格式', '错误', '警告', '错误规则']);
    expect(problems.getRow(2).getCell(2).value).toBe('小峡镇人民政府');
    expect(problems.getRow(2).getCell(6).value).toBe(8);
  });

  it('a mixed compile adds the 2019 reports\' 表二; a parsed report adds its findings', async () => {
    const mixed = compile([generateReport(41, { format: '2019' }), generateReport(42, { format: '2021' })].map((r) => ({ report: r, agency: r.agency, findings: [] })));
    const wb = await readXlsx(await toXlsx(mixed));
    expect(wb.worksheets.map((ws) => ws.name)).toContain('表二（2019 版）');
    const parsed = await parseFile(`${SEEDS}/000_4e3009a5e39658e9.txt`);
    const wb2 = await readXlsx(await toXlsx(parsed));
    const findings = wb2.getWorksheet('发现')!;
    expect(findings.rowCount).toBe(parsed.findings.length + 1);
    expect(findings.getCell('A2').value).toBe(parsed.findings[0]!.rule);
  });
});

describe('JSON and exportAs', () => {
  it('JSON round-trips; exportAs gives the bytes of each target', async () => {
    const parsed: ParsedReport = await parseFile(`${SEEDS}/002_e36851e478d160e5.txt`);
    expect(JSON.parse(toJson(parsed))).toEqual(JSON.parse(JSON.stringify(parsed)));
    const r: ReportData = generateReport(51);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await exportAs(r, 'csv'))).toBe(toCsv(r));
    expect(JSON.parse(new TextDecoder().decode(await exportAs(r, 'json')))).toEqual(r);
    const xlsx = await exportAs(r, 'xlsx');
    expect([...xlsx.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip
  });
});
