// What a body's name tells about it: its level (from the template's AGENCY_LEVELS) and the administrative
// divisions it belongs to (淮安市洪泽区人民政府 → region 淮安市洪泽区, parent region 淮安市). Both are guesses a
// person can correct in the agencies table.

import { agencyLevel } from '../template/index.js';

export interface AgencyFacts {
  name: string;
  level: string | null;
  region: string | null;
  parentRegion: string | null;
}

const DIVISION = /^(.+?)(特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|旗|区|镇|乡|苏木|街道)/;
// Words that end in a division's character without being one: 住房和城乡建设局, 城市管理局, 城区.
const NOT_A_PLACE = /[和与及]|^城$|管理|建设|发展|服务|开发$/;

/** The leading administrative divisions of a name, outermost first: 淮安市洪泽区人民政府 → [淮安市, 洪泽区]. */
export function divisionsOf(name: string): string[] {
  const out: string[] = [];
  let rest = name.replace(/[\s\u3000]+/g, '');
  for (;;) {
    const m = DIVISION.exec(rest);
    if (!m) break;
    const body = m[1]!, suffix = m[2]!;
    // 沛县 and 单县 are one character before 县; elsewhere one character is a word (城市, 城区), not a place.
    if (body.length > 8 || NOT_A_PLACE.test(body) || (body.length < 2 && suffix !== '县')) break;
    out.push(body + suffix);
    rest = rest.slice(m[0].length);
  }
  return out;
}

export function agencyFacts(name: string): AgencyFacts {
  const divisions = divisionsOf(name);
  return {
    name,
    level: agencyLevel(name),
    region: divisions.length ? divisions.join('') : null,
    parentRegion: divisions.length > 1 ? divisions.slice(0, -1).join('') : null,
  };
}
