// The platform's commands on files: compile (汇总) and compare. With no files, compile reads the store
// (store-commands.ts).

import { parseFile } from '../index.js';
import { compile, itemOf, selectItems, compiledLines, type CompiledReport, type CompileItem } from '../compile/index.js';
import { compare, comparisonLines } from '../compare/index.js';
import { exportAs, EXPORT_TARGETS, type ExportTarget } from '../export/index.js';
import { describeError, XxgkError } from '../errors.js';
import { AGENCY_LEVELS, type AgencyLevel } from '../template/index.js';

export interface CompileFlags { year?: string; region?: string; level?: string; json?: boolean; to?: string; out?: string }

export function exportTarget(to: string | undefined): ExportTarget | undefined {
  if (to === undefined) return undefined;
  if (!(EXPORT_TARGETS as readonly string[]).includes(to)) {
    throw new XxgkError('UNSUPPORTED', `不支持的导出格式：${to}（可用 ${EXPORT_TARGETS.join('、')}）`, `unsupported export format: ${to} (use ${EXPORT_TARGETS.join(', ')})`);
  }
  return to as ExportTarget;
}

/** Items from files given on the command line; a file that cannot be read is listed as failed, not fatal. */
export async function itemsFromFiles(files: string[]): Promise<{ items: CompileItem[]; failed: Array<{ name: string; reason: string }> }> {
  const items: CompileItem[] = [];
  const failed: Array<{ name: string; reason: string }> = [];
  for (const f of files) {
    try { items.push(itemOf(await parseFile(f), f)); } catch (e) { failed.push({ name: f, reason: describeError(e).message }); }
  }
  return { items, failed };
}

/** The selection of `--year --region --level`, checked (a year that is not a number, or an unknown level, is a usage error). */
export function selectionOf(flags: CompileFlags): { year?: number; region?: string; level?: AgencyLevel } {
  const year = flags.year === undefined ? undefined : Number(flags.year);
  if (year !== undefined && !Number.isInteger(year)) {
    throw new XxgkError('UNSUPPORTED', `--year 应为年份：${flags.year}`, `--year must be a year: ${flags.year}`);
  }
  const levels = AGENCY_LEVELS.map((l) => l.level);
  if (flags.level !== undefined && !levels.includes(flags.level as AgencyLevel)) {
    throw new XxgkError('UNSUPPORTED', `--level 应为 ${levels.join('|')}：${flags.level}`, `--level must be one of ${levels.join('|')}: ${flags.level}`);
  }
  return { ...(year !== undefined ? { year } : {}), ...(flags.region ? { region: flags.region } : {}), ...(flags.level ? { level: flags.level as AgencyLevel } : {}) };
}

/** A compiled report as `xxgk compile` writes it: an export (`--to`), one JSON line (`--json`), or lines for a terminal. */
export async function compiledOutput(compiled: CompiledReport, flags: CompileFlags): Promise<Uint8Array> {
  const to = exportTarget(flags.to);
  if (to) return exportAs(compiled, to);
  return new TextEncoder().encode(flags.json ? JSON.stringify(compiled) + '\n' : compiledLines(compiled).join('\n') + '\n');
}

/** `xxgk compile FILE…`: the files read and compiled in memory (the store's reports: store-commands.ts compileStore). */
export async function compileOutput(items: CompileItem[], failed: Array<{ name: string; reason: string }>, flags: CompileFlags): Promise<Uint8Array> {
  return compiledOutput(compile(selectItems(items, selectionOf(flags)), { failed }), flags);
}

export async function compareFiles(a: string, b: string, json: boolean): Promise<string> {
  const c = compare(await parseFile(a), await parseFile(b));
  return json ? JSON.stringify(c) + '\n' : comparisonLines(c).join('\n') + '\n';
}
