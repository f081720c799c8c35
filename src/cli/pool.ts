// Many files over all cores: a pool of worker threads, each running processFile. Results come back in input order
// (the caller orders them by index).
//
// Each worker is kept a few files ahead (IN_FLIGHT) and answers in small batches, so that it never waits for the
// main thread between files: a message round trip per file cost as much as parsing a small one. The time limit
// runs per file: when it runs out and the worker has finished no file since (its shared `progress` counter has not
// moved), the file after the last one it finished is the stuck one. That worker is terminated (the only way to
// stop a stuck parse), the file is reported as failed, and the other unanswered files go back to the front of the
// queue for a fresh worker — those it finished but had not yet sent are simply done again — so the batch goes on
// and loses nothing.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { XxgkError } from '../errors.js';
import { failure, type CommandName, type FileOptions, type FileResult } from './process.js';

export interface Task { index: number; file: string }
export interface Answer { index: number; result: FileResult }

/** How many files a worker holds at once; it is topped up when half are answered. */
const IN_FLIGHT = 96;

export async function runPool(files: string[], command: CommandName, opts: FileOptions & { timeoutMs: number },
  emit: (index: number, r: FileResult) => void, threads = Math.max(1, availableParallelism())): Promise<void> {
  const queue: Task[] = files.map((file, index) => ({ index, file }));
  const workerUrl = new URL('./worker.js', import.meta.url);

  const run = (): Promise<void> => new Promise((resolve) => {
    let worker: Worker;
    /** files sent to the current worker and not yet answered, in the order it takes them */
    let sent: Task[] = [];
    let progress: Int32Array;
    /** files the current worker has answered, and its progress count when the clock last started */
    let answered = 0, progressAtStart = 0;
    let timer: NodeJS.Timeout | undefined;

    const startClock = () => { clearTimeout(timer); progressAtStart = Atomics.load(progress, 0); timer = setTimeout(onClock, opts.timeoutMs); };
    const onClock = () => {
      if (!sent.length) return;
      if (Atomics.load(progress, 0) !== progressAtStart) { startClock(); return; } // a file finished meanwhile
      const finished = Atomics.load(progress, 0) - answered;
      replace(finished, new XxgkError('TIMEOUT', `处理超时（${opts.timeoutMs / 1000} 秒）`, `timed out after ${opts.timeoutMs / 1000} s`));
    };
    const topUp = () => {
      if (sent.length > IN_FLIGHT / 2) return;
      const more = queue.splice(0, IN_FLIGHT - sent.length);
      if (more.length) {
        if (!sent.length) startClock();
        sent.push(...more);
        worker.postMessage(more);
      }
      if (!sent.length) { clearTimeout(timer); void worker.terminate(); resolve(); }
    };
    const onMessage = (answers: Answer[]) => {
      for (const a of answers) emit(a.index, a.result);
      sent.splice(0, answers.length);
      answered += answers.length;
      startClock();
      topUp();
    };
    /** The file after the `finished` first unanswered ones failed with `e`; all the others go back to the queue. */
    const replace = (finished: number, e: unknown) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      const stuck = sent[finished];
      if (stuck) emit(stuck.index, failure(stuck.file, e, opts));
      queue.unshift(...sent.filter((t) => t !== stuck));
      sent = [];
      spawn();
      topUp();
    };
    const spawn = () => {
      const shared = new SharedArrayBuffer(4);
      progress = new Int32Array(shared);
      answered = 0;
      worker = new Worker(workerUrl, { workerData: { command, opts, progress: shared } });
      worker.on('message', onMessage);
      // a worker that dies took the file it was on with it
      worker.on('error', (e) => replace(Atomics.load(progress, 0) - answered, e));
    };
    spawn();
    topUp();
  });
  await Promise.all(Array.from({ length: Math.min(threads, files.length) }, run));
}
