// A PDF page drawn with pdf.js in the browser and the cell's box highlighted on it. Loaded on demand (its own chunk
// with pdf.js and its worker), so pages without a PDF never fetch it.

import { useEffect, useRef, useState } from 'react';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { originalOf } from './useOriginal.js';
import { useT } from '../../lib/i18n.js';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

type Doc = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
const docs = new Map<number, Promise<Doc>>();

function documentOf(id: number): Promise<Doc> {
  let d = docs.get(id);
  if (!d) {
    // pdf.js takes over the buffer it is given: hand it a copy, the original stays for other uses
    d = originalOf(id).then((bytes) => pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise);
    d.catch(() => docs.delete(id));
    docs.set(id, d);
  }
  return d;
}

export interface PdfPageProps {
  id: number;
  /** 1-based */
  page: number;
  /** PDF user units, origin top left of the page: [x0, y0, x1, y1] */
  box?: [number, number, number, number];
}

export default function PdfPage({ id, page, box }: PdfPageProps) {
  const t = useT();
  const holder = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [scale, setScale] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<unknown> } | null = null;
    setScale(null);
    setError(null);
    (async () => {
      const doc = await documentOf(id);
      const p = await doc.getPage(page);
      if (cancelled || !canvas.current || !holder.current) return;
      const base = p.getViewport({ scale: 1 });
      const width = Math.max(240, holder.current.clientWidth || 600);
      const s = width / base.width;
      const ratio = window.devicePixelRatio || 1;
      const vp = p.getViewport({ scale: s * ratio });
      const c = canvas.current;
      c.width = Math.floor(vp.width);
      c.height = Math.floor(vp.height);
      c.style.width = `${Math.floor(vp.width / ratio)}px`;
      c.style.height = `${Math.floor(vp.height / ratio)}px`;
      task = p.render({ canvas: c, viewport: vp });
      await task.promise;
      if (!cancelled) setScale(s);
    })().catch((e: unknown) => { if (!cancelled) setError(e instanceof Error ? e.message : String(e)); });
    return () => { cancelled = true; task?.cancel(); };
  }, [id, page]);

  useEffect(() => {
    if (scale !== null) holder.current?.querySelector('.pdf-box')?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [scale, box]);

  return (
    <div className="pdf-page" ref={holder} data-page={page} data-rendered={scale !== null ? 'yes' : 'no'}>
      {scale === null && !error && <p className="loading" role="status">{t('source_pdfLoading')}</p>}
      {error && <p role="alert">{t('error')}：{error}</p>}
      <div className="pdf-canvas-wrap">
        <canvas ref={canvas} aria-label={t('source_page', { p: page })} />
        {scale !== null && box && (
          <div className="pdf-box source-hit" aria-hidden="true" style={{
            left: box[0] * scale - 3, top: box[1] * scale - 3,
            width: (box[2] - box[0]) * scale + 6, height: (box[3] - box[1]) * scale + 6,
          }} />
        )}
      </div>
    </div>
  );
}
