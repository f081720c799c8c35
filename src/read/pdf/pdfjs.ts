// Loading pdf.js once per process, in the main thread, with the options every document needs.

import { createRequire } from 'node:module';
import path from 'node:path';

export type PdfjsLib = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type DocumentOptions = Parameters<PdfjsLib['getDocument']>[0] & object;

export interface Pdfjs {
  lib: PdfjsLib;
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
  // Running the worker code in this thread: pdf.js looks for it on globalThis before it tries to start a worker.
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import(workerModule);
  for (const [owner, key, descriptor] of saved) if (descriptor) Object.defineProperty(owner, key, descriptor);

  // In Node pdf.js reads these with fs, so they are directory paths, not file: URLs, and it insists on a final '/'.
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folder = (name: string): string => path.join(root, name) + '/';
  return {
    lib,
    options: {
      cMapUrl: folder('cmaps'),
      cMapPacked: true,
      standardFontDataUrl: folder('standard_fonts'),
      wasmUrl: folder('wasm'),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      // images carry no text: pdf.js then skips decoding them (scans, seals, logos), except the 1×1 masks that some
      // PDF printers stretch into table rules
      maxImageSize: 1,
      verbosity: 0,
    },
  };
}
