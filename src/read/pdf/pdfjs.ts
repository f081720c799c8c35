// Loading pdf.js once per process, in the main thread, with the options every document needs, and opening documents
// with it in the cheapest way that still gives the reader everything it uses.

import { createRequire } from 'node:module';
import path from 'node:path';

export type PdfjsLib = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type DocumentOptions = Extract<Parameters<PdfjsLib['getDocument']>[0], { data?: unknown }>;
export type PdfDocument = Awaited<ReturnType<PdfjsLib['getDocument']>['promise']>;

/** pdf.js's worker side, which runs in this thread. */
interface WorkerModule {
  WorkerMessageHandler: { initializeFromPort(port: unknown): void };
}

export interface Pdfjs {
  lib: PdfjsLib;
  worker: WorkerModule;
  /** options for getDocument apart from the data */
  options: Omit<DocumentOptions, 'data'>;
}

// The legacy build bundles core-js, which replaces a few built-ins with slower JavaScript versions although Node's own
// are fine for pdf.js (on Node 20, Array.prototype.push alone). They are put back after loading, so neither pdf.js
// nor the rest of the process pays for them.
const REPLACED_BUILTINS: Array<[object, PropertyKey]> = [
  [Array.prototype, 'push'],
  [JSON, 'stringify'],
  [JSON, 'parse'],
  [Function.prototype, 'toString'],
];

let loaded: Promise<Pdfjs> | undefined;

/** pdf.js, imported on first use and cached. */
export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= importPdfjs();
  return loaded;
}

async function importPdfjs(): Promise<Pdfjs> {
  const saved = REPLACED_BUILTINS.map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)] as const);
  const lib: PdfjsLib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The worker code runs in this thread, on a port of our own (see openPdf). It is also left on globalThis, where
  // pdf.js looks for it before trying to start a worker, should anything open a document without a port.
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const worker = ((globalThis as { pdfjsWorker?: WorkerModule }).pdfjsWorker ??= (await import(workerModule)) as WorkerModule);
  for (const [owner, key, descriptor] of saved) if (descriptor) Object.defineProperty(owner, key, descriptor);

  // In Node pdf.js reads these with fs, so they are directory paths, not file: URLs, and it insists on a final '/'.
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folder = (name: string): string => path.join(root, name) + '/';
  return {
    lib,
    worker,
    options: {
      cMapUrl: folder('cmaps'),
      cMapPacked: true,
      standardFontDataUrl: folder('standard_fonts'),
      wasmUrl: folder('wasm'),
      isEvalSupported: false,
      useSystemFonts: false,
      // see "Fonts" below: not disabled, so that pdf.js does not compile glyph outlines
      disableFontFace: false,
      ownerDocument: FONT_SINK as unknown as DocumentOptions['ownerDocument'],
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      // images carry no text: pdf.js then skips decoding them (scans, seals, logos), except the 1×1 masks that some
      // PDF printers stretch into table rules
      maxImageSize: 1,
      verbosity: 0,
    },
  };
}

export interface OpenedPdf {
  /** the document, once pdf.js has read its structure */
  promise: Promise<PdfDocument>;
  /** lets go of the document and its worker; never rejects */
  close(): Promise<void>;
}

/** Opens a document on a worker of its own, on a DirectPort (below), fonts not installed. Takes over `data`. */
export function openPdf(pdfjs: Pdfjs, data: Uint8Array): OpenedPdf {
  const port = new DirectPort();
  pdfjs.worker.WorkerMessageHandler.initializeFromPort(port);
  // (the typings declare `port` null; the documented type is a Worker, of which pdf.js uses what DirectPort has)
  const worker = new pdfjs.lib.PDFWorker({ port: port as never, verbosity: pdfjs.options.verbosity });
  const task = pdfjs.lib.getDocument({ ...pdfjs.options, data, worker });
  const promise = task.promise.then((doc) => {
    skipFontInstalling(doc);
    return doc;
  });
  const close = async (): Promise<void> => {
    await task.destroy().catch(() => undefined);
    worker.destroy();
    port.terminate();
  };
  return { promise, close };
}

// ---------------------------------------------------------------------------------------------------------------
// The port between pdf.js's API and its worker code

/** pdf.js's StreamKind.ENQUEUE: a message carrying one chunk of a stream, such as 1,000 operators of a page. */
const STREAM_ENQUEUE = 4;

interface OperatorListChunk {
  fnArray: unknown[];
  argsArray: unknown[];
  length: number;
}

type Listener = (this: DirectPort, event: { data: unknown }) => void;

/**
 * pdf.js's LoopbackPort (its "fake worker" in Node), except for operator lists. LoopbackPort deep-copies every message
 * with structuredClone as a real worker boundary would; for operator lists that is every glyph object of every
 * showText, again and again, a tenth of the reading time of a report. Both sides live in this thread and neither
 * changes an operator's arguments once it is sent (pdf.js only copies them into the page's list, the reader only reads
 * them), so a chunk of operators is passed on as a copy of its two arrays (the worker empties them for the next chunk
 * right after sending) sharing the arguments. Every other message is cloned exactly as LoopbackPort does, and is
 * delivered the same way: in a microtask, in order.
 */
class DirectPort {
  private readonly listeners = new Map<Listener, (() => void) | null>();

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const data = isOperatorListChunk(message)
      ? { ...message, chunk: shallowChunk(message.chunk) }
      : structuredClone(message, transfer ? { transfer } : undefined);
    queueMicrotask(() => {
      for (const listener of this.listeners.keys()) listener.call(this, { data });
    });
  }

  addEventListener(_type: string, listener: Listener, options?: { signal?: AbortSignal } | null): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let unsubscribe: (() => void) | null = null;
    if (signal) {
      const onAbort = (): void => this.removeEventListener(_type, listener);
      signal.addEventListener('abort', onAbort);
      unsubscribe = () => signal.removeEventListener('abort', onAbort);
    }
    this.listeners.set(listener, unsubscribe);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  terminate(): void {
    for (const unsubscribe of this.listeners.values()) unsubscribe?.();
    this.listeners.clear();
  }
}

function isOperatorListChunk(message: unknown): message is { chunk: OperatorListChunk } {
  if (typeof message !== 'object' || message === null) return false;
  const { stream, chunk } = message as { stream?: unknown; chunk?: Partial<OperatorListChunk> };
  return (
    stream === STREAM_ENQUEUE &&
    typeof chunk === 'object' &&
    chunk !== null &&
    Array.isArray(chunk.fnArray) &&
    Array.isArray(chunk.argsArray) &&
    typeof chunk.length === 'number'
  );
}

const shallowChunk = (chunk: OperatorListChunk): OperatorListChunk => ({
  ...chunk,
  fnArray: chunk.fnArray.slice(0, chunk.length),
  argsArray: chunk.argsArray.slice(0, chunk.length),
});

// ---------------------------------------------------------------------------------------------------------------
// Fonts
//
// The reader needs a font's metrics and each glyph's text and width, never its outlines. With disableFontFace pdf.js
// compiles the outline of every glyph shown and posts it to the main thread (a third of the work on a CJK report), so
// fonts are left "installable" instead, and installing them is made to do nothing: the document pdf.js would add
// @font-face rules to is a sink (without one, installing fails and pdf.js falls back to building the outlines after
// all), and each document's font loader is told fonts are already attached (skipFontInstalling), so pdf.js does not
// base64-encode every font program into a rule either.

/** Stand-in for the document pdf.js installs fonts in: accepts its @font-face rules and keeps nothing. */
const FONT_SINK = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

interface FontLoaderLike {
  bind(font: { attached?: boolean }): Promise<void>;
}

/**
 * Makes the document's font loader mark fonts attached without installing them. Reaches into pdf.js's transport;
 * should a later pdf.js have no such thing, nothing changes but speed (the sink still takes the rules).
 */
function skipFontInstalling(doc: PdfDocument): void {
  const loader = (doc as unknown as { _transport?: { fontLoader?: FontLoaderLike } })._transport?.fontLoader;
  if (!loader || typeof loader.bind !== 'function') return;
  loader.bind = async (font) => {
    font.attached = true;
  };
}
