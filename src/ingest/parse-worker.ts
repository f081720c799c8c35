// A worker thread of ingest's pool: parses the jobs it is sent one after another, in the order they came.

import { parentPort } from 'node:worker_threads';
import { parseOne, type ParseJob } from './parse-one.js';

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (msg: { id: number; job: ParseJob }) => {
  queue = queue.then(async () => {
    parentPort!.postMessage({ id: msg.id, outcome: await parseOne(msg.job) });
  });
});
