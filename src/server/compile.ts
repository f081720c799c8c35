// GET /api/compile: the library's compile() over the reports the store selects. The tables come from the store's
// stream of current data (no sections); each report's problems from its error and warning counts and the distinct
// rules of its error findings (one grouped query, not every finding); the agencies expected to report from the
// agencies of the region and level the store has seen reports of.

import { and, eq, gt, sql } from 'drizzle-orm';
import { compile, type CompileItem, type CompiledReport } from '../compile/index.js';
import { schema, type ReportFilter, type Store } from '../store/index.js';
import { whereOf } from '../store/filter.js';
import type { Finding, ReportData } from '../template/index.js';
import { expectedAgencies } from './queries.js';

const { agencies, findings, reports } = schema;

export interface CompileSelection { year?: number; region?: string; level?: string }

export async function compileSelection(store: Store, sel: CompileSelection): Promise<CompiledReport> {
  const filter: ReportFilter = { ...(sel.year !== undefined ? { year: sel.year } : {}), ...(sel.region ? { region: sel.region } : {}), ...(sel.level ? { level: sel.level } : {}) };
  const [rules, expected] = await Promise.all([errorRules(store, filter), expectedAgencies(store, filter)]);
  const items: CompileItem[] = [];
  for await (const r of store.allReportData(filter, { pageSize: 2000 })) {
    items.push({
      // compile reads the tables only: the stream's data (without sections) is enough
      report: r.data as ReportData,
      agency: r.agency?.name ?? null,
      findings: findingCounts(r.errorCount, r.warningCount, rules.get(r.id)),
      id: String(r.id),
    });
  }
  const where = [sel.region, sel.level && LEVEL_NAMES[sel.level]].filter(Boolean).join('');
  return compile(items, { expectedAgencies: expected, ...(where ? { agency: where } : {}) });
}

const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）', department: '部门' };

/** The distinct rules of the error findings of the current version of each selected report with errors. */
async function errorRules(store: Store, filter: ReportFilter): Promise<Map<number, string[]>> {
  const rows = await store.db.select({ id: findings.reportId, rules: sql<string[]>`array_agg(DISTINCT ${findings.rule})` })
    .from(findings)
    .innerJoin(reports, and(eq(reports.id, findings.reportId), eq(findings.version, reports.currentVersion)))
    .leftJoin(agencies, eq(reports.agencyId, agencies.id))
    .where(and(eq(findings.severity, 'error'), gt(reports.errorCount, 0), whereOf(filter)))
    .groupBy(findings.reportId);
  return new Map(rows.map((r) => [r.id, r.rules]));
}

/**
 * What compile needs of a report's findings — how many errors and warnings, and which rules erred — without
 * reading them all: one stand-in finding per count.
 */
function findingCounts(errors: number, warnings: number, rules: string[] = []): Finding[] {
  if (!errors && !warnings) return NO_FINDINGS;
  const out: Finding[] = [];
  for (let i = 0; i < errors; i++) out.push({ rule: rules[i % Math.max(rules.length, 1)] ?? 'ERROR', severity: 'error', paths: [], message: '' });
  for (let i = 0; i < warnings; i++) out.push({ rule: 'WARNING', severity: 'warning', paths: [], message: '' });
  return out;
}
const NO_FINDINGS: Finding[] = [];
