// Writing a batch for ingest and the queue workers: one transaction, and a way out when the database refuses it.

import type { Store, BatchItem, ItemOutcome } from '../store/index.js';
import { databaseReason } from '../store/errors.js';

/**
 * The batch in one transaction; should the database refuse it, each file alone, so that one bad row costs one file
 * (recorded with the database's reason), not the batch.
 */
export async function saveBatch(store: Store, items: BatchItem[]): Promise<ItemOutcome[]> {
  try {
    return await store.saveBatch(items);
  } catch (batchError) {
    if (items.length === 1 && items[0]!.kind === 'failure') throw batchError;
    const out: ItemOutcome[] = [];
    for (const item of items) {
      try {
        out.push(...(await store.saveBatch([item])));
      } catch (e) {
        if (item.kind === 'failure') throw e;
        const reason = databaseReason(e);
        const message = `数据库拒绝写入（${reason}）/ the database refused the report (${reason})`;
        await store.saveBatch([{
          kind: 'failure',
          failure: { original: { ...item.report.original, bytes: item.bytes }, fileName: item.report.original.name, code: 'STORE', message, parserVersion: item.report.parserVersion },
        }]);
        out.push({ status: 'failed', code: 'STORE', message });
      }
    }
    return out;
  }
}
