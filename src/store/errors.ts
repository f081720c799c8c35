// Errors of the store a user can act on: a stable code and one line in Chinese and in English, like XxgkError.

export type StoreErrorCode =
  | 'REPORT_NOT_FOUND'
  | 'VERSION_NOT_FOUND'
  | 'NOT_A_CELL'
  | 'BAD_VALUE'
  | 'NO_CHANGE'
  | 'NO_DATABASE_URL'
  | 'DATA_DIR_IN_USE';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, zh: string, en: string) {
    super(`${zh} / ${en}`);
    this.name = 'StoreError';
    this.code = code;
  }
}

export const reportNotFound = (id: number) => new StoreError('REPORT_NOT_FOUND', `找不到报告 ${id}`, `no report ${id}`);

export const noDatabaseUrl = (what: string) => new StoreError('NO_DATABASE_URL',
  `${what}需要 PostgreSQL：请设置 DATABASE_URL（例如 postgres://user@host:5432/xxgk）；内嵌数据库 PGlite 只能由一个进程使用，不能作为队列`,
  `${what} needs PostgreSQL: set DATABASE_URL (e.g. postgres://user@host:5432/xxgk); the embedded PGlite database serves one process only and cannot hold a queue`);

/** The database's own words for a failed query: drizzle wraps them in "Failed query: <the SQL>". */
export function databaseReason(e: unknown): string {
  const cause = (e as { cause?: unknown } | null)?.cause;
  const err = cause instanceof Error ? cause : e;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
