// Short prose for the six sections. Numbers appear only glued to their words (2023年, 收到申请12件) and agree with
// the tables, so a reader that checks prose against tables finds nothing, and no bare number can be taken for a
// table value. No paragraph contains an ordinal like 三、 or 1. in its middle: a wrapped line must never start
// with something that looks like a heading or a table label.

import type { Rng } from './random.js';
import type { ReportData, Section, SectionKey } from '../template/index.js';
import { SECTIONS } from '../template/index.js';

export interface ProseFacts {
  year: number;
  self: string;
  agency: string;
  received: number;
  reconsiderations: number;
  lawsuits: number;
}

/** Heading variants seen in real reports (template.md §7); the official wording is the most common. */
const HEADING_VARIANTS: Partial<Record<SectionKey, string[]>> = {
  appeals: ['四、因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
  problems: ['五、政府信息公开工作存在的主要问题及改进情况'],
};

export function makeSections(rng: Rng, facts: ProseFacts): ReportData['sections'] {
  const text: Record<SectionKey, string[]> = {
    overview: overview(rng, facts),
    activeDisclosure: rng.chance(0.3) ? [`${facts.year}年，${facts.self}主动公开政府信息情况如下。`] : [],
    requests: rng.chance(0.3) ? [requestsSentence(facts)] : [],
    appeals: rng.chance(0.3) ? [appealsSentence(facts)] : [],
    problems: problems(rng, facts),
    other: [rng.pick(['无其他需要报告的事项。', '本年度未收取信息处理费。', `${facts.self}无其他需要报告的事项。`])],
  };
  const sections = {} as Record<SectionKey, Section>;
  for (const def of SECTIONS) {
    const variants = HEADING_VARIANTS[def.key];
    const heading = variants && rng.chance(0.2) ? rng.pick(variants) : def.heading;
    sections[def.key] = { heading, text: text[def.key].join('\n') };
  }
  return sections;
}

/** The paragraph that opens most reports, between the title and 一、总体情况. */
export function introParagraph(agency: string, year: number): string {
  return `根据《中华人民共和国政府信息公开条例》要求，现公布${agency}${year}年度政府信息公开工作年度报告。` +
    `本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`;
}

function overview(rng: Rng, f: ProseFacts): string[] {
  const parts = [
    `${f.year}年，${f.self}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，不断提升政务公开质量。`,
    `（一）主动公开。${f.self}围绕中心工作，及时公开政策文件、财政预决算、重大建设项目等信息，做到应公开尽公开。`,
    `（二）依申请公开。畅通依申请公开渠道，规范受理、办理、答复流程，全年收到政府信息公开申请${f.received}件，均在法定期限内答复。`,
    `（三）政府信息管理。严格落实公开前保密审查制度，坚持先审查、后公开，动态调整主动公开基本目录。`,
    `（四）平台建设。${rng.pick(['持续优化政府网站信息公开专栏', '加强政务新媒体管理', '规范政府信息公开平台栏目设置'])}，确保信息发布及时、准确。`,
    `（五）监督保障。将政务公开工作纳入年度考核，定期开展自查，主动接受社会监督。`,
  ];
  return parts;
}

function requestsSentence(f: ProseFacts): string {
  return f.received === 0
    ? `${f.year}年，${f.self}未收到政府信息公开申请。`
    : `${f.year}年，${f.self}收到政府信息公开申请${f.received}件。`;
}

function appealsSentence(f: ProseFacts): string {
  if (f.reconsiderations === 0 && f.lawsuits === 0) return `${f.year}年，${f.self}未发生因政府信息公开引起的行政复议、行政诉讼案件。`;
  return `${f.year}年，${f.self}因政府信息公开被申请行政复议${f.reconsiderations}件，被提起行政诉讼${f.lawsuits}件。`;
}

function problems(rng: Rng, f: ProseFacts): string[] {
  return [
    `${f.year}年，${f.self}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容不够全面；二是工作人员业务能力有待提高。`,
    `下一步，${f.self}将${rng.pick(['加强业务培训，提升公开质量', '完善工作机制，规范公开流程', '拓宽公开渠道，增强公开实效'])}，推动政务公开工作再上新台阶。`,
  ];
}
