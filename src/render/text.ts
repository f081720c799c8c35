// Render a report as the plain text that real extractions of 政府信息公开工作年度报告 produce, in five layouts taken
// from the seeds: a table row per line (PDF, seed 002), a cell per line (PDF, seed 003), tab-separated rows with
// merged-label fragments (Word, seeds 001 and 004), Markdown, and PDF fragments with words broken across lines
// (seed 000). The tables always follow the official structure of the report's format; the variants of
// template.md §7 (labels, brackets, full-width digits, blanks, units, signs, headings) are drawn from the seed.
// Whatever the variant, every value stays recoverable: a blank cell is printed as a mark wherever an empty cell
// would vanish, and every data row prints all its values.

import { createRng, introParagraph } from '../generate/index.js';
import type { Rng } from '../generate/index.js';
import { getFormat, requestRows, SECTIONS } from '../template/index.js';
import type { Cell, CellKind, ReportData, RequestRowDef, SectionKey } from '../template/index.js';

export type TextLayout = 'row' | 'cell' | 'tabs' | 'markdown' | 'fragments';
export const TEXT_LAYOUTS: TextLayout[] = ['row', 'cell', 'tabs', 'markdown', 'fragments'];

export interface VariantOptions {
  /** format 2021 prints 行政规范性文件; some reports keep the 2019 label 规范性文件 (format 2019 always prints it) */
  normativeLabel: '规范性文件' | '行政规范性文件';
  /** header 总计 of 表三 and 表四, and the row （七）总计 */
  totalLabel: '总计' | '合计';
  otherOrgLabel: '其他' | '其他组织';
  /** full-width （一） as in the template, ASCII (一), or a mix label by label */
  brackets: 'full' | 'ascii' | 'mixed';
  /** share of value cells printed with full-width digits (０-９) */
  fullWidthDigits: number;
  /** how a blank (null) cell is printed; '' (an empty cell) only in Markdown, '/' instead elsewhere */
  nullMark: '' | '/' | '-' | '—';
  /** a money unit printed in the cell (249万, 251000元) or in the header (采购总金额（单位：万元）) */
  unitPlacement: 'cell' | 'header';
  /** share of positive 本年增/减 values printed with '+' */
  plusSign: number;
  /** 一、总体情况 or 1、总体情况 */
  headingNumerals: 'chinese' | 'arabic';
  /** the title at the top, or after the heading 一、总体情况 (seed 002) */
  titlePlacement: 'top' | 'afterOverviewHeading';
  /** spaces around the year in the title: 五峰镇 2021 年度政府信息公开工作年度报告 (seed 001) */
  titleSpaces: boolean;
  /** 2022年01月03日 instead of 2022年1月3日 */
  datePadding: boolean;
  /** a blank line after every line, as PDF extractions often give (seeds 000, 002) */
  blankLines: boolean;
  /** 'cell' layout: each cell line starts with a tab (seed 003), so covered cells print as a lone tab */
  tabPrefix: boolean;
  /** 'fragments' layout: values of a wrapped label on its first line, on a line of their own after it, or on its last line */
  wrappedValues: 'first' | 'own' | 'last';
  /**
   * 'row', 'fragments' and 'tabs' layouts: a label merged over several rows sits at its top row or, when a PDF is
   * read line by line and the label was centred vertically, at its middle row. Word text keeps it at the top (the
   * merged cell's text belongs to its first row); the seeds' PDFs show it at the top. 'middle' is drawn for the
   * row, tabs and fragments layouts, where it puts a cut item label before its group label.
   */
  mergedAlign: 'top' | 'middle';
  /** Markdown-style heading marks in the 'tabs' layout (seed 001) */
  tabsHeadingMarks: boolean;
  /** 'tabs' layout: 一、 in a cell of its own before 本年新收… (seed 004) */
  splitOrdinals: boolean;
  /** 'row' layout: a merged label on the line of its first row (（三）不予公开 1.属于国家秘密 0 0 …), not on its own */
  inlineGroups: boolean;
}

export interface RenderOptions {
  layout: TextLayout;
  variants?: Partial<VariantOptions>;
  seed?: number;
}

export function renderText(report: ReportData, opts: RenderOptions): string {
  const rng = createRng(opts.seed ?? 0);
  const v: VariantOptions = { ...drawVariants(rng.fork('variants'), report, opts.layout), ...opts.variants };
  if (report.format === '2019') v.normativeLabel = '规范性文件';
  const ctx: Ctx = { report, layout: opts.layout, v, rng: rng.fork('render') };
  return joinBlocks(composeDocument(ctx), ctx);
}

/** Variants drawn from the seed; the common case (official labels, ASCII digits) is the most likely. */
export function drawVariants(rng: Rng, report: ReportData, layout: TextLayout): VariantOptions {
  return {
    normativeLabel: report.format === '2021' && rng.chance(0.2) ? '规范性文件' : '行政规范性文件',
    totalLabel: rng.chance(0.2) ? '合计' : '总计',
    otherOrgLabel: rng.chance(0.2) ? '其他组织' : '其他',
    brackets: rng.pick(['full', 'full', 'ascii', 'mixed'] as const),
    fullWidthDigits: rng.chance(0.2) ? rng.pick([0.1, 0.5, 1]) : 0,
    nullMark: rng.pick(['', '/', '-', '—'] as const),
    unitPlacement: rng.pick(['cell', 'header'] as const),
    plusSign: rng.chance(0.3) ? rng.pick([0.5, 1]) : 0,
    headingNumerals: rng.chance(0.15) ? 'arabic' : 'chinese',
    titlePlacement: rng.chance(0.15) ? 'afterOverviewHeading' : 'top',
    titleSpaces: rng.chance(0.25),
    datePadding: rng.chance(0.2),
    blankLines: (layout === 'row' || layout === 'fragments') && rng.chance(0.5),
    tabPrefix: rng.chance(0.8),
    wrappedValues: rng.pick(['first', 'first', 'own', 'last'] as const),
    mergedAlign: layout !== 'cell' && layout !== 'markdown' && rng.chance(0.3) ? 'middle' : 'top',
    tabsHeadingMarks: rng.chance(0.3),
    splitOrdinals: rng.chance(0.3),
    inlineGroups: rng.chance(0.3),
  };
}

interface Ctx {
  report: ReportData;
  layout: TextLayout;
  v: VariantOptions;
  rng: Rng;
}

/** A block of output lines: prose (wrapped in PDF-like layouts) or a table (never re-wrapped). */
interface Block { kind: 'prose' | 'table' | 'heading'; lines: string[] }

// ---- The document ---------------------------------------------------------------------------------------------

function composeDocument(ctx: Ctx): Block[] {
  const { report, v } = ctx;
  const blocks: Block[] = [];
  const title = report.title === null ? null : v.titleSpaces ? report.title.replace(/(\d{4})/, ' $1 ') : report.title;
  if (title !== null && v.titlePlacement === 'top') blocks.push(heading(ctx, title, 1));
  // Reports that print their title under 一、总体情况 (seed 002) have no opening paragraph either.
  if (report.agency !== null && report.year !== null && v.titlePlacement === 'top') {
    blocks.push(prose(introParagraph(report.agency, report.year)));
  }
  for (const def of SECTIONS) {
    const section = report.sections[def.key];
    blocks.push(heading(ctx, sectionHeading(section?.heading ?? def.heading, v), 2));
    if (def.key === 'overview' && title !== null && v.titlePlacement === 'afterOverviewHeading') blocks.push(prose(title));
    for (const para of (section?.text ?? '').split('\n')) if (para.trim()) blocks.push(prose(para));
    const table = tableOf(ctx, def.key);
    if (table) blocks.push({ kind: 'table', lines: table });
  }
  const signature = [report.agency, report.publishedOn && formatDate(report.publishedOn, v.datePadding)].filter((s): s is string => !!s);
  if (signature.length) blocks.push({ kind: 'prose', lines: signature });
  return blocks;
}

function tableOf(ctx: Ctx, key: SectionKey): string[] | null {
  if (key === 'activeDisclosure') return layoutGrid(activeGrid(ctx), ctx);
  if (key === 'requests') return layoutGrid(requestsGrid(ctx), ctx);
  if (key === 'appeals') return layoutGrid(appealsGrid(ctx), ctx);
  return null;
}

const prose = (text: string): Block => ({ kind: 'prose', lines: [text] });

function heading(ctx: Ctx, text: string, level: 1 | 2): Block {
  const marks = ctx.layout === 'markdown' || (ctx.layout === 'tabs' && ctx.v.tabsHeadingMarks);
  return { kind: 'heading', lines: [marks ? `${'#'.repeat(level + (ctx.rng.chance(0.3) ? 1 : 0))} ${text}` : text] };
}

const ARABIC: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6' };
function sectionHeading(text: string, v: VariantOptions): string {
  return v.headingNumerals === 'arabic' ? text.replace(/^([一二三四五六])、/, (_, n: string) => `${ARABIC[n]}、`) : text;
}

function formatDate(iso: string, padded: boolean): string {
  const [y, m, d] = iso.split('-');
  return padded ? `${y}年${m}月${d}日` : `${y}年${Number(m)}月${Number(d)}日`;
}

/**
 * Blocks to text. The 'cell' layout separates table rows by blank lines, so it puts none between blocks; PDF-like
 * layouts may put a blank line after every line (seeds 000, 002) and wrap prose like a page does.
 */
function joinBlocks(blocks: Block[], ctx: Ctx): string {
  const everyLine = ctx.v.blankLines && (ctx.layout === 'row' || ctx.layout === 'fragments');
  const lines: string[] = [];
  for (const b of blocks) {
    const body = b.kind === 'prose' && ctx.layout === 'fragments' ? b.lines.flatMap((l) => wrapProse(l, ctx.rng.int(28, 40))) : b.lines;
    lines.push(...(everyLine ? interleaveBlanks(body) : body));
    if (ctx.layout !== 'cell' || b.kind === 'table') lines.push('');
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

function interleaveBlanks(lines: string[]): string[] {
  return lines.flatMap((l, i) => (i === lines.length - 1 ? [l] : [l, '']));
}

/** Wrap a paragraph at about `width` characters, never inside a run of digits or Latin letters. */
function wrapProse(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = width;
    while (cut > 1 && /[0-9A-Za-z.]/.test(rest[cut - 1]!) && /[0-9A-Za-z.]/.test(rest[cut]!)) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

// ---- Tables as grids of slots ---------------------------------------------------------------------------------
// A grid keeps the official structure: every row has a slot per column; a merged cell sits in its first slot and
// the slots it covers are marked, so each layout can decide what a covered slot prints (nothing, an empty cell,
// or a fragment of the merged label).

type Role = 'caption' | 'note' | 'header' | 'label' | 'group' | 'value' | 'empty';

interface CellSlot {
  kind: 'cell';
  text: string;
  role: Role;
  rowSpan: number;
  colSpan: number;
  /** keywords that identify a row label (the template's `match`), so a wrapped label keeps them on its first line */
  match?: string[];
}
interface CoveredSlot { kind: 'covered'; by: 'row' | 'col' }
type Slot = CellSlot | CoveredSlot;
interface GridRow { kind: 'caption' | 'header' | 'data'; slots: Slot[] }
type Grid = GridRow[];

const cell = (text: string, role: Role, span: { rowSpan?: number; colSpan?: number } = {}, match?: string[]): CellSlot =>
  ({ kind: 'cell', text, role, rowSpan: span.rowSpan ?? 1, colSpan: span.colSpan ?? 1, match });
const byCol = (n: number): Slot[] => Array.from({ length: n }, () => ({ kind: 'covered', by: 'col' }) as const);
const byRow = (n: number): Slot[] => Array.from({ length: n }, () => ({ kind: 'covered', by: 'row' }) as const);
/** a cell followed by the slots its colSpan covers */
const spanning = (c: CellSlot): Slot[] => [c, ...byCol(c.colSpan - 1)];
/** the slots of a merged cell `colSpan` wide in a row below its first: one covered cell, however wide */
const coveredBelow = (colSpan: number): Slot[] => [...byRow(1), ...byCol(colSpan - 1)];

// ---- 表二 -----------------------------------------------------------------------------------------------------

const ACTIVE_WIDTH = 4;

function activeGrid(ctx: Ctx): Grid {
  const { report, v } = ctx;
  const grid: Grid = [];
  for (const sub of getFormat(report.format).active) {
    grid.push({ kind: 'caption', slots: spanning(cell(label(ctx, sub.caption), 'caption', { colSpan: ACTIVE_WIDTH })) });
    const unitRow = sub.amountUnit ? (report.active[sub.rows[0]!.key]?.['amountUnit'] as string | null | undefined) ?? null : null;
    const headers = sub.columns.map((c) => label(ctx, headerWithUnit(c.label, c.kind, unitRow, report.format, v)));
    grid.push({ kind: 'header', slots: [cell(label(ctx, '信息内容'), 'header'), ...fillRow(headers.map((h) => cell(h, 'header')))] });
    for (const row of sub.rows) {
      const values = report.active[row.key] ?? {};
      const unit = (values['amountUnit'] as string | null | undefined) ?? null;
      const cells = sub.columns.map((c) => cell(formatValue(ctx, values[c.key] as Cell, c.kind, unit), 'value'));
      const rowLabel = row.key === 'normativeDocs' ? v.normativeLabel : row.label;
      grid.push({ kind: 'data', slots: [cell(label(ctx, rowLabel), 'label', {}, row.match), ...fillRow(cells)] });
    }
  }
  return grid;
}

/** The three value columns of 表二: one cell spans them all (format 2021), or the unused ones are empty (2019). */
function fillRow(cells: CellSlot[]): Slot[] {
  const width = ACTIVE_WIDTH - 1;
  if (cells.length === 1) return spanning({ ...cells[0]!, colSpan: width });
  return [...cells, ...Array.from({ length: width - cells.length }, () => cell('', 'empty'))];
}

/** 采购总金额 carries its unit in the header when the unit is not printed in the cells; 2021 prints it always. */
function headerWithUnit(text: string, kind: CellKind, unit: string | null, format: string, v: VariantOptions): string {
  if (kind !== 'amount' || format === '2021' || unit === null || v.unitPlacement !== 'header') return text;
  return `${text}（单位：${unit}）`;
}

// ---- 表三 -----------------------------------------------------------------------------------------------------

const REQUEST_LABEL_COLS = 3;
const RESULTS_LABEL = '三、本年度办理结果';

function requestsGrid(ctx: Ctx): Grid {
  const { report, v } = ctx;
  const format = getFormat(report.format);
  const hasSubtotal = typeof report.requests['deniedSubtotal'] === 'object' && report.requests['deniedSubtotal'] !== null;
  const rows = requestRows(report.format, { deniedSubtotal: hasSubtotal });
  const columns = format.requests.columns.map((c) => c.key);
  const parts = format.requests.columns.filter((c) => c.key !== 'total').map((c) => (c.key === 'otherOrg' ? v.otherOrgLabel : c.label));
  const grid: Grid = [
    { kind: 'header', slots: [...spanning(cell(label(ctx, format.requests.topLeft), 'note', { rowSpan: 3, colSpan: 3 })), ...spanning(cell('申请人情况', 'header', { colSpan: 7 }))] },
    { kind: 'header', slots: [...coveredBelow(3), cell('自然人', 'header', { rowSpan: 2 }), ...spanning(cell('法人或其他组织', 'header', { colSpan: 5 })), cell(v.totalLabel, 'header', { rowSpan: 2 })] },
    { kind: 'header', slots: [...coveredBelow(3), ...byRow(1), ...parts.slice(1).map((p) => cell(p, 'header')), ...byRow(1)] },
  ];
  const results = rows.filter((r) => !['newReceived', 'carriedOver', 'carriedForward'].includes(r.path));
  for (const row of rows) {
    const values = columns.map((col) => cell(formatValue(ctx, requestValue(report, row.path, col), 'count', null), 'value'));
    grid.push({ kind: 'data', slots: [...requestLabelSlots(ctx, row, results, hasSubtotal), ...values] });
  }
  return grid;
}

function requestValue(report: ReportData, rowPath: string, col: string): Cell {
  let o: unknown = report.requests;
  for (const k of [...rowPath.split('.'), col]) o = o === null || typeof o !== 'object' ? undefined : (o as Record<string, unknown>)[k];
  return typeof o === 'number' ? o : null;
}

/**
 * The three label slots of a 表三 row: 一、二、四 span all three; the results sit under the merged 三、本年度办理结果
 * (column A) with their own label over B–C, or, for the numbered items, a merged group label in B and the item in C.
 * With a printed （三）不予公开 subtotal row (seed 004) the items take B–C like the other results.
 */
function requestLabelSlots(ctx: Ctx, row: RequestRowDef, results: RequestRowDef[], hasSubtotal: boolean): Slot[] {
  const text = label(ctx, rowLabel(row, ctx.v));
  const index = results.indexOf(row);
  const ordinal = /^[一二三四]、/.exec(text)?.[0];
  if (index < 0 && ordinal && ctx.layout === 'tabs' && ctx.v.splitOrdinals) {
    return [cell(ordinal, 'group'), ...spanning(cell(text.slice(ordinal.length), 'label', { colSpan: REQUEST_LABEL_COLS - 1 }, row.match))];
  }
  if (index < 0) return spanning(cell(text, 'label', { colSpan: REQUEST_LABEL_COLS }, row.match));
  const a: Slot = index === 0 ? cell(label(ctx, RESULTS_LABEL), 'group', { rowSpan: results.length }) : byRow(1)[0]!;
  if (!row.group || (hasSubtotal && row.group.key === 'denied')) return [a, ...spanning(cell(text, 'label', { colSpan: 2 }, row.match))];
  const members = results.filter((r) => r.group?.key === row.group!.key);
  const b: Slot = members[0] === row ? cell(label(ctx, row.group.label), 'group', { rowSpan: members.length }) : byRow(1)[0]!;
  return [a, b, cell(text, 'label', {}, row.match)];
}

function rowLabel(row: RequestRowDef, v: VariantOptions): string {
  if (row.path === 'resultTotal') return `（七）${v.totalLabel}`;
  return row.label;
}

// ---- 表四 -----------------------------------------------------------------------------------------------------

function appealsGrid(ctx: Ctx): Grid {
  const { report, v } = ctx;
  const { groups, columns } = getFormat(report.format).appeals;
  const heads = columns.map((c) => (c.key === 'total' ? v.totalLabel : c.label));
  const values = groups.flatMap((g) => columns.map((c) => cell(formatValue(ctx, (report.appeals[g.key]?.[c.key] ?? null) as Cell, 'count', null), 'value')));
  return [
    { kind: 'header', slots: [...spanning(cell('行政复议', 'header', { colSpan: 5 })), ...spanning(cell('行政诉讼', 'header', { colSpan: 10 }))] },
    {
      kind: 'header',
      slots: [
        ...heads.map((h) => cell(h, 'header', { rowSpan: 2 })),
        ...spanning(cell(groups[1]!.label, 'header', { colSpan: 5 })),
        ...spanning(cell(groups[2]!.label, 'header', { colSpan: 5 })),
      ],
    },
    { kind: 'header', slots: [...byRow(5), ...heads.map((h) => cell(h, 'header')), ...heads.map((h) => cell(h, 'header'))] },
    { kind: 'data', slots: values },
  ];
}

// ---- Cells and labels -----------------------------------------------------------------------------------------

/** Brackets as the variant says; an ASCII ordinal often comes with a space after it: (一) 予以公开 (seed 004). */
function label(ctx: Ctx, text: string): string {
  const ascii = ctx.v.brackets === 'ascii' || (ctx.v.brackets === 'mixed' && ctx.rng.chance(0.5));
  if (!ascii) return text;
  const space = ctx.rng.chance(0.3) ? ' ' : '';
  return text.replace(/^（([一二三四五六七八九十])）/, `($1)${space}`).replace(/（/g, '(').replace(/）/g, ')');
}

const FULL_WIDTH_DIGIT = (d: string) => String.fromCharCode(0xff10 + Number(d));
const WAN_SPELLINGS = ['万', '万元', ' 万', ' 万元'];

function formatValue(ctx: Ctx, value: Cell | undefined, kind: CellKind, unit: string | null): string {
  if (value === null || value === undefined) return nullMark(ctx);
  let text = String(value);
  if (kind === 'signed' && value > 0 && ctx.rng.chance(ctx.v.plusSign)) text = `+${text}`;
  if (ctx.rng.chance(ctx.v.fullWidthDigits)) text = text.replace(/[0-9]/g, FULL_WIDTH_DIGIT);
  if (kind === 'amount' && unit !== null && ctx.v.unitPlacement === 'cell') {
    text += unit === '万元' ? ctx.rng.pick(WAN_SPELLINGS) : ctx.rng.pick(['元', ' 元']);
  }
  return text;
}

/**
 * Only a pipe table keeps an empty cell in its place. Elsewhere an empty cell vanishes or, in tab-separated Word
 * text, means nothing: seed 001 prints `3.危及…⇥0⇥0⇥0⇥0⇥0⇥0⇥` for a row whose 总计 is 0, so a reader must take an
 * empty tab field for a missing value, not a blank one. A blank therefore prints a mark there.
 */
function nullMark(ctx: Ctx): string {
  return ctx.v.nullMark === '' && ctx.layout !== 'markdown' ? '/' : ctx.v.nullMark;
}

// ---- Layouts --------------------------------------------------------------------------------------------------

function layoutGrid(grid: Grid, ctx: Ctx): string[] {
  switch (ctx.layout) {
    case 'row': return rowLayout(grid, ctx);
    case 'fragments': return fragmentsLayout(grid, ctx);
    case 'cell': return cellLayout(grid, ctx);
    case 'tabs': return tabsLayout(grid, ctx);
    case 'markdown': return markdownLayout(grid);
  }
}

const cellsOf = (row: GridRow): CellSlot[] => row.slots.filter((s): s is CellSlot => s.kind === 'cell' && s.role !== 'empty');

/**
 * 'row' (seed 002): a row per line, cells separated by a space; a merged label starts its rows on a line of its
 * own, or shares the line of its first row.
 */
function rowLayout(grid: Grid, ctx: Ctx): string[] {
  const lines: string[] = [];
  for (const row of ctx.v.mergedAlign === 'middle' ? centreMergedLabels(grid) : grid) {
    const cells = cellsOf(row);
    const ownLines = cells.filter((c) => c.role === 'note' || c.role === 'caption' || (c.role === 'group' && !ctx.v.inlineGroups));
    lines.push(...ownLines.map((c) => c.text));
    const rest = cells.filter((c) => !ownLines.includes(c)).map((c) => c.text);
    if (rest.length) lines.push(rest.join(' '));
  }
  return lines;
}

/**
 * 'fragments' (seed 000): PDF text where narrow cells break their words over lines (商业\n企业, 结\n果\n维\n持) and
 * merged labels print as fragments before their rows; a long row label wraps, its values on the first line or on
 * a line of their own right after it.
 */
function fragmentsLayout(grid: Grid, ctx: Ctx): string[] {
  const lines: string[] = [];
  for (const row of ctx.v.mergedAlign === 'middle' ? centreMergedLabels(grid) : grid) {
    const cells = cellsOf(row);
    if (row.kind !== 'data') {
      for (const c of cells) lines.push(...(c.role === 'note' ? chunk(c.text, ctx.rng.int(14, 20)) : breakWord(c, ctx)));
      continue;
    }
    for (const g of cells.filter((c) => c.role === 'group')) lines.push(...labelPieces(g.text, ctx.rng.int(2, 3)));
    const labelCell = cells.find((c) => c.role === 'label');
    const values = cells.filter((c) => c.role === 'value').map((c) => c.text).join(' ');
    if (!labelCell) { lines.push(values); continue; }
    const [first, ...more] = wrapLabel(labelCell, ctx.rng.chance(0.5) ? ctx.rng.int(7, 11) : 99);
    if (!more.length || ctx.v.wrappedValues === 'first') lines.push(`${first} ${values}`, ...more);
    else if (ctx.v.wrappedValues === 'own') lines.push(first!, values, ...more);
    else lines.push(first!, ...more.slice(0, -1), `${more[more.length - 1]} ${values}`);
  }
  return lines;
}

/** A narrow header cell breaks its word into pieces of one to four characters; a wide (merged) one stays whole. */
function breakWord(c: CellSlot, ctx: Ctx): string[] {
  if (c.colSpan > 1 || c.role === 'caption' || (c.text.length <= 3 && ctx.rng.chance(0.5))) return [c.text];
  return chunk(c.text, ctx.rng.int(1, c.text.length > 6 ? 4 : 2));
}

/**
 * 'cell' (seed 003): one cell per line, a blank line after each row; a cell covered by a merged cell above prints
 * as a lone tab; narrow merged labels (三、本年度办理结果) print one character per line; headers break their words.
 */
function cellLayout(grid: Grid, ctx: Ctx): string[] {
  const tab = ctx.v.tabPrefix ? '\t' : '';
  const lines: string[] = [];
  for (const row of grid) {
    for (const slot of row.slots) {
      if (slot.kind === 'covered') {
        if (slot.by === 'row' && tab) lines.push(tab);
        continue;
      }
      if (slot.role === 'empty') continue;
      const pieces = slot.role === 'header' ? breakWord(slot, ctx) : slot.role === 'group' && slot.text.startsWith('三') ? [...slot.text] : [slot.text];
      lines.push(tab + pieces[0], ...pieces.slice(1));
    }
    lines.push('');
  }
  return lines;
}

/**
 * 'tabs' (seeds 001, 004): every slot a tab-separated cell, covered ones empty; a merged label is spread in
 * fragments over the slots it covers (三、 / 本年 / 度办 / 理结 / 果); some long labels continue on a line of their own
 * that carries no values.
 */
function tabsLayout(grid: Grid, ctx: Ctx): string[] {
  const texts = spreadMergedLabels(grid, ctx);
  const lines: string[] = [];
  grid.forEach((row, r) => {
    const cells = texts[r]!;
    const at = row.kind === 'data' ? row.slots.findIndex((s) => s.kind === 'cell' && s.role === 'label') : -1;
    const labelCell = at >= 0 ? (row.slots[at] as CellSlot) : null;
    const wrapped = labelCell && ctx.rng.chance(0.2) ? wrapLabel(labelCell, ctx.rng.int(7, 11)) : [];
    if (wrapped.length < 2) { lines.push(cells.join('\t')); return; }
    lines.push(cells.map((t, i) => (i === at ? wrapped[0]! : t)).join('\t'));
    lines.push(cells.map((_, i) => (i === at ? wrapped.slice(1).join('') : '')).join('\t'));
  });
  return lines;
}

/**
 * Slot texts with each row-merged label whole or cut into pieces down the slots it covers, from its top row or
 * centred on its middle row.
 */
function spreadMergedLabels(grid: Grid, ctx: Ctx): string[][] {
  const texts = grid.map((row) => row.slots.map((s) => (s.kind === 'cell' ? s.text : '')));
  grid.forEach((row, r) => row.slots.forEach((s, c) => {
    if (s.kind !== 'cell' || s.rowSpan < 2 || row.kind !== 'data') return;
    const pieces = ctx.rng.chance(0.3) ? [s.text] : labelPieces(s.text, ctx.rng.int(2, 3));
    const fits = pieces.slice(0, s.rowSpan - 1).concat(pieces.length >= s.rowSpan ? [pieces.slice(s.rowSpan - 1).join('')] : []);
    const start = ctx.v.mergedAlign === 'middle' ? Math.floor((s.rowSpan - fits.length) / 2) : 0;
    texts[r]![c] = '';
    fits.forEach((p, i) => { texts[r + start + i]![c] = p; });
  }));
  return texts;
}

/** The grid with each row-merged label of the data rows moved to the middle row of those it covers. */
function centreMergedLabels(grid: Grid): Grid {
  const rows = grid.map((row) => ({ ...row, slots: [...row.slots] }));
  grid.forEach((row, r) => row.slots.forEach((s, c) => {
    if (s.kind !== 'cell' || s.rowSpan < 2 || row.kind !== 'data') return;
    const middle = r + Math.floor((s.rowSpan - 1) / 2);
    rows[r]!.slots[c] = { kind: 'covered', by: 'row' };
    rows[middle]!.slots[c] = { ...s, rowSpan: 1 };
  }));
  return rows;
}

/** Markdown pipe table (a Word table converted): one cell per slot, covered ones empty; the first row is the header. */
function markdownLayout(grid: Grid): string[] {
  const rows = grid.map((row) => `| ${row.slots.map((s) => (s.kind === 'cell' ? s.text : '')).join(' | ')} |`);
  const width = grid[0]!.slots.length;
  return [rows[0]!, `|${' --- |'.repeat(width)}`, ...rows.slice(1)];
}

// ---- Breaking labels ------------------------------------------------------------------------------------------

/** Cut text into pieces of `size` characters. */
function chunk(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** A merged label in narrow pieces, its ordinal (三、 or （三）) kept whole as the first piece: （三）/ 不予公 / 开. */
function labelPieces(text: string, size: number): string[] {
  const ordinal = /^([一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]\s?)/.exec(text)?.[0] ?? '';
  return [...(ordinal ? [ordinal.trim()] : []), ...chunk(text.slice(ordinal.length), size)];
}

/**
 * Wrap a row label at `width` characters the way a narrow table cell does, but never before the words that
 * identify the row: the first line keeps the item number (1.属于…) or one of the template's keywords.
 */
function wrapLabel(c: CellSlot, width: number): string[] {
  const text = c.text;
  if (text.length <= width) return [text];
  const plain = text.replace(/[()（）\s]/g, '');
  const ends = (c.match ?? []).map((m) => keywordEnd(text, plain, m)).filter((e) => e > 0);
  const needed = /^\d/.test(text) ? 4 : ends.length ? Math.min(...ends) : 0;
  if (needed === 0 && !/^\d/.test(text)) return [text];
  const cut = Math.max(width, needed);
  return cut >= text.length ? [text] : [text.slice(0, cut), text.slice(cut)];
}

/** Index in `text` just after the keyword `m` (brackets and spaces ignored), or 0 when it does not occur. */
function keywordEnd(text: string, plain: string, m: string): number {
  const key = m.replace(/[()（）\s]/g, '');
  const at = plain.indexOf(key);
  if (at < 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (!/[()（）\s]/.test(text[i]!)) seen++;
    if (seen === at + key.length) return i + 1;
  }
  return text.length;
}
