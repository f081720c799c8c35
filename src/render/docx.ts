// The report as a Word document in the official layout: A4 with the margins of GB/T 9704 (党政机关公文格式), title in
// 宋体 二号, headings in 黑体 三号, text in 仿宋 三号, tables in 宋体 五号 with real merged cells and borders, the 落款
// right-aligned at the end.

import {
  AlignmentType, BorderStyle, Document, HeightRule, LineRuleType, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow,
  TextRun, VerticalAlign, WidthType,
} from 'docx';
import type { IFontAttributesProperties, IRunOptions } from 'docx';
import type { ReportData } from '../template/index.js';
import { gridOf, leadingHeaderRowCount, reportOutline } from './layout.js';
import type { OutlineSection, RenderCell, RenderRow, RenderTable } from './layout.js';

// A4 and the GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), in twips.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1587, right: 1474 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia });
// Sizes in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt.
const TITLE_RUN: IRunOptions = { font: font('宋体'), size: 44, bold: true };
const HEADING_RUN: IRunOptions = { font: font('黑体'), size: 32 };
const BODY_RUN: IRunOptions = { font: font('仿宋'), size: 32 };
const TABLE_RUN: IRunOptions = { font: font('宋体'), size: 21 };
/** 28 pt exact line spacing, usual for 三号 text in official documents */
const BODY_SPACING = { line: 560, lineRule: LineRuleType.EXACT };
/** two characters of 三号 */
const FIRST_LINE_INDENT = 640;

/** 6 mm: rows of blank cells stay tall enough to write in */
const MIN_ROW_HEIGHT = 340;

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const TABLE_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

export async function renderDocx(report: ReportData): Promise<Uint8Array> {
  const outline = reportOutline(report);
  const document = new Document({
    title: outline.title,
    // the default is the table's size so that empty cells, and the cells Word adds under a vertical merge, stay low;
    // every run of text sets its own font
    styles: { default: { document: { run: TABLE_RUN } } },
    sections: [{
      properties: { page: { size: PAGE, margin: MARGIN } },
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [new TextRun({ ...TITLE_RUN, text: outline.title })] }),
        ...outline.sections.flatMap(sectionBlocks),
        ...signatureBlocks(outline.signature),
      ],
    }],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function sectionBlocks(section: OutlineSection): (Paragraph | Table)[] {
  return [
    new Paragraph({ spacing: BODY_SPACING, indent: { firstLine: FIRST_LINE_INDENT }, children: [new TextRun({ ...HEADING_RUN, text: section.heading })] }),
    ...section.paragraphs.map(bodyParagraph),
    ...section.tables.flatMap((t) => [tableOf(t), new Paragraph({})]),
  ];
}

const bodyParagraph = (text: string): Paragraph =>
  new Paragraph({ spacing: BODY_SPACING, indent: { firstLine: FIRST_LINE_INDENT }, children: [new TextRun({ ...BODY_RUN, text })] });

function signatureBlocks(lines: string[]): Paragraph[] {
  if (lines.length === 0) return [];
  return [
    new Paragraph({ spacing: BODY_SPACING }),
    ...lines.map((text) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: BODY_SPACING, children: [new TextRun({ ...BODY_RUN, text })] })),
  ];
}

// ---- tables ------------------------------------------------------------------------------------------------------

function tableOf(table: RenderTable): Table {
  const widths = columnWidths(table.columnWeights);
  const startColumn = startColumns(table);
  const headerRows = leadingHeaderRowCount(table);
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: table.rows.map((row, r) => new TableRow({
      // the header repeats on each page; a row is never split across pages
      tableHeader: r < headerRows || undefined, // an explicit "false" reads as a header to some readers (mammoth)
      cantSplit: true,
      height: { value: MIN_ROW_HEIGHT, rule: HeightRule.ATLEAST },
      children: row.cells.map((cell) => cellOf(cell, row, spanWidth(widths, startColumn.get(cell)!, cell.colSpan))),
    })),
  });
}

/** Grid column widths in twips filling the text width, after the layout's relative weights. */
function columnWidths(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / sum));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** The grid column each cell starts in (rowspans from above shift the cells of later rows). */
function startColumns(table: RenderTable): Map<RenderCell, number> {
  const starts = new Map<RenderCell, number>();
  for (const line of gridOf(table)) for (const slot of line) if (!starts.has(slot.cell)) starts.set(slot.cell, slot.column);
  return starts;
}

const spanWidth = (widths: number[], start: number, span: number): number =>
  widths.slice(start, start + span).reduce((a, b) => a + b, 0);

function cellOf(cell: RenderCell, row: RenderRow, width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
    rowSpan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 28, right: 28 }, // half a millimetre: narrow value columns keep 5 digits on one line
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: cell.text ? [new TextRun({ ...TABLE_RUN, bold: row.kind === 'caption', text: cell.text })] : [],
    })],
  });
}
