// The HTTP API of `xxgk serve`, as data and types: the server implements these routes, the web app calls them,
// and the OpenAPI document is generated from this list. JSON everywhere except uploads (multipart) and exports.
// Reading is open; writing a correction needs `Authorization: Bearer <token>`.

export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  /** needs the write token */
  auth?: boolean;
  /** query parameters (all optional strings on the wire) */
  query?: Record<string, string>;
  body?: string;
  response: string;
}

export const API_PREFIX = '/api';

export const ROUTES: RouteDef[] = [
  { method: 'GET', path: '/api/health', summary: '服务状态 / health and counts', response: 'Health' },
  {
    method: 'POST', path: '/api/reports', summary: '上传报告（multipart，字段 files，可多个）/ upload reports', body: 'multipart/form-data: files[]',
    response: 'UploadResult[]',
  },
  {
    method: 'GET', path: '/api/reports', summary: '报告列表 / list and filter reports',
    query: { year: '年度，可用逗号分隔多个', region: '地区（含下级）', level: 'province|city|county|township|department', hasErrors: 'true|false', format: '2019|2021', q: '机关名称包含', sort: 'id|year|agency|level|region|errors|warnings|created，前加 - 为降序', limit: '每页条数（≤ 200）', offset: '起始位置' },
    response: 'ReportList',
  },
  { method: 'GET', path: '/api/reports/:id', summary: '一份报告：数据、发现、出处 / one report', query: { version: '版本号，默认最新' }, response: 'ReportDetail' },
  { method: 'GET', path: '/api/reports/:id/original', summary: '原始文件 / the original file as uploaded', response: 'bytes' },
  { method: 'GET', path: '/api/reports/:id/history', summary: '版本历史 / versions and corrections', response: 'VersionInfo[]' },
  {
    method: 'POST', path: '/api/reports/:id/corrections', summary: '更正一个单元格（生成新版本，原值保留）/ correct a cell', auth: true,
    body: 'CorrectionRequest', response: 'CorrectionResponse',
  },
  { method: 'GET', path: '/api/reports/:id/previous', summary: '同一机关上一年度的报告及跨年度发现 / last year and the cross-year findings', response: 'PreviousYear' },
  {
    method: 'GET', path: '/api/compile', summary: '汇总 / compile the selected reports',
    query: { year: '年度', region: '地区', level: '级别', format: '导出格式 json|csv|xlsx（默认 json）' }, response: 'CompiledReport | file',
  },
  {
    method: 'GET', path: '/api/compare', summary: '对比两份报告 / compare two reports',
    query: { a: '报告 id', b: '报告 id', aVersion: '报告 a 的版本（默认最新）', bVersion: '报告 b 的版本（默认最新）' }, response: 'Comparison',
  },
  { method: 'GET', path: '/api/reports/:id/export', summary: '导出一份报告 / export one report', query: { format: 'json|csv|xlsx|docx|html' }, response: 'file' },
  { method: 'POST', path: '/api/check', summary: '核对一份报告数据（填报时实时核对）/ check report data', body: 'ReportData', response: 'Finding[]' },
  { method: 'POST', path: '/api/render', summary: '按官方版式输出（填报导出）/ render report data', query: { to: 'docx|html' }, body: 'ReportData', response: 'file' },
  { method: 'GET', path: '/api/dashboard', summary: '仪表盘数据 / figures for the charts', query: { year: '年度', region: '地区', level: '级别' }, response: 'Dashboard' },
  { method: 'GET', path: '/api/template/:format', summary: '模板（行、列、标签、等式）/ the template as data, for the browser', response: 'TemplateInfo' },
  { method: 'GET', path: '/api/openapi.json', summary: 'OpenAPI 文档 / this API as OpenAPI 3.1', response: 'OpenAPI' },
];

export interface Health { ok: true; version: string; engine: 'pglite' | 'postgres'; reports: number; agencies: number; failures: number }

export type UploadResult =
  | { file: string; status: 'added'; id: number }
  | { file: string; status: 'duplicate'; id: number }
  | { file: string; status: 'failed'; error: { code: string; message: string } };

export interface ReportListItem {
  id: number;
  agency: string | null;
  level: string | null;
  region: string | null;
  year: number | null;
  format: '2019' | '2021';
  title: string | null;
  publishedOn: string | null;
  errors: number;
  warnings: number;
  version: number;
}
export interface ReportList { total: number; items: ReportListItem[] }

export interface ReportDetail {
  id: number;
  agency: { id: number; name: string; level: string | null; region: string | null } | null;
  version: number;
  currentVersion: number;
  original: { hash: string; name: string; kind: string; size: number };
  /**
   * the data contract plus sources and findings (what `xxgk parse --json` prints); the current version's findings end
   * with the cross-year findings from the agency's stored previous year (paths of its cells start with `previous.`)
   */
  report: Record<string, unknown>;
  /** error- and warning-level findings of this version (of the current one, with its cross-year findings) */
  errors: number;
  warnings: number;
  parserVersion: string;
  /** when the report was first stored (ISO) */
  createdAt: string;
}

export interface CorrectionRequest { path: string; value: number | null; why: string; who?: string }
export interface CorrectionResponse {
  id: number;
  version: number;
  findings: unknown[];
  path: string;
  oldValue: number | null;
  newValue: number | null;
  errorCount: number;
  warningCount: number;
}

/**
 * The agency's report on the year before (null when none is stored) and the cross-year findings on this one: those
 * that are stored with the report (and listed in its detail), here made again from the two.
 */
export interface PreviousYear {
  id: number;
  year: number | null;
  previous: ReportListItem | null;
  /** findings of the cross-year rules (src/check/cross-year.ts); paths of last year's cells start with `previous.` */
  findings: unknown[];
}

/** `compare(a, b)` of src/compare, with the ids and versions compared. */
export interface CompareResult { ids: { a: { id: number; version: number }; b: { id: number; version: number } }; [key: string]: unknown }

/** Figures for the charts of the dashboard; sums of printed numbers (a blank is not added, nor counted as 0). */
export interface Dashboard {
  filter: { year?: number | number[]; region?: string; level?: string | string[] };
  reports: number;
  byYear: Array<{
    year: number | null;
    reports: number;
    withErrors: number;
    /** 表三 总计 column: 一、本年新收, 二、上年结转, （七）总计, 四、结转下年度 */
    newReceived: number;
    carriedOver: number;
    resultTotal: number;
    carriedForward: number;
    /** 表三 （一）…（六） totals, by outcome key */
    outcomes: Record<string, number>;
    /** 表四 总计 of 行政复议 and of 行政诉讼 (both kinds) */
    reconsideration: number;
    litigation: number;
  }>;
  /** share of each outcome over the selection (share of the sum of the six) */
  outcomes: Array<{ key: string; label: string; count: number; share: number }>;
  /** 表四 by column over the selection */
  appeals: { reconsideration: Record<string, number>; litigation: Record<string, number> };
  /** agencies with the most error-level findings */
  topErrors: Array<{ agencyId: number; agency: string; level: string | null; region: string | null; reports: number; errors: number; warnings: number }>;
  /** agencies that reported some year but not the year shown, per region */
  missing: { year: number | null; regions: Array<{ region: string; expected: number; missing: number; agencies: string[] }> };
}

/** The template of one format as data: what the browser needs to draw the tables and run the rules. */
export interface TemplateInfo {
  format: '2019' | '2021';
  name: string;
  document: string;
  sections: Array<{ key: string; numeral: string; heading: string }>;
  cells: Array<{ path: string; table: string; kind: string; row: string; column: string; label: string }>;
  equations: Array<{ rule: string; where: string; lhs: string[]; rhs: string[]; lhsName: string; rhsName: string }>;
  /** the official layout: the tables as grids with their merges; value cells carry their path */
  tables: unknown[];
  rules: Array<{ id: string; severity: string; description: string }>;
  levels: Array<{ level: string; label: string }>;
  /** an empty report of the format (every cell blank), to start writing one */
  empty: Record<string, unknown>;
}

/** Errors: `{ error: { code, message } }` with the HTTP status (400, 401, 404, 409, 413, 415, 422, 500); messages in Chinese and English. */
export interface ApiError { error: { code: string; message: string; problems?: string[] } }
