// A typed client of the HTTP API (src/server/contract.ts). Reading is open; a correction sends the write token.

import type {
  CorrectionRequest, CorrectionResponse, Dashboard, Health, PreviousYear, ReportDetail, ReportList, UploadResult,
} from '../../../src/server/contract.js';
import type { Comparison } from '../../../src/compare/index.js';
import type { CompiledReport } from '../../../src/compile/index.js';
import type { Finding, ReportData } from './core.js';

export type {
  CorrectionRequest, CorrectionResponse, Dashboard, Health, PreviousYear, ReportDetail, ReportList, ReportListItem, UploadResult,
} from '../../../src/server/contract.js';
export type { Comparison, CellChange, CellStatus, SectionChange } from '../../../src/compare/index.js';
export type { CompiledReport } from '../../../src/compile/index.js';

/** One entry of a report's version history (the store's VersionInfo, as JSON). */
export interface VersionInfo {
  version: number;
  kind: string;
  parserVersion?: string | null;
  who: string | null;
  why: string | null;
  path: string | null;
  oldValue: number | string | null;
  newValue: number | string | null;
  errorCount?: number;
  warningCount?: number;
  createdAt: string;
  current?: boolean;
}

export type ListQuery = Partial<Record<'year' | 'region' | 'level' | 'hasErrors' | 'format' | 'q' | 'sort' | 'limit' | 'offset', string>>;
export type Selection = Partial<Record<'year' | 'region' | 'level', string>>;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const query = (q: Record<string, string | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

async function failure(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`, message = res.statusText || code;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch { /* not JSON */ }
  return new ApiError(res.status, code, message);
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

async function bytes(url: string, init?: RequestInit): Promise<Blob> {
  const res = await fetch(url, init);
  if (!res.ok) throw await failure(res);
  return res.blob();
}

const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit =>
  ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

export const api = {
  health: () => json<Health>('/api/health'),
  list: (q: ListQuery) => json<ReportList>(`/api/reports${query(q)}`),
  report: (id: number, version?: number) =>
    json<ReportDetail>(`/api/reports/${id}${query({ version: version === undefined ? undefined : String(version) })}`),
  history: (id: number) => json<VersionInfo[]>(`/api/reports/${id}/history`),
  previous: (id: number) => json<PreviousYear>(`/api/reports/${id}/previous`),
  original: (id: number) => bytes(`/api/reports/${id}/original`).then((b) => b.arrayBuffer()).then((b) => new Uint8Array(b)),
  originalUrl: (id: number) => `/api/reports/${id}/original`,
  exportUrl: (id: number, format: string) => `/api/reports/${id}/export${query({ format })}`,
  correct: (id: number, body: CorrectionRequest, token: string) =>
    json<CorrectionResponse>(`/api/reports/${id}/corrections`, postJson(body, { authorization: `Bearer ${token}` })),
  compile: (sel: Selection) => json<CompiledReport>(`/api/compile${query(sel)}`),
  compileUrl: (sel: Selection, format: 'json' | 'csv' | 'xlsx') => `/api/compile${query({ ...sel, format })}`,
  compare: (a: number, b: number) => json<Comparison>(`/api/compare${query({ a: String(a), b: String(b) })}`),
  dashboard: (sel: Selection) => json<Dashboard>(`/api/dashboard${query(sel)}`),
  check: (report: ReportData) => json<Finding[]>('/api/check', postJson(report)),
  render: (report: ReportData, to: 'docx' | 'html') => bytes(`/api/render${query({ to })}`, postJson(report)),
};

/**
 * Upload one file with progress (fetch has no upload progress; XMLHttpRequest does). Resolves with the server's
 * result for that file, or a failed result with the reason.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const name = file.webkitRelativePath || file.name;
    const fail = (code: string, message: string): void => resolve({ file: name, status: 'failed', error: { code, message } });
    xhr.open('POST', '/api/reports');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => fail('NETWORK', '网络错误 / network error');
    xhr.onload = () => {
      const body = xhr.response as unknown;
      if (xhr.status >= 200 && xhr.status < 300 && Array.isArray(body) && body[0]) {
        return resolve({ ...(body[0] as UploadResult), file: name });
      }
      const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
      fail(err?.code ?? `HTTP_${xhr.status}`, err?.message ?? `HTTP ${xhr.status}`);
    };
    const form = new FormData();
    form.append('files', file, name);
    xhr.send(form);
  });
}

/** Save a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
