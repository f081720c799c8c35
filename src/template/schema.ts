// The data contract as a zod schema, built from the template data (not written by hand): one schema per format,
// with exactly the keys of report.schema.json. Used wherever a report comes in from outside (render, the API).

import { z } from 'zod';
import { getFormat, requestRows, SECTION_KEYS } from './index.js';
import type { FormatId, ReportData } from './types.js';

const cell = z.number().nullable();
const section = z.object({ heading: z.string(), text: z.string() }).strict().nullable();

function nest(paths: string[], leaf: z.ZodType): z.ZodType {
  const tree: Record<string, unknown> = {};
  for (const p of paths) {
    const keys = p.split('.');
    let o = tree;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]!] = leaf;
  }
  const build = (o: Record<string, unknown>): z.ZodType =>
    z.object(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof z.ZodType ? v : build(v as Record<string, unknown>)]))).strict();
  return build(tree);
}

function schemaOf(format: FormatId) {
  const f = getFormat(format);
  const active = z.object(Object.fromEntries(f.active.flatMap((sub) => sub.rows.map((row) => [row.key, z.object({
    ...Object.fromEntries(sub.columns.map((c) => [c.key, cell])),
    ...(sub.amountUnit ? { amountUnit: z.string().nullable() } : {}),
  }).strict()])))).strict();
  const rowShape = z.object(Object.fromEntries(f.requests.columns.map((c) => [c.key, cell]))).strict();
  const requestPaths = requestRows(format).map((r) => r.path);
  const requests = (nest(requestPaths, rowShape) as z.ZodObject).extend({ deniedSubtotal: rowShape.optional() });
  const appeals = z.object(Object.fromEntries(f.appeals.groups.map((g) => [g.key, z.object(Object.fromEntries(f.appeals.columns.map((c) => [c.key, cell]))).strict()]))).strict();
  return z.object({
    format: z.literal(format),
    title: z.string().nullable(),
    agency: z.string().nullable(),
    year: z.number().int().nullable(),
    publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    sections: z.object(Object.fromEntries(SECTION_KEYS.map((k) => [k, section]))).strict(),
    active, requests, appeals,
  });
}

export const REPORT_SCHEMA = z.discriminatedUnion('format', [schemaOf('2019'), schemaOf('2021')]);

/** A report of the contract from untrusted JSON; extra top-level keys (sources, findings, file) are dropped. */
export function parseReportData(json: unknown): { ok: true; report: ReportData } | { ok: false; problems: string[] } {
  const r = REPORT_SCHEMA.safeParse(json);
  if (r.success) return { ok: true, report: r.data as unknown as ReportData };
  return { ok: false, problems: r.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
