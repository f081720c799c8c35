// Extract and check: the two stages after reading, as one call (the library's parseDoc, the CLI's workers).

import { extract } from './extract/index.js';
import { check, RULES } from './check/index.js';
import type { Doc } from './read/model.js';
import type { ParsedReport } from './template/index.js';

/** Extract and check a Doc: the report of the data contract with its sources and every finding. */
export function parseDoc(doc: Doc): ParsedReport {
  const { report: r, sources, findings, cells } = extract(doc);
  // spelled out, not spread: this runs once per report and a spread costs more than the rest of this function
  return {
    format: r.format, title: r.title, agency: r.agency, year: r.year, publishedOn: r.publishedOn, sections: r.sections,
    active: r.active, requests: r.requests, appeals: r.appeals, sources, findings: findings.concat(check(r, RULES, cells)),
  };
}
