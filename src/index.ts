// The library: read → extract → check, for a file, bytes or text. Each stage is exported on its own too.

import { readBytes, readPath, readText } from './read/index.js';
import { parseDoc } from './parse.js';
import type { ParsedReport } from './template/index.js';

export * from './template/index.js';
export { readBytes, readPath, readText, sniff } from './read/index.js';
export type { Doc } from './read/model.js';
export { extract, EXTRACTION_NOTICES } from './extract/index.js';
export { check, RULES } from './check/index.js';
export { XxgkError, describeError } from './errors.js';

export { VERSION as PARSER_VERSION } from './version.js';

export { parseDoc } from './parse.js';

export const parseText = (text: string, opts: { markdown?: boolean } = {}): ParsedReport =>
  parseDoc(readText(text, opts.markdown ? 'markdown' : 'text'));

export const parseBytes = async (bytes: Uint8Array, name = ''): Promise<ParsedReport> => parseDoc(await readBytes(bytes, name));

export const parseFile = async (path: string): Promise<ParsedReport> => parseDoc(await readPath(path));

export { compile, isCompiled, itemOf, selectItems, compiledLines, type CompiledReport, type CompileItem, type CompileOptions } from './compile/index.js';
export { compare, comparisonLines, type Comparison } from './compare/index.js';
export { checkAcrossYears, CROSS_YEAR_RULES } from './check/cross-year.js';
export { toCsv, toJson, toXlsx, exportAs, EXPORT_TARGETS, type ExportTarget } from './export/index.js';
