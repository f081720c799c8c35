// A worker of the CLI's pool: takes files a few at a time and answers in small batches. After each file it counts
// one more in `progress` (shared memory, no message), so that the pool can tell a slow file from a stuck one and
// knows which file is stuck even when the answers before it were not yet sent.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type CommandName, type FileOptions } from './process.js';
import type { Answer, Task } from './pool.js';

const { command, opts, progress } = workerData as { command: CommandName; opts: FileOptions; progress: SharedArrayBuffer };
const done = new Int32Array(progress);
// Test seam: a file whose name ends with XXGK_DEBUG_HANG never finishes, to prove the time limit (test/cli.test.ts).
const hangOn = process.env['XXGK_DEBUG_HANG'];

/** Answers are sent when this many are ready, when the queue runs dry, or this long after the last send. */
const BATCH = 32, BATCH_MS = 100;
const encoder = new TextEncoder();
const queue: Task[] = [];
let busy = false;
parentPort!.on('message', (tasks: Task[]) => {
  queue.push(...tasks);
  if (!busy) void drain();
});

async function drain(): Promise<void> {
  busy = true;
  let batch: Answer[] = [];
  let sentAt = Date.now();
  const send = () => {
    // Encoded here and moved, not copied: the main thread writes the bytes as they are.
    parentPort!.postMessage(batch, batch.map((a) => (a.result.out as Uint8Array).buffer as ArrayBuffer));
    batch = [];
    sentAt = Date.now();
  };
  for (let task = queue.shift(); task; task = queue.shift()) {
    if (hangOn && task.file.endsWith(hangOn)) for (;;);
    const result = await processFile(task.file, command, opts, undefined, true);
    batch.push({ index: task.index, result: { ...result, out: typeof result.out === 'string' ? encoder.encode(result.out) : result.out } });
    Atomics.add(done, 0, 1);
    if (batch.length >= BATCH || !queue.length || Date.now() - sentAt > BATCH_MS) send();
  }
  busy = false;
}
