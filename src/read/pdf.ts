// PDF reader: bytes → Doc. Text and rules come from pdf.js's operator list, one page at a time; tables become grids
// of cells (blank cells kept as ''), other text one Paragraph per visual line.

import { XxgkError } from '../errors.js';
import type { Doc } from './model.js';
import { readPageContent, type OperatorList, type Viewport } from './pdf/content.js';
import { assembleBlocks } from './pdf/document.js';
import { layoutPage, type PageLayout } from './pdf/page.js';
import { loadPdfjs, openPdf, type Pdfjs, type PdfDocument } from './pdf/pdfjs.js';

export interface ReadPdfOptions {
  /** give up after this many milliseconds (default 30 000) */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Pages read before a document without any text is checked cheaply for text further on. */
const SCAN_PROBE_PAGES = 3;
/** pdf.js keeps every font (several MB for a CJK one) and glyph outline until the document is closed, so a long PDF
 * made of many documents, each with its own fonts, would hold hundreds. After this many fonts the document's caches
 * are let go; fonts still in use are parsed again. A single report uses far fewer. */
const FONTS_BETWEEN_CLEANUPS = 24;

export async function readPdf(bytes: Uint8Array, opts: ReadPdfOptions = {}): Promise<Doc> {
  if (bytes.length === 0) throw new XxgkError('EMPTY', '文件为空（0 字节）', 'the file is empty (0 bytes)');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pdfjs = await loadPdfjs().catch((e: unknown) => {
    throw new XxgkError('UNSUPPORTED', `无法加载 PDF 组件（${firstLine(e)}）`, `cannot load the PDF library (${firstLine(e)})`);
  });
  // pdf.js takes over (detaches) the buffer it is given, so it gets a copy.
  const pdf = openPdf(pdfjs, new Uint8Array(bytes));
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
  });
  const work = pdf.promise.then((doc) => readDocument(pdfjs, doc, () => checkDeadline(deadline, timeoutMs)));
  work.catch(() => undefined); // when the timer wins, the abandoned work must not become an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } catch (e) {
    throw toXxgkError(e);
  } finally {
    clearTimeout(timer);
    await pdf.close();
  }
}

async function readDocument(pdfjs: Pdfjs, doc: PdfDocument, checkTime: () => Promise<void>): Promise<Doc> {
  const layouts: PageLayout[] = [];
  let glyphCount = 0;
  const fontsSinceCleanup = new Set<string>();
  for (let n = 1; n <= doc.numPages; n++) {
    await checkTime();
    if (glyphCount === 0 && n === SCAN_PROBE_PAGES + 1 && !(await hasTextLayer(doc, n))) break;
    const page = await readPage(pdfjs, doc, n);
    glyphCount += page.glyphs;
    layouts.push(page.layout);
    for (const font of page.fonts) fontsSinceCleanup.add(font);
    if (fontsSinceCleanup.size > FONTS_BETWEEN_CLEANUPS) {
      await doc.cleanup();
      fontsSinceCleanup.clear();
    }
  }
  if (glyphCount === 0) {
    throw new XxgkError(
      'SCANNED',
      'PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再读取',
      'the PDF has no text layer (probably a scan); run OCR on it first',
    );
  }
  return { kind: 'pdf', blocks: assembleBlocks(layouts), meta: { pages: doc.numPages } };
}

interface PageResult {
  layout: PageLayout;
  /** visible glyphs on the page */
  glyphs: number;
  /** pdf.js names of the fonts the page uses */
  fonts: string[];
}

async function readPage(pdfjs: Pdfjs, doc: PdfDocument, n: number): Promise<PageResult> {
  const page = await doc.getPage(n);
  try {
    const ops = await page.getOperatorList({ annotationMode: pdfjs.lib.AnnotationMode.DISABLE });
    const viewport = page.getViewport({ scale: 1 }) as Viewport;
    const fontOf = (name: string): unknown => (page.commonObjs.has(name) ? page.commonObjs.get(name) : null);
    const content = readPageContent(pdfjs.lib, ops as OperatorList, viewport, fontOf);
    const glyphs = content.glyphs.filter((g) => !g.space).length;
    return { layout: layoutPage(content, n), glyphs, fonts: content.fonts };
  } finally {
    page.cleanup();
  }
}

/**
 * After the first pages showed no text: whether any later page has text, asked of pdf.js's text extraction, which
 * unlike the operator list does not decode images. A long scan is then refused quickly instead of decoded page by page.
 */
async function hasTextLayer(doc: PdfDocument, from: number): Promise<boolean> {
  for (let n = from; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    try {
      const text = await page.getTextContent();
      if (text.items.some((item) => 'str' in item && item.str.trim() !== '')) return true;
    } finally {
      page.cleanup();
    }
  }
  return false;
}

/** Lets a due timer run (pdf.js works in microtasks), then enforces the deadline between pages. */
async function checkDeadline(deadline: number, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (Date.now() > deadline) throw timeoutError(timeoutMs);
}

const timeoutError = (ms: number): XxgkError =>
  new XxgkError('TIMEOUT', `读取 PDF 超时（超过 ${ms / 1000} 秒）`, `reading the PDF timed out (over ${ms / 1000} s)`);

/** Any failure as an XxgkError with a one-line bilingual message; pdf.js's own errors never get out. */
function toXxgkError(e: unknown): XxgkError {
  if (e instanceof XxgkError) return e;
  const name = e instanceof Error ? e.name : '';
  if (name === 'PasswordException') {
    return new XxgkError('ENCRYPTED', 'PDF 已加密，需要密码才能打开', 'the PDF is encrypted and needs a password');
  }
  const detail = firstLine(e);
  return new XxgkError(
    'CORRUPT',
    `PDF 文件已损坏、不完整或不是 PDF（${detail}）`,
    `the PDF is damaged or truncated, or not a PDF (${detail})`,
  );
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (message.split('\n')[0] ?? '').slice(0, 200) || 'unknown error';
}
