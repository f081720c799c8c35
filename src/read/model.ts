// The document model: the one shape every reader (text, PDF, Word, HTML) produces and the extractor consumes.
// Plain data only, so a stage can be tested, cached or sent over the wire without its producer.

/** Where something sits in the original file. Readers fill what their format knows. */
export interface Position {
  /** 1-based line in a text file */
  line?: number;
  /** 1-based column (in characters) within that line */
  column?: number;
  /** 0-based character offset in the decoded text */
  offset?: number;
  /** 1-based page of a PDF */
  page?: number;
  /** box on the page in PDF user units, origin top-left: [x0, y0, x1, y1] */
  box?: [number, number, number, number];
  /** element path in an HTML or Word document, e.g. "table[2]/tr[5]/td[3]" */
  path?: string;
}

export interface Paragraph {
  type: 'paragraph';
  text: string;
  pos: Position;
}

export interface TableCell {
  /** the cell's text; '' for a blank cell (only spaces, U+3000, &nbsp;) */
  text: string;
  rowSpan: number;
  colSpan: number;
  pos: Position;
}

export interface Table {
  type: 'table';
  /** rows of cells in reading order; a cell covered by a rowspan/colspan from above or the left is absent */
  rows: TableCell[][];
  pos: Position;
}

export type Block = Paragraph | Table;

export type SourceKind = 'text' | 'markdown' | 'pdf' | 'docx' | 'html';

export interface Doc {
  kind: SourceKind;
  blocks: Block[];
  /** facts a reader learnt that are not blocks, e.g. a page count or a date in an HTML page's metadata */
  meta?: { pages?: number; publishedOn?: string; title?: string; encoding?: string };
}
