// Which reports go into a compile: the filters of `xxgk compile --year --region --level`, for callers that hold the
// reports in memory (files on the command line). The store selects with SQL; the meaning is the same.

import { agencyLevel } from '../template/index.js';
import type { AgencyLevel } from '../template/index.js';
import type { CompileItem } from './index.js';

export interface Selection {
  year?: number;
  /** a region's name (e.g. 洛阳市, 偃师区): kept are agencies whose name contains it */
  region?: string;
  level?: AgencyLevel;
}

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

export function selectItems<T extends CompileItem>(items: T[], sel: Selection): T[] {
  const region = sel.region ? squash(sel.region) : undefined;
  return items.filter((it) => {
    const agency = it.agency ?? it.report.agency;
    if (sel.year !== undefined && it.report.year !== sel.year) return false;
    if (region !== undefined && !(agency && squash(agency).includes(region))) return false;
    if (sel.level !== undefined && agencyLevel(agency) !== sel.level) return false;
    return true;
  });
}
