// Shapes of the template data (formats.ts) and of one parsed report (the data contract of report.schema.json).

export type FormatId = '2019' | '2021';
export type SectionKey = 'overview' | 'activeDisclosure' | 'requests' | 'appeals' | 'problems' | 'other';
/** count: whole number ≥ 0; signed: whole number, may be negative (本年增/减); amount: money, may have decimals */
export type CellKind = 'count' | 'signed' | 'amount';

export interface SectionDef {
  key: SectionKey;
  numeral: string;
  heading: string;
  /** a heading line is recognised by its numeral and one of these words */
  keywords: string[];
}

export interface ActiveColumnDef { key: string; label: string; kind: CellKind }
export interface ActiveRowDef { key: string; label: string; match: string[] }
export interface ActiveSubtableDef {
  /** the item of 条例 第二十条, e.g. （一） */
  item: string;
  caption: string;
  columns: ActiveColumnDef[];
  rows: ActiveRowDef[];
  /** the sub-table has a money cell whose unit is stored beside it; `printed` is the unit the template prints */
  amountUnit?: { cell: string; printed: string | null };
}

export interface RequestColumnDef { key: string; label: string; aliases: string[] }
export interface RequestGroupDef { key: string; label: string; numeral: string; match: readonly string[] }
export interface RequestRowDef {
  /** path under `requests`, e.g. denied.stateSecret */
  path: string;
  label: string;
  /** a short name for messages */
  short: string;
  group?: RequestGroupDef;
  item?: number;
  match: string[];
  /** printed by some reports only (not in the official template) */
  optional?: boolean;
}
export interface AppealGroupDef { key: string; label: string; parent?: string }
export interface AppealColumnDef { key: string; label: string }

export interface FormatDef {
  id: FormatId;
  name: string;
  document: string;
  /** words only this format prints (template.md §5): strong ones are 表二 column headers, weak ones row labels */
  markers: { strong: string[]; weak: string[] };
  active: ActiveSubtableDef[];
  requests: { topLeft: string; columns: RequestColumnDef[]; rows: RequestRowDef[] };
  appeals: { groups: AppealGroupDef[]; columns: AppealColumnDef[] };
}

export type Cell = number | null;
export interface Section { heading: string; text: string }
export type RequestRow = Record<string, Cell>;

/** One parsed report: exactly the keys of report.schema.json. */
export interface ReportData {
  format: FormatId;
  title: string | null;
  agency: string | null;
  year: number | null;
  publishedOn: string | null;
  sections: Record<SectionKey, Section | null>;
  active: Record<string, Record<string, Cell | string>>;
  requests: Record<string, RequestRow | Record<string, RequestRow>>;
  appeals: Record<string, Record<string, Cell>>;
}

/** Where one value came from. */
export interface Source {
  raw: string | null;
  line?: number;
  column?: number;
  offset?: number;
  page?: number;
  box?: [number, number, number, number];
  path?: string;
  /** set when the value was not printed but follows from the template's equations */
  derived?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  /** cells (or prefixes such as `appeals`) the finding is about */
  paths: string[];
  message: string;
  evidence?: Record<string, unknown>;
}

/** What `xxgk parse --json` prints for one file: the contract plus provenance and findings. */
export interface ParsedReport extends ReportData {
  sources: Record<string, Source>;
  findings: Finding[];
}
