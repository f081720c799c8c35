// How the reader drives pdf.js: its own port between the API and the worker code, fonts never installed. These are
// shortcuts around pdf.js's defaults for speed; the tests say they change nothing the reader sees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPdfjs, openPdf, type Pdfjs, type PdfDocument } from './pdfjs.js';

const hongze = (): Uint8Array =>
  new Uint8Array(readFileSync(path.resolve(process.cwd(), '../shared/corpus/hongze-2024.pdf')));

interface PageOps {
  /** each operator with its arguments, as JSON, fonts named without the document's number (g_d3_f1 → g_f1) */
  ops: string[];
  objIds: string[];
  fonts: unknown[];
}

const withoutDocId = (s: string): string => s.replace(/\bg_d\d+_/g, 'g_');

async function operatorLists(pdfjs: Pdfjs, doc: PdfDocument): Promise<PageOps[]> {
  const out: PageOps[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const ops = await page.getOperatorList({ annotationMode: pdfjs.lib.AnnotationMode.DISABLE });
    const objIds = [...(page.commonObjs as unknown as Iterable<[string, unknown]>)].map(([id]) => id);
    const fonts = objIds
      .filter((id) => !id.includes('_path_'))
      .map((id) => {
        const f = page.commonObjs.get(id) as Record<string, unknown>;
        return [id, f.fontMatrix, f.vertical, f.ascent, f.descent, f.defaultVMetrics];
      });
    out.push({
      ops: ops.fnArray.map((fn, i) => withoutDocId(`${fn} ${JSON.stringify(ops.argsArray[i])}`)),
      objIds: objIds.map(withoutDocId),
      fonts: JSON.parse(withoutDocId(JSON.stringify(fonts))) as unknown[],
    });
  }
  return out;
}

describe('pdf.js as the reader opens documents', () => {
  it('gives the same operator lists and font metrics as pdf.js on its own, without glyph outlines', async () => {
    const pdfjs = await loadPdfjs();
    // pdf.js's own way: its LoopbackPort, which clones every message, and fonts disabled (outlines compiled)
    const plain = pdfjs.lib.getDocument({ ...pdfjs.options, disableFontFace: true, ownerDocument: undefined, data: hongze() });
    const expected = await operatorLists(pdfjs, await plain.promise);
    await plain.destroy();

    const pdf = openPdf(pdfjs, hongze());
    const actual = await operatorLists(pdfjs, await pdf.promise);
    await pdf.close();

    expect(actual.length).toBe(5);
    expect(actual[0]!.fonts.length).toBeGreaterThan(2);
    expect(expected.some((p) => p.objIds.some((id) => id.includes('_path_')))).toBe(true);
    expect(actual.flatMap((p) => p.objIds).filter((id) => id.includes('_path_'))).toEqual([]);
    actual.forEach((page, i) => {
      const want = expected[i]!;
      expect(page.ops.length).toBe(want.ops.length);
      // the first operator that differs, if any (comparing whole lists would print megabytes)
      const at = page.ops.findIndex((op, j) => op !== want.ops[j]);
      expect(at < 0 ? null : { page: i + 1, at, got: page.ops[at], want: want.ops[at] }).toBeNull();
      expect(page.fonts).toEqual(want.fonts);
    });
  });

  it('hands over operator-list chunks that stay intact after the worker reuses its arrays', async () => {
    const pdfjs = await loadPdfjs();
    const pdf = openPdf(pdfjs, hongze());
    const doc = await pdf.promise;
    // pages of more than 1,000 operators come in several chunks; each must arrive whole
    const page = await doc.getPage(3);
    const ops = await page.getOperatorList({ annotationMode: pdfjs.lib.AnnotationMode.DISABLE });
    await pdf.close();
    expect(ops.fnArray.length).toBeGreaterThan(1000);
    expect(ops.argsArray.length).toBe(ops.fnArray.length);
    expect(ops.fnArray.every((f) => typeof f === 'number')).toBe(true);
    const shown = ops.fnArray.flatMap((f, i) => (f === pdfjs.lib.OPS.showText ? [ops.argsArray[i]] : []));
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.every((args) => Array.isArray(args) && Array.isArray(args[0]))).toBe(true);
  });

  it('closes cleanly also when the document never opened', async () => {
    const pdfjs = await loadPdfjs();
    const pdf = openPdf(pdfjs, new TextEncoder().encode('not a pdf at all'));
    await expect(pdf.promise).rejects.toThrow();
    await expect(pdf.close()).resolves.toBeUndefined();
  });
});
