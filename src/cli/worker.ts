// A worker of the CLI's pool: takes files one at a time and answers with what the command prints for each.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type CommandName, type FileOptions } from './process.js';

const { command, opts } = workerData as { command: CommandName; opts: FileOptions };
// Test seam: a file whose name ends with XXGK_DEBUG_HANG never finishes, to prove the time limit (test/cli.test.ts).
const hangOn = process.env['XXGK_DEBUG_HANG'];
parentPort!.on('message', async (task: { file: string }) => {
  if (hangOn && task.file.endsWith(hangOn)) for (;;);
  parentPort!.postMessage(await processFile(task.file, command, opts));
});
