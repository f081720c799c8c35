// Errors a user can act on: a stable code and one line in Chinese and in English. Never a stack trace.

export type ErrorCode =
  | 'EMPTY'
  | 'BINARY'
  | 'TOO_LARGE'
  | 'NOT_A_REPORT'
  | 'UNREADABLE'
  | 'NOT_FOUND'
  | 'ENCRYPTED'
  | 'CORRUPT'
  | 'SCANNED'
  | 'UNSUPPORTED'
  | 'TIMEOUT'
  | 'NO_DATA';

export class XxgkError extends Error {
  readonly code: ErrorCode;
  readonly zh: string;
  readonly en: string;
  constructor(code: ErrorCode, zh: string, en: string) {
    super(`${zh} / ${en}`);
    this.name = 'XxgkError';
    this.code = code;
    this.zh = zh;
    this.en = en;
  }
}

export const isXxgkError = (e: unknown): e is XxgkError => e instanceof XxgkError;

/** Any thrown value as a one-line, bilingual message; unknown errors keep their message but never their stack. */
export function describeError(e: unknown): { code: string; message: string } {
  if (isXxgkError(e)) return { code: e.code, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'UNREADABLE', message: `无法读取文件（${msg.split('\n')[0]}）/ cannot read the file (${msg.split('\n')[0]})` };
}
