// Parsing on every core: a pool of worker threads, each given a few jobs ahead so that it never waits for the
// main thread (which may be busy writing a batch). A file that hangs a worker is failed with TIMEOUT and the worker
// replaced; a worker that crashes fails only the file it was on.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { parseOne, type ParseJob, type ParseOutcome } from './parse-one.js';

export type { ParseJob, ParseOutcome } from './parse-one.js';

interface Pending { id: number; job: ParseJob; resolve: (o: ParseOutcome) => void }
interface Slot { worker: Worker; inflight: Pending[]; since: number }

/** jobs handed to one worker before its first one is done */
const AHEAD = 8;

/** The compiled worker: beside this file in dist/, or dist/ingest/ when this file runs from src/ (tests). */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/ingest/parse-worker.js', import.meta.url)
    : new URL('./parse-worker.js', import.meta.url);
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private readonly watchdog: NodeJS.Timeout | null = null;
  private nextId = 0;
  private closed = false;

  /** `size` 0 parses in this thread (no workers). */
  constructor(readonly size = availableParallelism(), private readonly timeoutMs = 120_000) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    if (size > 0) {
      this.watchdog = setInterval(() => this.checkTimeouts(), Math.min(1000, timeoutMs / 2));
      this.watchdog.unref();
    }
  }

  parse(job: ParseJob): Promise<ParseOutcome> {
    if (this.closed) return Promise.reject(new Error('the parse pool is closed'));
    if (this.size === 0) return parseOne(job);
    return new Promise((resolve) => {
      this.waiting.push({ id: this.nextId++, job, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(workerUrl()), inflight: [], since: Date.now() };
    slot.worker.on('message', (msg: { id: number; outcome: ParseOutcome }) => {
      const i = slot.inflight.findIndex((p) => p.id === msg.id);
      if (i < 0) return;
      const [p] = slot.inflight.splice(i, 1);
      slot.since = Date.now();
      p!.resolve(msg.outcome);
      this.dispatch();
    });
    slot.worker.on('error', (e) => this.replace(slot, 'UNREADABLE', `读取时出错（${e.message}）/ the reader crashed (${e.message})`));
    slot.worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, 'UNREADABLE', `读取进程意外退出（${code}）/ the reader exited (${code})`);
    });
    return slot;
  }

  private dispatch(): void {
    while (this.waiting.length) {
      const slot = this.slots.reduce((a, b) => (b.inflight.length < a.inflight.length ? b : a));
      if (slot.inflight.length >= AHEAD) return;
      const p = this.waiting.shift()!;
      if (!slot.inflight.length) slot.since = Date.now();
      slot.inflight.push(p);
      slot.worker.postMessage({ id: p.id, job: p.job });
    }
  }

  /** The file a worker is on fails; the ones queued behind it go to the others. */
  private replace(slot: Slot, code: string, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    this.slots[i] = this.spawn();
    void slot.worker.terminate();
    const [stuck, ...rest] = slot.inflight;
    stuck?.resolve({ ok: false, code, message });
    this.waiting.unshift(...rest);
    this.dispatch();
  }

  private checkTimeouts(): void {
    const now = Date.now();
    for (const slot of [...this.slots]) {
      if (slot.inflight.length && now - slot.since > this.timeoutMs) {
        const s = Math.round(this.timeoutMs / 1000);
        this.replace(slot, 'TIMEOUT', `读取超过 ${s} 秒，已放弃 / reading took over ${s} s and was stopped`);
      }
    }
  }
}
