// The report as one standalone HTML page in the official layout: title, six sections, tables with their real merges,
// the 落款 at the end. Every value cell carries its cell path (data-path) so a page can be checked or linked back.

import type { ReportData } from '../template/index.js';
import { leadingHeaderRowCount, reportOutline } from './layout.js';
import type { OutlineSection, RenderCell, RenderRow, RenderTable } from './layout.js';

const STYLE = `
body { font-family: "FangSong", "仿宋", "仿宋_GB2312", serif; font-size: 16pt; line-height: 1.6; max-width: 210mm; margin: 2em auto; padding: 0 1em; }
h1 { font-family: "SimSun", "宋体", serif; font-size: 22pt; text-align: center; font-weight: bold; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; margin: 1em 0 0.5em; }
p { text-indent: 2em; margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-family: "SimSun", "宋体", serif; font-size: 10.5pt; line-height: 1.3; }
th, td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; }
th { font-weight: normal; }
th.caption { font-weight: bold; }
.signature { margin-top: 2em; text-align: right; }
.signature p { text-indent: 0; }
`;

/** A complete HTML5 page of the report. All text is escaped. */
export function renderHtml(report: ReportData): string {
  const outline = reportOutline(report);
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(outline.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(outline.title)}</h1>`,
    ...outline.sections.map(sectionHtml),
    signatureHtml(outline.signature),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function sectionHtml(section: OutlineSection): string {
  return [
    `<section data-section="${section.key}">`,
    `<h2>${escapeHtml(section.heading)}</h2>`,
    ...section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...section.tables.map(tableHtml),
    '</section>',
  ].join('\n');
}

function signatureHtml(lines: string[]): string {
  if (lines.length === 0) return '';
  return ['<div class="signature">', ...lines.map((l) => `<p>${escapeHtml(l)}</p>`), '</div>'].join('\n');
}

function tableHtml(table: RenderTable): string {
  const headRows = table.rows.slice(0, leadingHeaderRowCount(table));
  const body = table.rows.slice(headRows.length);
  return [
    // Borders and sizes as attributes too: LibreOffice's HTML import ignores the style sheet, and a table without
    // rules prints as loose text that no reader can put back into cells.
    `<table data-table="${table.table}" border="1" cellspacing="0" cellpadding="2" width="100%">`,
    colgroupHtml(table.columnWeights),
    ...(headRows.length ? ['<thead>', ...headRows.map(rowHtml), '</thead>'] : []),
    '<tbody>', ...body.map(rowHtml), '</tbody>',
    '</table>',
  ].join('\n');
}

function colgroupHtml(weights: number[]): string {
  const sum = weights.reduce((a, b) => a + b, 0);
  const cols = weights.map((w) => `<col style="width:${((100 * w) / sum).toFixed(2)}%">`);
  return `<colgroup>${cols.join('')}</colgroup>`;
}

function rowHtml(row: RenderRow): string {
  return `<tr>${row.cells.map((c) => cellHtml(c, row)).join('')}</tr>`;
}

function cellHtml(cell: RenderCell, row: RenderRow): string {
  const attrs = [
    cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : '',
    cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '',
    row.kind === 'caption' ? ' class="caption"' : '',
    row.kind === 'data' && cell.header ? ' scope="row"' : '',
    cell.path ? ` data-path="${escapeHtml(cell.path)}"` : '',
    ' style="font-size:10.5pt"',
  ].join('');
  const tag = cell.header ? 'th' : 'td';
  return `<${tag}${attrs}>${escapeHtml(cell.text)}</${tag}>`;
}
