// The two official formats of the 政府信息公开工作年度报告, as data. Everything else — the extractor, the checker,
// the renderers, the generator of test reports — reads these tables; supporting a third format means adding one.
// Labels are the printed ones of the official templates (国办公开办函〔2019〕60号 and 〔2021〕30号).

import type { FormatDef, SectionDef, RequestColumnDef, RequestRowDef, AppealGroupDef, AppealColumnDef } from './types.js';

export const SECTIONS: SectionDef[] = [
  { key: 'overview', numeral: '一', heading: '一、总体情况', keywords: ['总体情况'] },
  { key: 'activeDisclosure', numeral: '二', heading: '二、主动公开政府信息情况', keywords: ['主动公开'] },
  { key: 'requests', numeral: '三', heading: '三、收到和处理政府信息公开申请情况', keywords: ['收到和处理', '依申请公开', '收到和办理', '处理政府信息公开申请'] },
  { key: 'appeals', numeral: '四', heading: '四、政府信息公开行政复议、行政诉讼情况', keywords: ['行政复议', '行政诉讼'] },
  { key: 'problems', numeral: '五', heading: '五、存在的主要问题及改进情况', keywords: ['存在的主要问题', '主要问题', '改进情况', '存在问题'] },
  { key: 'other', numeral: '六', heading: '六、其他需要报告的事项', keywords: ['其他需要报告', '其他需要说明'] },
];

export const REQUEST_COLUMNS: RequestColumnDef[] = [
  { key: 'naturalPerson', label: '自然人', aliases: [] },
  { key: 'business', label: '商业企业', aliases: [] },
  { key: 'research', label: '科研机构', aliases: [] },
  { key: 'nonprofit', label: '社会公益组织', aliases: [] },
  { key: 'legalService', label: '法律服务机构', aliases: [] },
  { key: 'otherOrg', label: '其他', aliases: ['其他组织'] },
  { key: 'total', label: '总计', aliases: ['合计'] },
];

// `match` holds distinctive fragments of each label, checked after whitespace is removed and brackets unified.
// They are chosen to survive the damage seen in real reports: labels cut across lines (2.其他法律行政法 / 规禁止公开)
// and typos (2.其他法律行政止公开). `item` + `group` let a label be recognised by its number alone.
const DENIED = { key: 'denied', label: '（三）不予公开', numeral: '三', match: ['不予公开'] } as const;
const UNAVAILABLE = { key: 'unavailable', label: '（四）无法提供', numeral: '四', match: ['无法提供'] } as const;
const NOT_PROCESSED = { key: 'notProcessed', label: '（五）不予处理', numeral: '五', match: ['不予处理'] } as const;
const OTHER_HANDLING = { key: 'otherHandling', label: '（六）其他处理', numeral: '六', match: ['其他处理'] } as const;

const REQUEST_ROWS_COMMON_HEAD: RequestRowDef[] = [
  { path: 'newReceived', label: '一、本年新收政府信息公开申请数量', short: '一、本年新收', match: ['本年新收'] },
  { path: 'carriedOver', label: '二、上年结转政府信息公开申请数量', short: '二、上年结转', match: ['上年结转'] },
  { path: 'granted', label: '（一）予以公开', short: '（一）予以公开', match: ['予以公开'] },
  { path: 'partlyGranted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', short: '（二）部分公开', match: ['部分公开'] },
  { path: 'denied.stateSecret', label: '1.属于国家秘密', short: '（三）1.国家秘密', group: DENIED, item: 1, match: ['国家秘密'] },
  { path: 'denied.lawProhibited', label: '2.其他法律行政法规禁止公开', short: '（三）2.法律行政法规禁止', group: DENIED, item: 2, match: ['其他法律行政', '法规禁止公开', '禁止公开'] },
  { path: 'denied.threeSecurity', label: '3.危及“三安全一稳定”', short: '（三）3.危及三安全一稳定', group: DENIED, item: 3, match: ['三安全', '一稳定'] },
  { path: 'denied.thirdParty', label: '4.保护第三方合法权益', short: '（三）4.保护第三方', group: DENIED, item: 4, match: ['第三方'] },
  { path: 'denied.internalAffairs', label: '5.属于三类内部事务信息', short: '（三）5.内部事务', group: DENIED, item: 5, match: ['内部事务'] },
  { path: 'denied.processInfo', label: '6.属于四类过程性信息', short: '（三）6.过程性信息', group: DENIED, item: 6, match: ['过程性'] },
  { path: 'denied.enforcementFile', label: '7.属于行政执法案卷', short: '（三）7.行政执法案卷', group: DENIED, item: 7, match: ['执法案卷'] },
  { path: 'denied.queryMatter', label: '8.属于行政查询事项', short: '（三）8.行政查询事项', group: DENIED, item: 8, match: ['查询事项'] },
  { path: 'unavailable.notHeld', label: '1.本机关不掌握相关政府信息', short: '（四）1.不掌握', group: UNAVAILABLE, item: 1, match: ['不掌握'] },
  { path: 'unavailable.needsCreation', label: '2.没有现成信息需要另行制作', short: '（四）2.另行制作', group: UNAVAILABLE, item: 2, match: ['另行制作', '没有现成'] },
  { path: 'unavailable.unclear', label: '3.补正后申请内容仍不明确', short: '（四）3.仍不明确', group: UNAVAILABLE, item: 3, match: ['仍不明确', '补正后申请'] },
  { path: 'notProcessed.complaint', label: '1.信访举报投诉类申请', short: '（五）1.信访举报投诉', group: NOT_PROCESSED, item: 1, match: ['信访', '举报投诉'] },
  { path: 'notProcessed.repeated', label: '2.重复申请', short: '（五）2.重复申请', group: NOT_PROCESSED, item: 2, match: ['重复申请'] },
  { path: 'notProcessed.publication', label: '3.要求提供公开出版物', short: '（五）3.公开出版物', group: NOT_PROCESSED, item: 3, match: ['出版物'] },
  { path: 'notProcessed.excessive', label: '4.无正当理由大量反复申请', short: '（五）4.大量反复申请', group: NOT_PROCESSED, item: 4, match: ['大量反复'] },
  { path: 'notProcessed.confirmation', label: '5.要求行政机关确认或重新出具已获取信息', short: '（五）5.确认或重新出具', group: NOT_PROCESSED, item: 5, match: ['重新出具', '行政机关确认', '已获取信息'] },
];

const REQUEST_ROWS_COMMON_TAIL: RequestRowDef[] = [
  { path: 'resultTotal', label: '（七）总计', short: '（七）总计', match: ['（七）总计', '（七）合计', '（七）'] },
  { path: 'carriedForward', label: '四、结转下年度继续办理', short: '四、结转下年度', match: ['结转下年'] },
];

/** A （三）不予公开 row printed with its own values (seed 004): not in the template, kept and checked when present. */
export const DENIED_SUBTOTAL_ROW: RequestRowDef = {
  path: 'deniedSubtotal', label: '（三）不予公开', short: '（三）不予公开（小计）', match: ['不予公开'], optional: true,
};

export const APPEAL_COLUMNS: AppealColumnDef[] = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
];

export const APPEAL_GROUPS: AppealGroupDef[] = [
  { key: 'reconsideration', label: '行政复议' },
  { key: 'litigationDirect', label: '未经复议直接起诉', parent: '行政诉讼' },
  { key: 'litigationAfterReconsideration', label: '复议后起诉', parent: '行政诉讼' },
];

const REQUEST_TOP_LEFT = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export const FORMAT_2019: FormatDef = {
  id: '2019',
  name: '政府信息公开工作年度报告格式（试行）',
  document: '国办公开办函〔2019〕60号',
  markers: {
    strong: ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购总金额', '采购项目数量', '政府集中采购'],
    weak: ['第二十条第（九）项', '其他对外管理服务事项'],
  },
  active: [
    {
      item: '（一）', caption: '第二十条第（一）项',
      columns: [
        { key: 'made', label: '本年新制作数量', kind: 'count' },
        { key: 'published', label: '本年新公开数量', kind: 'count' },
        { key: 'total', label: '对外公开总数量', kind: 'count' },
      ],
      rows: [
        { key: 'regulations', label: '规章', match: ['规章'] },
        { key: 'normativeDocs', label: '规范性文件', match: ['规范性文件'] },
      ],
    },
    {
      item: '（五）', caption: '第二十条第（五）项',
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
        { key: 'decisions', label: '处理决定数量', kind: 'count' },
      ],
      rows: [
        { key: 'licensing', label: '行政许可', match: ['行政许可'] },
        { key: 'otherServices', label: '其他对外管理服务事项', match: ['其他对外管理', '对外管理服务'] },
      ],
    },
    {
      item: '（六）', caption: '第二十条第（六）项',
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
        { key: 'decisions', label: '处理决定数量', kind: 'count' },
      ],
      rows: [
        { key: 'penalties', label: '行政处罚', match: ['行政处罚'] },
        { key: 'coercion', label: '行政强制', match: ['行政强制'] },
      ],
    },
    {
      item: '（八）', caption: '第二十条第（八）项',
      columns: [
        { key: 'previous', label: '上一年项目数量', kind: 'count' },
        { key: 'change', label: '本年增/减', kind: 'signed' },
      ],
      rows: [{ key: 'fees', label: '行政事业性收费', match: ['行政事业性收费', '事业性收费'] }],
    },
    {
      item: '（九）', caption: '第二十条第（九）项',
      columns: [
        { key: 'projects', label: '采购项目数量', kind: 'count' },
        { key: 'amount', label: '采购总金额', kind: 'amount' },
      ],
      rows: [{ key: 'procurement', label: '政府集中采购', match: ['集中采购'] }],
      amountUnit: { cell: 'amount', printed: null },
    },
  ],
  requests: {
    topLeft: REQUEST_TOP_LEFT,
    columns: REQUEST_COLUMNS,
    rows: [
      ...REQUEST_ROWS_COMMON_HEAD,
      { path: 'otherHandling', label: '（六）其他处理', short: '（六）其他处理', match: ['其他处理'] },
      ...REQUEST_ROWS_COMMON_TAIL,
    ],
  },
  appeals: { groups: APPEAL_GROUPS, columns: APPEAL_COLUMNS },
};

export const FORMAT_2021: FormatDef = {
  id: '2021',
  name: '中华人民共和国政府信息公开工作年度报告格式',
  document: '国办公开办函〔2021〕30号',
  markers: {
    strong: ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额'],
    weak: ['本年处理决定数量', '逾期不补正', '缴纳费用', '行政规范性文件'],
  },
  active: [
    {
      item: '（一）', caption: '第二十条第（一）项',
      columns: [
        { key: 'issued', label: '本年制发件数', kind: 'count' },
        { key: 'repealed', label: '本年废止件数', kind: 'count' },
        { key: 'inForce', label: '现行有效件数', kind: 'count' },
      ],
      rows: [
        { key: 'regulations', label: '规章', match: ['规章'] },
        { key: 'normativeDocs', label: '行政规范性文件', match: ['规范性文件'] },
      ],
    },
    {
      item: '（五）', caption: '第二十条第（五）项',
      columns: [{ key: 'decisions', label: '本年处理决定数量', kind: 'count' }],
      rows: [{ key: 'licensing', label: '行政许可', match: ['行政许可'] }],
    },
    {
      item: '（六）', caption: '第二十条第（六）项',
      columns: [{ key: 'decisions', label: '本年处理决定数量', kind: 'count' }],
      rows: [
        { key: 'penalties', label: '行政处罚', match: ['行政处罚'] },
        { key: 'coercion', label: '行政强制', match: ['行政强制'] },
      ],
    },
    {
      item: '（八）', caption: '第二十条第（八）项',
      columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', kind: 'amount' }],
      rows: [{ key: 'fees', label: '行政事业性收费', match: ['行政事业性收费', '事业性收费'] }],
      amountUnit: { cell: 'amount', printed: '万元' },
    },
  ],
  requests: {
    topLeft: REQUEST_TOP_LEFT,
    columns: REQUEST_COLUMNS,
    rows: [
      ...REQUEST_ROWS_COMMON_HEAD,
      { path: 'otherHandling.noCorrection', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', short: '（六）1.逾期不补正', group: OTHER_HANDLING, item: 1, match: ['逾期不补正', '不补正'] },
      { path: 'otherHandling.unpaidFee', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', short: '（六）2.逾期未缴费', group: OTHER_HANDLING, item: 2, match: ['缴纳费用', '收费通知'] },
      { path: 'otherHandling.other', label: '3.其他', short: '（六）3.其他', group: OTHER_HANDLING, item: 3, match: [] },
      ...REQUEST_ROWS_COMMON_TAIL,
    ],
  },
  appeals: { groups: APPEAL_GROUPS, columns: APPEAL_COLUMNS },
};

export const FORMATS: Record<'2019' | '2021', FormatDef> = { '2019': FORMAT_2019, '2021': FORMAT_2021 };

/** Units a money cell may print, folded to the unit name stored in `amountUnit`. */
export const AMOUNT_UNITS: Record<string, string> = { '万元': '万元', '万': '万元', '元': '元', '亿元': '亿元' };

/** Levels of government bodies, recognised from the end of their names (first match wins). */
export const AGENCY_LEVELS = [
  { level: 'township', label: '乡镇、街道', pattern: /(镇|乡|街道|苏木|街道办事处)(人民政府|政府|办事处)?$/ },
  { level: 'department', label: '部门', pattern: /(局|委员会|委|办公室|办|厅|中心|院|署|所|站|队|馆|部)$/ },
  { level: 'province', label: '省级', pattern: /(省|自治区|北京市|天津市|上海市|重庆市)(人民政府|政府)$/ },
  { level: 'city', label: '市级', pattern: /(市|州|盟)(人民政府|政府)$/ },
  { level: 'county', label: '县级', pattern: /(县|区|旗)(人民政府|政府)$/ },
] as const;

/** Deadlines of 条例 第四十九条 (month-day in the year after the report's year), by level; townships have none. */
export const DEADLINES: Record<string, string | undefined> = {
  department: '01-31', county: '03-31', city: '03-31', province: '03-31', township: undefined,
};

/** Money amounts larger than this, in 万元, do not fit a body of this level (a township's 135630 "万元" is 13.6 亿). */
export const AMOUNT_LIMIT_WAN: Record<string, number> = {
  township: 5_000, county: 500_000, department: 500_000, city: 5_000_000, province: 50_000_000,
};

/** Year from which the 2021 format is due. */
export const FORMAT_2021_FROM_YEAR = 2021;
