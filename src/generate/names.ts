// Plausible reporting bodies, titles and dates. The names are made up from common place-name parts; what matters
// is that they end the way real bodies do (镇人民政府, 街道办事处, 局, 委员会, 县人民政府), since the checker reads
// the level of government from the ending.

import type { Rng } from './random.js';
import { DEADLINES } from '../template/index.js';

export type AgencyLevel = 'township' | 'department' | 'county' | 'city';

export interface Agency {
  name: string;
  level: AgencyLevel;
  /** how the body calls itself in prose: 我镇, 我局, 本机关 */
  self: string;
}

const COUNTIES = ['宝清县', '临泉县', '安化县', '青田县', '武功县', '平江县', '巴东县', '偃师区', '雨城区', '双流区', '西峡县', '南漳县', '桐庐县', '永嘉县', '金寨县', '沭阳县', '通许县', '城固县'];
const CITIES = ['洛阳市', '荆州市', '绵阳市', '赣州市', '宜宾市', '常德市', '遵义市', '湖州市', '德州市', '南阳市', '汉中市', '衡水市'];
const TOWNS = ['小城子镇', '五峰镇', '缑氏镇', '小峡镇', '青山镇', '河口乡', '城关镇', '石桥镇', '龙泉镇', '白沙乡', '黄龙镇', '清水镇', '双河乡', '马坊镇'];
const STREETS = ['东关街道办事处', '新华街道办事处', '北城街道办事处', '南湖街道办事处', '西园街道办事处'];
const DEPARTMENTS: Array<[string, string]> = [
  ['财政局', '我局'], ['生态环境局', '我局'], ['住房和城乡建设局', '我局'], ['自然资源和规划局', '我局'],
  ['市场监督管理局', '我局'], ['教育局', '我局'], ['卫生健康委员会', '我委'], ['交通运输局', '我局'],
  ['民政局', '我局'], ['人力资源和社会保障局', '我局'], ['农业农村局', '我局'], ['水利局', '我局'],
  ['应急管理局', '我局'], ['统计局', '我局'], ['发展和改革委员会', '我委'], ['人民政府办公室', '我办'],
];

export function pickAgency(rng: Rng): Agency {
  const kind = rng.pick(['township', 'township', 'street', 'countyDept', 'cityDept', 'county', 'city'] as const);
  switch (kind) {
    case 'township': {
      const town = rng.pick(TOWNS);
      const prefix = rng.chance(0.6) ? rng.pick(COUNTIES) : '';
      return { name: `${prefix}${town}人民政府`, level: 'township', self: town.endsWith('乡') ? '我乡' : '我镇' };
    }
    case 'street':
      return { name: `${rng.pick(COUNTIES)}${rng.pick(STREETS)}`, level: 'township', self: '我街道' };
    case 'countyDept': {
      const [dept, self] = rng.pick(DEPARTMENTS);
      return { name: `${rng.pick(COUNTIES)}${dept}`, level: 'department', self };
    }
    case 'cityDept': {
      const [dept, self] = rng.pick(DEPARTMENTS);
      return { name: `${rng.pick(CITIES)}${dept}`, level: 'department', self };
    }
    case 'county': {
      const county = rng.pick(COUNTIES);
      return { name: `${county}人民政府`, level: 'county', self: county.endsWith('区') ? '我区' : '我县' };
    }
    case 'city':
      return { name: `${rng.pick(CITIES)}人民政府`, level: 'city', self: '我市' };
  }
}

export function makeTitle(rng: Rng, agency: string, year: number): string {
  return rng.pick([
    `${agency}${year}年政府信息公开工作年度报告`,
    `${agency}${year}年度政府信息公开工作年度报告`,
    `${agency}${year}年政府信息公开年度报告`,
  ]);
}

/** A publication date in the following year, before the deadline of 条例 第四十九条 for the body's level. */
export function makePublishedOn(rng: Rng, level: AgencyLevel, year: number): string {
  const deadline = DEADLINES[level] ?? '02-28';
  const lastMonth = Number(deadline.slice(0, 2));
  const month = rng.int(1, lastMonth);
  const day = rng.int(month === 1 ? 5 : 1, month === lastMonth ? Number(deadline.slice(3)) : 28);
  return `${year + 1}-${pad2(month)}-${pad2(day)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
