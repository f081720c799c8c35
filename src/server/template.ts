// GET /api/template/:format: the template as data — sections, cells with kinds and labels, the equations of the
// hard rules, the official table layout with its merges, the rule list and an empty report — for clients that do
// not import src/template and src/check themselves (the web app imports them directly through Vite: both are pure).

import { AGENCY_LEVELS, SECTIONS, cellsOf, emptyReport, equationsOf, getFormat, type FormatId } from '../template/index.js';
import { RULES } from '../check/index.js';
import { CROSS_YEAR_RULES } from '../check/cross-year.js';
import { EXTRACTION_NOTICES } from '../extract/findings.js';
import { officialTables } from '../render/layout.js';
import type { TemplateInfo } from './contract.js';

const cache = new Map<FormatId, TemplateInfo>();

export function templateInfo(format: FormatId): TemplateInfo {
  const hit = cache.get(format);
  if (hit) return hit;
  const f = getFormat(format);
  const empty = emptyReport(format);
  const info: TemplateInfo = {
    format,
    name: f.name,
    document: f.document,
    sections: SECTIONS.map(({ key, numeral, heading }) => ({ key, numeral, heading })),
    cells: cellsOf(format).map(({ path, table, kind, row, column, label }) => ({ path, table, kind, row, column, label })),
    equations: equationsOf(format).map(({ rule, where, lhs, rhs, lhsName, rhsName }) => ({ rule, where, lhs, rhs, lhsName, rhsName })),
    tables: officialTables(empty),
    rules: [
      ...RULES.map(({ id, severity, description }) => ({ id, severity, description })),
      ...CROSS_YEAR_RULES.map(({ id, severity, description }) => ({ id, severity, description })),
      ...Object.values(EXTRACTION_NOTICES).map(({ id, severity, description }) => ({ id, severity, description })),
    ],
    levels: AGENCY_LEVELS.map(({ level, label }) => ({ level, label })),
    empty: empty as unknown as Record<string, unknown>,
  };
  cache.set(format, info);
  return info;
}
