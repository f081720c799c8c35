// Progress of ingest for a person: a bar on a terminal, a plain line every few seconds otherwise (logs, CI).

import cliProgress from 'cli-progress';
import type { IngestProgress } from './index.js';

export interface ProgressPrinter {
  update(p: IngestProgress): void;
  stop(): void;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, everyMs = 2000): ProgressPrinter {
  return stream.isTTY ? barPrinter(stream) : linePrinter(stream, everyMs);
}

const counts = (p: IngestProgress) =>
  `新增 added ${p.added} · 重复 duplicates ${p.duplicates} · 失败 failed ${p.failed} · 跳过 skipped ${p.skipped}`;

function barPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  const bar = new cliProgress.SingleBar({
    stream, format: '{bar} {value}/{total} · {counts} · {file}', hideCursor: true, clearOnComplete: false, fps: 10,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(p) {
      const payload = { counts: counts(p), file: shorten(p.current ?? '') };
      if (!started) { bar.start(p.total, p.done, payload); started = true; } else bar.update(p.done, payload);
    },
    stop() { if (started) bar.stop(); },
  };
}

function linePrinter(stream: NodeJS.WriteStream, everyMs: number): ProgressPrinter {
  let last = 0, latest: IngestProgress | null = null, printed: IngestProgress | null = null;
  const print = (p: IngestProgress) => { stream.write(`${p.done}/${p.total} · ${counts(p)}\n`); printed = p; };
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= everyMs) { last = now; print(p); }
    },
    stop() { if (latest && latest !== printed) print(latest); },
  };
}

const shorten = (s: string) => (s.length > 40 ? `…${s.slice(-39)}` : s);
