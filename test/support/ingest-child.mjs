// A separate process for the kill -9 test: ingest the given paths into a store (XXGK_DATA or DATABASE_URL) with the
// built library, printing `progress N` after each stored report so that the test knows when to kill it.
import { openStore } from '../../dist/store/index.js';
import { ingest } from '../../dist/ingest/index.js';

const store = await openStore();
const summary = await ingest(process.argv.slice(2), store, {
  batchSize: Number(process.env.XXGK_BATCH ?? 50),
  onProgress: (p) => { if (p.added) process.stdout.write(`progress ${p.added}\n`); },
});
await store.close();
process.stdout.write(`done ${JSON.stringify({ ...summary, failures: summary.failures.length })}\n`);
