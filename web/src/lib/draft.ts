// The report being written in 填报: the data of the contract plus what was typed in each cell (kept as typed, so
// that "1." or a stray letter is not lost while the person is still typing). Pure: the form and the tests use it.

import { emptyReport, setCell, SECTIONS, cellsOf, getCell, formatValue } from './core.js';
import type { FormatId, ReportData, SectionKey } from './core.js';

export interface Draft {
  report: ReportData;
  /** cell path → the text typed; cells not typed in show their value */
  typed: Record<string, string>;
}

export const newDraft = (format: FormatId): Draft => ({ report: emptyReport(format), typed: {} });

/** A typed cell as a number: '' is blank (null); full-width digits and thousands separators are accepted. */
export function parseCellText(text: string): { ok: true; value: number | null } | { ok: false } {
  const s = text.normalize('NFKC').replace(/[,，\s]/g, '');
  if (s === '' || /^[/\-—–]$/.test(s)) return { ok: true, value: null };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { ok: false };
  return { ok: true, value: Number(s) };
}

const clone = (r: ReportData): ReportData => structuredClone(r);

/** The draft after typing `text` into a cell: the typed text kept, the value set when it is a number (else blank). */
export function typeCell(d: Draft, path: string, text: string): Draft {
  const report = clone(d.report);
  const parsed = parseCellText(text);
  setCell(report, path, parsed.ok ? parsed.value : null);
  return { report, typed: { ...d.typed, [path]: text } };
}

/** Paths whose typed text is not a number. */
export const invalidCells = (d: Draft): string[] =>
  Object.entries(d.typed).filter(([, text]) => !parseCellText(text).ok).map(([p]) => p);

export const cellText = (d: Draft, path: string): string => d.typed[path] ?? formatValue(getCell(d.report, path));

export function setSectionText(d: Draft, key: SectionKey, text: string): Draft {
  const report = clone(d.report);
  const heading = SECTIONS.find((s) => s.key === key)!.heading;
  report.sections[key] = text.trim() === '' ? null : { heading, text };
  return { ...d, report };
}

export function setMeta(d: Draft, patch: Partial<Pick<ReportData, 'title' | 'agency' | 'year' | 'publishedOn'>>): Draft {
  return { ...d, report: { ...d.report, ...patch } };
}

/** A new format keeps the meta, the sections and every cell the two formats share. */
export function changeFormat(d: Draft, format: FormatId): Draft {
  if (format === d.report.format) return d;
  const report = emptyReport(format);
  const { title, agency, year, publishedOn, sections } = d.report;
  Object.assign(report, { title, agency, year, publishedOn, sections: structuredClone(sections) });
  const typed: Record<string, string> = {};
  for (const c of cellsOf(format)) {
    const v = getCell(d.report, c.path);
    if (v !== undefined) setCell(report, c.path, v);
    if (d.typed[c.path] !== undefined) typed[c.path] = d.typed[c.path]!;
  }
  return { report, typed };
}

const KEY = 'xxgk.draft';
export function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    return d && d.report && (d.report.format === '2019' || d.report.format === '2021') ? d : null;
  } catch { return null; }
}
export const saveDraft = (d: Draft | null): void => {
  try { if (d) localStorage.setItem(KEY, JSON.stringify(d)); else localStorage.removeItem(KEY); } catch { /* ignore */ }
};
