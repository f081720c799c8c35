// One stored report (its detail is in detail.ts): its original file, a correction, last year's report
// with the cross-year findings, a comparison, and its exports.

import type { Store, StoredReport } from '../store/index.js';
import { cellDef, type CellKind, type Finding, type ReportData } from '../template/index.js';
import { checkAcrossYears } from '../check/cross-year.js';
import { compare } from '../compare/index.js';
import { toCsv, toJson, toXlsx } from '../export/index.js';
import { renderHtml } from '../render/html.js';
import { renderDocx } from '../render/docx.js';
import { badRequest, notFound, reportNotFound } from './errors.js';
import { CONTENT_TYPES, fileName, fileResponse, originalType } from './http.js';
import { currentVersion } from './queries.js';
import type { CompareResult, CorrectionResponse, PreviousYear, ReportListItem } from './contract.js';

export async function originalFile(store: Store, id: number): Promise<Response> {
  const cur = await currentVersion(store, id);
  if (!cur) throw reportNotFound(id);
  const [o] = await store.originals([cur.originalHash]);
  if (!o) throw notFound(`报告 ${id} 的原始文件不在库中`, `the original file of report ${id} is not stored`);
  const res = fileResponse(o.bytes, originalType(o.kind), o.name, 'inline');
  res.headers.set('X-Content-SHA256', o.hash);
  return res;
}

// ---- corrections -------------------------------------------------------------------------------------------------

export interface CorrectionInput { path: string; value: number | null; why: string; who: string }

const KIND_RULE: Record<CellKind, { ok: (v: number) => boolean; zh: string; en: string }> = {
  count: { ok: (v) => Number.isInteger(v) && v >= 0, zh: '件数应为不小于 0 的整数', en: 'a count must be a whole number ≥ 0' },
  signed: { ok: (v) => Number.isInteger(v), zh: '本年增/减应为整数', en: 'a change must be a whole number' },
  amount: { ok: (v) => v >= 0, zh: '金额应为不小于 0 的数', en: 'an amount must be a number ≥ 0' },
};

/** The request body as a correction, or a 400 naming what is wrong. */
export function correctionOf(body: unknown): CorrectionInput {
  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problem = (zh: string, en: string) => badRequest('BAD_CORRECTION', zh, en);
  if (typeof b['path'] !== 'string' || !b['path']) throw problem('缺少 path（单元格路径）', 'path (the cell path) is missing');
  if (!('value' in b) || (b['value'] !== null && (typeof b['value'] !== 'number' || !Number.isFinite(b['value'])))) {
    throw problem('value 应为数值或 null（空白）', 'value must be a number or null (blank)');
  }
  if (typeof b['why'] !== 'string' || !b['why'].trim()) throw problem('缺少 why（更正理由）', 'why (the reason) is missing');
  if (b['who'] !== undefined && typeof b['who'] !== 'string') throw problem('who 应为文字', 'who must be text');
  const who = typeof b['who'] === 'string' && b['who'].trim() ? b['who'].trim() : 'api';
  return { path: b['path'], value: b['value'] as number | null, why: b['why'].trim().slice(0, 2000), who: who.slice(0, 200) };
}

export async function correct(store: Store, id: number, input: CorrectionInput): Promise<CorrectionResponse> {
  const cur = await currentVersion(store, id);
  if (!cur) throw reportNotFound(id);
  const format = cur.format === '2019' ? '2019' : '2021';
  const def = cellDef(format, input.path);
  if (!def) {
    throw badRequest('NOT_A_CELL', `${format} 版格式没有单元格 ${input.path}`, `the ${format} format has no cell ${input.path}`);
  }
  const rule = KIND_RULE[def.kind];
  if (input.value !== null && !rule.ok(input.value)) {
    throw badRequest('BAD_VALUE', `${def.label}：${rule.zh}（收到 ${input.value}）`, `${input.path}: ${rule.en} (got ${input.value})`);
  }
  const r = await store.correctCell(id, input.path, input.value, { who: input.who, why: input.why });
  return { id: r.id, version: r.version, findings: r.findings, path: r.path, oldValue: r.oldValue, newValue: r.newValue, errorCount: r.errorCount, warningCount: r.warningCount };
}

// ---- across years and reports ------------------------------------------------------------------------------------

export const listItemOf = (r: StoredReport): ReportListItem => ({
  id: r.id, agency: r.agency?.name ?? null, level: r.agency?.level ?? null, region: r.agency?.region ?? null, year: r.year,
  format: r.format === '2019' ? '2019' : '2021', title: r.title, publishedOn: r.publishedOn,
  errors: r.errorCount, warnings: r.warningCount, version: r.version,
});

export async function previousYear(store: Store, id: number): Promise<PreviousYear> {
  const r = await store.getReport(id);
  const prev = r.agency && r.year !== null ? await store.previousYear(r.agency.id, r.year) : null;
  const findings: Finding[] = prev ? checkAcrossYears(r.report, prev.report) : [];
  return { id, year: r.year, previous: prev ? listItemOf(prev) : null, findings };
}

export async function compareReports(store: Store, a: { id: number; version?: number }, b: { id: number; version?: number }): Promise<CompareResult> {
  const [ra, rb] = await Promise.all([
    store.getReport(a.id, a.version === undefined ? {} : { version: a.version }),
    store.getReport(b.id, b.version === undefined ? {} : { version: b.version }),
  ]);
  return { ...compare(ra.report, rb.report), ids: { a: { id: ra.id, version: ra.version }, b: { id: rb.id, version: rb.version } } };
}

// ---- exports -----------------------------------------------------------------------------------------------------

export const REPORT_EXPORTS = ['json', 'csv', 'xlsx', 'docx', 'html'] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];
export const RENDER_TARGETS = ['docx', 'html'] as const;

/** A report (stored, or written in the browser) as a file. */
export async function exportFile(report: ReportData, to: ReportExport, name: string): Promise<Response> {
  const file = `${name}.${to}`;
  switch (to) {
    case 'json': return fileResponse(toJson(report), CONTENT_TYPES.json, file);
    case 'csv': return fileResponse(toCsv(report), CONTENT_TYPES.csv, file);
    case 'xlsx': return fileResponse(await toXlsx(report), CONTENT_TYPES.xlsx, file);
    case 'docx': return fileResponse(await renderDocx(report), CONTENT_TYPES.docx, file);
    case 'html': return fileResponse(renderHtml(report), CONTENT_TYPES.html, file);
  }
}

export async function exportReport(store: Store, id: number, to: ReportExport, version?: number): Promise<Response> {
  const r = await store.getReport(id, version === undefined ? {} : { version });
  const base = fileName([r.agency?.name ?? r.report.agency, r.year, `报告${r.id}`, r.version > 1 ? `v${r.version}` : null], to);
  return exportFile(r.report, to, base.slice(0, -(to.length + 1)));
}
