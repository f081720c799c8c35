// GET /api/compile: compile over the reports the store selects, without reading them: the store keeps compile's
// partial state per group of reports (the tallies of src/compile, updated with every write) and a narrow row per
// report for what compile lists (problems, unusable amounts, reports per agency); src/compile's finish() makes the
// result from them, the same as compile() gives for the same reports in memory.

import { finish, type CompiledReport } from '../compile/index.js';
import type { Store } from '../store/index.js';

export interface CompileSelection { year?: number; region?: string; level?: string }

export async function compileSelection(store: Store, sel: CompileSelection): Promise<CompiledReport> {
  const { state, expectedAgencies } = await store.compileState(sel);
  const where = [sel.region, sel.level && LEVEL_NAMES[sel.level]].filter(Boolean).join('');
  return finish(state, { expectedAgencies, ...(where ? { agency: where } : {}) });
}

const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇（街道）', department: '部门' };
