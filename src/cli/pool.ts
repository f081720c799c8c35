// Many files over all cores: a pool of worker threads, each running processFile. Results come back in input order.
// A file that takes longer than its time limit has its worker terminated (the only way to stop a stuck parse) and
// is reported as failed; the batch goes on with a fresh worker.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { XxgkError } from '../errors.js';
import { failure, type CommandName, type FileOptions, type FileResult } from './process.js';

interface Task { index: number; file: string }

export async function runPool(files: string[], command: CommandName, opts: FileOptions & { timeoutMs: number },
  emit: (index: number, r: FileResult) => void, threads = Math.max(1, availableParallelism())): Promise<void> {
  const queue: Task[] = files.map((file, index) => ({ index, file }));
  const workerUrl = new URL('./worker.js', import.meta.url);
  const start = (): Promise<void> => new Promise((resolve) => {
    let worker = new Worker(workerUrl, { workerData: { command, opts } });
    let current: Task | undefined;
    let timer: NodeJS.Timeout | undefined;
    const next = () => {
      current = queue.shift();
      if (!current) { void worker.terminate(); resolve(); return; }
      timer = setTimeout(onTimeout, opts.timeoutMs);
      worker.postMessage(current);
    };
    const onMessage = (r: FileResult) => { clearTimeout(timer); emit(current!.index, r); next(); };
    const onTimeout = () => {
      const task = current!;
      worker.removeAllListeners();
      void worker.terminate();
      emit(task.index, failure(task.file, new XxgkError('TIMEOUT', `处理超时（${opts.timeoutMs / 1000} 秒）`, `timed out after ${opts.timeoutMs / 1000} s`), opts));
      worker = spawn();
      next();
    };
    const onError = (e: unknown) => {
      clearTimeout(timer);
      if (current) emit(current.index, failure(current.file, e, opts));
      worker.removeAllListeners();
      worker = spawn();
      next();
    };
    const spawn = () => {
      const w = new Worker(workerUrl, { workerData: { command, opts } });
      w.on('message', onMessage);
      w.on('error', onError);
      return w;
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    next();
  });
  await Promise.all(Array.from({ length: Math.min(threads, files.length) }, start));
}
