// One file through the CLI: read, extract, check, and format what the command prints. A pure function of the file
// and the options, so that it runs the same in the main thread and in a worker of the pool.

import pc from 'picocolors';
import { readBytes, readPath } from '../read/index.js';
import { parseDoc } from '../parse.js';
import { describeError } from '../errors.js';
import type { ParsedReport } from '../template/index.js';
import { diagnostic, jsonLine, locate, summaryLine } from './format.js';

export type CommandName = 'parse' | 'check';
export interface FileOptions { json?: boolean; verbose?: boolean }

export interface FileResult {
  /** what goes to standard output, ending in a newline (or empty); a worker sends it encoded, as UTF-8 bytes */
  out: string | Uint8Array;
  /** what goes to standard error */
  err: string;
  failed: boolean;
  hasErrors: boolean;
}

/** `syncRead`: read the file without leaving the thread (a worker of the pool, which has nothing else to do). */
export async function processFile(file: string, command: CommandName, opts: FileOptions, stdin?: Uint8Array, syncRead = false): Promise<FileResult> {
  try {
    const doc = stdin ? await readBytes(stdin, 'stdin') : await readPath(file, { sync: syncRead });
    const parsed: ParsedReport = parseDoc(doc);
    const hasErrors = parsed.findings.some((f) => f.severity === 'error');
    if (command === 'parse') return { out: (opts.json ? jsonLine(file, parsed) : summaryLine(file, parsed)) + '\n', err: '', failed: false, hasErrors };
    if (opts.json) return { out: JSON.stringify({ file, findings: parsed.findings }) + '\n', err: '', failed: false, hasErrors };
    const lines = parsed.findings
      .filter((f) => opts.verbose || f.severity !== 'info')
      .map((f) => diagnostic(file, f, locate(f, parsed.sources, doc)));
    lines.push(summaryLine(file, parsed));
    return { out: lines.join('\n') + '\n', err: '', failed: false, hasErrors };
  } catch (e) {
    return failure(file, e, opts);
  }
}

export function failure(file: string, e: unknown, opts: FileOptions): FileResult {
  const { code, message } = describeError(e);
  return {
    out: opts.json ? JSON.stringify({ file, error: { code, message } }) + '\n' : '',
    err: `${file}: ${pc.red('无法处理 / failed')} [${code}] ${message}\n`,
    failed: true,
    hasErrors: false,
  };
}
