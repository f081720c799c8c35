// Errors of the API: `{ error: { code, message } }` with an HTTP status, messages in Chinese and English, never a
// stack trace. Errors of the libraries (the store's StoreError, the reader's XxgkError) are mapped to a status here;
// anything else is a 500 whose details go to the log, not to the client.

import { StoreError } from '../store/index.js';
import { XxgkError } from '../errors.js';
import type { ApiError } from './contract.js';

export type HttpStatus = 400 | 401 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 503;

export class HttpError extends Error {
  constructor(readonly status: HttpStatus, readonly code: string, zh: string, en: string, readonly problems?: string[]) {
    super(`${zh} / ${en}`);
    this.name = 'HttpError';
  }
  get body(): ApiError {
    return { error: { code: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}) } };
  }
}

export const badRequest = (code: string, zh: string, en: string) => new HttpError(400, code, zh, en);
export const notFound = (zh: string, en: string) => new HttpError(404, 'NOT_FOUND', zh, en);
export const reportNotFound = (id: number) => new HttpError(404, 'REPORT_NOT_FOUND', `找不到报告 ${id}`, `no report ${id}`);

export const tooLarge = (limit: number) => new HttpError(413, 'TOO_LARGE',
  `上传内容过大（上限 ${formatBytes(limit)}）`, `the upload is too large (limit ${formatBytes(limit)})`);

export const unauthorized = () => new HttpError(401, 'UNAUTHORIZED',
  '需要有效的令牌（Authorization: Bearer <token>）', 'a valid token is needed (Authorization: Bearer <token>)');

const formatBytes = (n: number): string =>
  n >= 1048576 ? `${+(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} B`;

const STORE_STATUS: Record<string, HttpStatus> = {
  REPORT_NOT_FOUND: 404,
  VERSION_NOT_FOUND: 404,
  NOT_A_CELL: 400,
  BAD_VALUE: 400,
  NO_CHANGE: 409,
};

/** Any thrown value as an HttpError; `log` receives what is not the client's business (unexpected errors). */
export function toHttpError(e: unknown, log: (e: unknown) => void = () => {}): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof StoreError && STORE_STATUS[e.code]) {
    const [zh, en] = splitMessage(e.message);
    return new HttpError(STORE_STATUS[e.code]!, e.code, zh, en);
  }
  if (e instanceof XxgkError) return new HttpError(e.code === 'TOO_LARGE' ? 413 : 422, e.code, e.zh, e.en);
  log(e);
  return new HttpError(500, 'INTERNAL', '服务器内部错误', 'internal server error');
}

function splitMessage(m: string): [string, string] {
  const i = m.indexOf(' / ');
  return i < 0 ? [m, m] : [m.slice(0, i), m.slice(i + 3)];
}
