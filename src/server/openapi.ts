// GET /api/openapi.json: the OpenAPI 3.1 document, generated from ROUTES (contract.ts) so that it cannot drift from
// what the server routes. The report schema is the contract's zod schema as JSON Schema (2020-12, as 3.1 uses).

import { z } from 'zod';
import { REPORT_SCHEMA } from '../template/schema.js';
import { VERSION } from '../version.js';
import { ROUTES, type RouteDef } from './contract.js';
import { CONTENT_TYPES } from './http.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const int: Schema = { type: 'integer' };
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const obj = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema =>
  ({ type: 'object', properties, required });

const FINDING = obj({
  rule: str(), severity: { enum: ['error', 'warning', 'info'] }, paths: { type: 'array', items: str() }, message: str(),
  evidence: { type: 'object' },
}, ['rule', 'severity', 'paths', 'message']);

const LIST_ITEM = obj({
  id: int, agency: nullable('string'), level: nullable('string'), region: nullable('string'), year: nullable('integer'),
  format: { enum: ['2019', '2021'] }, title: nullable('string'), publishedOn: nullable('string'), errors: int, warnings: int, version: int,
});

function schemas(): Record<string, Schema> {
  return {
    Error: obj({ error: obj({ code: str(), message: str('中文 / English'), problems: { type: 'array', items: str() } }, ['code', 'message']) }),
    Health: obj({ ok: { const: true }, version: str(), engine: { enum: ['pglite', 'postgres'] }, reports: int, agencies: int, failures: int }),
    UploadResult: {
      oneOf: [
        obj({ file: str(), status: { enum: ['added', 'duplicate'] }, id: int }),
        obj({ file: str(), status: { const: 'failed' }, error: obj({ code: str(), message: str() }) }),
      ],
    },
    ReportListItem: LIST_ITEM,
    ReportList: obj({ total: int, items: { type: 'array', items: ref('ReportListItem') } }),
    ReportData: z.toJSONSchema(REPORT_SCHEMA, { unrepresentable: 'any' }) as Schema,
    ParsedReport: {
      allOf: [ref('ReportData')],
      description: 'the data contract plus sources (by cell path), findings and file',
      properties: { sources: { type: 'object', additionalProperties: { type: 'object' } }, findings: { type: 'array', items: ref('Finding') }, file: str() },
    },
    ReportDetail: obj({
      id: int,
      agency: { oneOf: [{ type: 'null' }, obj({ id: int, name: str(), level: nullable('string'), region: nullable('string') })] },
      version: int, currentVersion: int,
      original: obj({ hash: str('sha256'), name: str(), kind: str(), size: int }),
      report: ref('ParsedReport'), errors: int, warnings: int, parserVersion: str(), createdAt: str(),
    }),
    Finding: FINDING,
    VersionInfo: obj({
      version: int, kind: { enum: ['parse', 'correction', 'reparse'] }, parserVersion: str(), who: str(), why: nullable('string'),
      path: nullable('string'), oldValue: nullable('number'), newValue: nullable('number'), errorCount: int, warningCount: int,
      createdAt: str(), current: { type: 'boolean' },
    }),
    CorrectionRequest: obj({ path: str('cell path, e.g. requests.newReceived.total'), value: nullable('number'), why: str(), who: str() }, ['path', 'value', 'why']),
    CorrectionResponse: obj({
      id: int, version: int, findings: { type: 'array', items: ref('Finding') }, path: str(), oldValue: nullable('number'),
      newValue: nullable('number'), errorCount: int, warningCount: int,
    }),
    PreviousYear: obj({ id: int, year: nullable('integer'), previous: { oneOf: [{ type: 'null' }, ref('ReportListItem')] }, findings: { type: 'array', items: ref('Finding') } }),
    CompiledReport: {
      allOf: [ref('ReportData')],
      description: 'the sum of the selected reports, shaped like a report, with reportCount, formats, missing, failed, duplicates, problems, blanks, partial, extraActive, excluded, notes (src/compile/README.md)',
      properties: { reportCount: int, missing: { type: 'array', items: str() }, notes: { type: 'array', items: str() } },
    },
    Comparison: {
      type: 'object', description: 'src/compare: meta, cells (status same|changed|filled|blanked|onlyA|onlyB), summary, sections, crossYear, ids',
      properties: { ids: { type: 'object' }, meta: { type: 'array' }, cells: { type: 'array' }, summary: { type: 'object' }, sections: { type: 'array' }, crossYear: {} },
    },
    Dashboard: {
      type: 'object', description: 'figures for the charts; sums of printed numbers',
      properties: { reports: int, byYear: { type: 'array' }, outcomes: { type: 'array' }, appeals: { type: 'object' }, topErrors: { type: 'array' }, missing: { type: 'object' } },
    },
    TemplateInfo: {
      type: 'object',
      properties: { format: str(), sections: { type: 'array' }, cells: { type: 'array' }, equations: { type: 'array' }, tables: { type: 'array' }, rules: { type: 'array' }, empty: ref('ReportData') },
    },
    OpenAPI: { type: 'object' },
  };
}

const FILE_TYPES: Record<string, string> = {
  json: CONTENT_TYPES.json, csv: CONTENT_TYPES.csv, xlsx: CONTENT_TYPES.xlsx, docx: CONTENT_TYPES.docx, html: CONTENT_TYPES.html,
};

/** The response content of a route, from its `response` name. */
function responseContent(r: RouteDef): Record<string, { schema: Schema }> {
  const binary = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };
  const files = (formats: string[]) => Object.fromEntries(formats.map((f) => [FILE_TYPES[f]!, binary]));
  const formats = /json\|csv\|xlsx\|docx\|html|json\|csv\|xlsx|docx\|html/.exec(Object.values(r.query ?? {}).join(' '))?.[0]?.split('|') ?? [];
  const names = r.response.split('|').map((s) => s.trim());
  const content: Record<string, { schema: Schema }> = {};
  for (const name of names) {
    if (name === 'bytes') Object.assign(content, { 'application/octet-stream': binary });
    else if (name === 'file') Object.assign(content, files(formats.filter((f) => !names.includes('CompiledReport') || f !== 'json')));
    else if (name.endsWith('[]')) content['application/json'] = { schema: { type: 'array', items: ref(name.slice(0, -2)) } };
    else content['application/json'] = { schema: ref(name) };
  }
  return content;
}

function requestBody(r: RouteDef): Schema | undefined {
  if (!r.body) return undefined;
  if (r.body.startsWith('multipart/form-data')) {
    return {
      required: true,
      content: { 'multipart/form-data': { schema: obj({ files: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } } }) } },
    };
  }
  return { required: true, content: { 'application/json': { schema: ref(r.body) } } };
}

const ERRORS: Record<string, string> = {
  '400': '请求无效 / bad request', '401': '需要令牌 / token needed', '404': '找不到 / not found', '409': '没有变化 / no change',
  '413': '上传过大 / upload too large', '415': '请求体类型不支持 / unsupported media type', '422': '文件无法读取 / unreadable',
  '500': '服务器错误 / server error',
};

function errorsOf(r: RouteDef): string[] {
  const codes = ['400', '500'];
  if (r.path.includes(':')) codes.push('404');
  if (r.auth) codes.push('401', '409');
  if (r.body) codes.push('415');
  if (r.body?.startsWith('multipart')) codes.push('413');
  return codes.sort();
}

export function openApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const r of ROUTES) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1], in: 'path', required: true, schema: m[1] === 'format' ? { enum: ['2019', '2021'] } : { type: 'integer', minimum: 1 },
    }));
    const queryParams = Object.entries(r.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }));
    const body = requestBody(r);
    const errors = Object.fromEntries(errorsOf(r).map((code) => [code, { description: ERRORS[code], content: { 'application/json': { schema: ref('Error') } } }]));
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      operationId: `${r.method.toLowerCase()}${path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9_]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: r.summary,
      ...(pathParams.length || queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
      ...(body ? { requestBody: body } : {}),
      ...(r.auth ? { security: [{ bearer: [] }] } : {}),
      responses: { '200': { description: 'OK', content: responseContent(r) }, ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'xxgk API',
      version: VERSION,
      description: '政府信息公开工作年度报告 → 经过核对的数据。读取开放；更正单元格需要令牌（Authorization: Bearer）。/ Annual reports on government information disclosure as checked data. Reading is open; corrections need a bearer token.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: schemas(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
