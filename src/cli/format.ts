// Formatters for the command line, kept apart from the rules as ESLint keeps its formatters apart: compiler-style
// diagnostics (`file:line: error RULE message`, then the source line), one-line summaries, and JSON lines.

import pc from 'picocolors';
import { cellsOf, getCell } from '../template/index.js';
import type { Finding, ParsedReport, Source } from '../template/index.js';
import type { Doc } from '../read/model.js';

export interface Located { line?: number; page?: number; text?: string }

/** Where a finding points in the original: the first of its cells that has a source. */
export function locate(f: Finding, sources: Record<string, Source>, doc?: Doc): Located {
  for (const p of f.paths) {
    const hit = sources[p] ?? Object.entries(sources).find(([k]) => k.startsWith(p + '.'))?.[1];
    if (!hit || hit.derived) continue;
    const text = hit.line !== undefined ? lineText(doc, hit.line) : undefined;
    return { line: hit.line, page: hit.page, text };
  }
  // Undecided cells have no source; the notice keeps where the row's values were printed.
  const line = typeof f.evidence?.['line'] === 'number' ? f.evidence['line'] : undefined;
  const page = typeof f.evidence?.['page'] === 'number' ? f.evidence['page'] : undefined;
  return { line, page, text: line !== undefined ? lineText(doc, line) : undefined };
}

function lineText(doc: Doc | undefined, line: number): string | undefined {
  if (!doc) return undefined;
  for (const b of doc.blocks) if (b.type === 'paragraph' && b.pos.line === line) return b.text;
  return undefined;
}

const SEVERITY_COLOR = { error: pc.red, warning: pc.yellow, info: pc.cyan } as const;

export function diagnostic(file: string, f: Finding, at: Located): string {
  const where = at.line !== undefined ? `${file}:${at.line}` : at.page !== undefined ? `${file}:p${at.page}` : file;
  const head = `${where}: ${SEVERITY_COLOR[f.severity](f.severity)} ${pc.bold(f.rule)} ${f.message}`;
  return at.text !== undefined ? `${head}\n    ${pc.dim(at.text.replace(/\t/g, ' ⇥ ').trim())}` : head;
}

export function summaryLine(file: string, r: ParsedReport): string {
  const count = (s: Finding['severity']) => r.findings.filter((f) => f.severity === s).length;
  const cells = cellsOf(r.format);
  const filled = cells.filter((c) => typeof getCell(r, c.path) === 'number').length;
  const parts = [
    `${r.format} 版格式`, r.year ? `${r.year} 年度` : '年度未知', r.agency ?? '机关未知',
    `${filled}/${cells.length} 格有数`, `${count('error')} 错误`, `${count('warning')} 警告`,
  ];
  return `${file}: ${parts.join(' · ')}`;
}

/** The JSON line of one report: the contract's keys first, then where the file came from. */
export function jsonLine(file: string, r: ParsedReport): string {
  // { ...r, file } written without copying the report first: the same text, one object fewer per file
  return `${JSON.stringify(r).slice(0, -1)},"file":${JSON.stringify(file)}}`;
}
