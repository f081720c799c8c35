// The platform's commands on files: compile (汇总) and compare. With no files, compile reads the store.

import { parseFile } from '../index.js';
import { compile, itemOf, selectItems, compiledLines, type CompileItem } from '../compile/index.js';
import { compare, comparisonLines } from '../compare/index.js';
import { exportAs, EXPORT_TARGETS, type ExportTarget } from '../export/index.js';
import { describeError, XxgkError } from '../errors.js';
import type { AgencyLevel } from '../template/index.js';

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

export async function compileOutput(items: CompileItem[], failed: Array<{ name: string; reason: string }>, flags: CompileFlags): Promise<Uint8Array> {
  const to = exportTarget(flags.to);
  const selection = { year: flags.year ? Number(flags.year) : undefined, region: flags.region, level: flags.level as AgencyLevel | undefined };
  const compiled = compile(selectItems(items, selection), { failed });
  if (to) return exportAs(compiled, to);
  return new TextEncoder().encode(flags.json ? JSON.stringify(compiled) + '\n' : compiledLines(compiled).join('\n') + '\n');
}

export async function compareFiles(a: string, b: string, json: boolean): Promise<string> {
  const c = compare(await parseFile(a), await parseFile(b));
  return json ? JSON.stringify(c) + '\n' : comparisonLines(c).join('\n') + '\n';
}
