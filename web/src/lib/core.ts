// The one door from the web app into the project's own code (../../src): the template as data, the rules, and the
// official layout. All of it is pure TypeScript without Node dependencies, bundled by Vite, so the browser draws the
// same tables and runs the same checks as `xxgk check`.

export {
  getFormat, cellsOf, cellDef, getCell, setCell, emptyReport, requestRows, agencyLevel, FORMAT_IDS, SECTIONS, SECTION_KEYS,
} from '../../../src/template/index.js';
export type {
  ReportData, ParsedReport, Finding, Source, Severity, FormatId, SectionKey, Cell, CellDef, CellKind, TableId,
} from '../../../src/template/index.js';
export { check, RULES } from '../../../src/check/index.js';
export { EXTRACTION_NOTICES } from '../../../src/extract/findings.js';
export { officialTables, reportOutline, titleOf, paragraphsOf, gridOf, formatValue } from '../../../src/render/layout.js';
export type { RenderTable, RenderRow, RenderCell, ReportOutline, OutlineSection } from '../../../src/render/layout.js';
export { decodeText } from '../../../src/read/text.js';
export { normalizeText } from '../../../src/read/normalize.js';
