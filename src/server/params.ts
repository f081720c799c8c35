// Query and path parameters, validated: every value that reaches the store is of the type it expects, and a bad
// one is a 400 that names the parameter.

import { AGENCY_LEVELS } from '../template/index.js';
import { isSort, type ListOptions, type ReportFilter, type Sort } from '../store/index.js';
import { badRequest } from './errors.js';

export const LEVELS: readonly string[] = AGENCY_LEVELS.map((l) => l.level);
export const MAX_LIMIT = 200;
const MAX_OFFSET = 10_000_000;

type Query = Record<string, string | undefined>;

const bad = (name: string, value: string, zh: string, en: string) =>
  badRequest('BAD_PARAMETER', `参数 ${name}=${JSON.stringify(value)} 无效：${zh}`, `invalid parameter ${name}=${JSON.stringify(value)}: ${en}`);

/** A whole number in [min, max]. */
export function intParam(name: string, value: string, min: number, max: number): number {
  if (!/^-?\d{1,10}$/.test(value.trim())) throw bad(name, value, '应为整数', 'a whole number is expected');
  const n = Number(value.trim());
  if (n < min || n > max) throw bad(name, value, `应在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`);
  return n;
}

/** A report id from the path. */
export const idParam = (value: string, name = 'id'): number => intParam(name, value, 1, 2_147_483_647);

const yearsOf = (value: string): number[] =>
  value.split(',').map((y) => y.trim()).filter(Boolean).map((y) => intParam('year', y, 1990, 2200));

function levelsOf(value: string): string[] {
  const levels = value.split(',').map((l) => l.trim()).filter(Boolean);
  for (const l of levels) if (!LEVELS.includes(l)) throw bad('level', value, `应为 ${LEVELS.join('|')}`, `one of ${LEVELS.join('|')} is expected`);
  return levels;
}

function boolOf(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw bad(name, value, '应为 true 或 false', 'true or false is expected');
}

/** The selection shared by the list, compile and the dashboard. */
export function filterOf(q: Query): ReportFilter {
  const f: ReportFilter = {};
  if (q['year']) {
    const years = yearsOf(q['year']);
    if (years.length) f.year = years.length === 1 ? years[0]! : years;
  }
  if (q['region']?.trim()) f.region = q['region'].trim().slice(0, 100);
  if (q['level']) {
    const levels = levelsOf(q['level']);
    if (levels.length) f.level = levels.length === 1 ? levels[0]! : levels;
  }
  if (q['hasErrors']) f.hasErrors = boolOf('hasErrors', q['hasErrors']);
  if (q['format']) {
    if (q['format'] !== '2019' && q['format'] !== '2021') throw bad('format', q['format'], '应为 2019 或 2021', '2019 or 2021 is expected');
    f.format = q['format'];
  }
  return f;
}

export interface ListQuery extends ListOptions {
  /** agency name contains */
  q?: string;
}

export function listQueryOf(q: Query): ListQuery & { limit: number; offset: number } {
  const sort = q['sort'];
  if (sort !== undefined && !isSort(sort)) throw bad('sort', sort, '应为 id|year|agency|errors|warnings|created，可加前缀 -', 'id|year|agency|errors|warnings|created, optionally prefixed by -');
  return {
    ...filterOf(q),
    ...(q['q']?.trim() ? { q: q['q'].trim().slice(0, 100) } : {}),
    ...(sort ? { sort: sort as Sort } : {}),
    limit: q['limit'] ? intParam('limit', q['limit'], 1, MAX_LIMIT) : 50,
    offset: q['offset'] ? intParam('offset', q['offset'], 0, MAX_OFFSET) : 0,
  };
}

/** `format` of a download, one of `allowed` (the first is the default). */
export function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || value === '') return allowed[0]!;
  if (!(allowed as readonly string[]).includes(value)) throw bad(name, value, `应为 ${allowed.join('|')}`, `one of ${allowed.join('|')} is expected`);
  return value as T;
}
