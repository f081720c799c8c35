// @vitest-environment happy-dom
// Component tests of the web app: the official tables (layout from officialTables, cell states) and the live checks
// of 填报 (the rules of src/check run in the page while a person types).

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createElement as h } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { OfficialTable } from '../../web/src/components/OfficialTable.js';
import { AuthorPage } from '../../web/src/pages/Author.js';
import { I18nProvider } from '../../web/src/lib/i18n.js';
import { cellStates, cellsOfFinding } from '../../web/src/lib/cells.js';
import { parseCellText, newDraft, typeCell } from '../../web/src/lib/draft.js';
import { textWindow, resolvePath, passageOf, withoutHandlers } from '../../web/src/lib/passage.js';
import { officialTables, gridOf } from '../../src/render/layout.js';
import { check } from '../../src/check/index.js';
import { emptyReport, setCell, cellsOf } from '../../src/template/index.js';
import type { Finding, FormatId, ReportData } from '../../src/template/index.js';
import { generateReport } from '../../src/generate/index.js';

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(() => { cleanup(); localStorage.clear(); });

const withI18n = (el: ReturnType<typeof h>) => h(I18nProvider, { initial: 'zh', children: el });

describe('official tables', () => {
  for (const format of ['2019', '2021'] as FormatId[]) {
    it(`draws 表二/表三/表四 of format ${format} cell for cell as officialTables lays them out`, () => {
      const report = generateReport(7, { format, blanks: true });
      for (const table of officialTables(report)) {
        const { container, unmount } = render(withI18n(h(OfficialTable, { table, format })));
        const rows = container.querySelectorAll('table.official tbody tr');
        expect(rows.length).toBe(table.rows.length);
        table.rows.forEach((row, r) => {
          const cells = rows[r]!.querySelectorAll(':scope > th, :scope > td');
          expect(cells.length).toBe(row.cells.length);
          row.cells.forEach((cell, c) => {
            const el = cells[c] as HTMLTableCellElement;
            expect(el.tagName).toBe(cell.path ? 'TD' : 'TH');
            expect(el.rowSpan).toBe(cell.rowSpan);
            expect(el.colSpan).toBe(cell.colSpan);
            if (cell.path) {
              expect(el.dataset['path']).toBe(cell.path);
              expect(el.textContent?.trim()).toBe(cell.text);
            } else {
              expect(el.textContent).toBe(cell.text);
            }
          });
        });
        // every grid slot is covered exactly once (gridOf throws otherwise), and every value cell of the template is drawn
        gridOf(table);
        unmount();
      }
      const drawn = officialTables(report).flatMap((t) => t.rows.flatMap((r) => r.cells.filter((c) => c.path).map((c) => c.path)));
      expect(new Set(drawn)).toEqual(new Set(cellsOf(format).map((c) => c.path)));
    });
  }

  it('marks each cell fine, failing, blank or undecided', () => {
    const report = generateReport(11, { format: '2021' });
    setCell(report, 'requests.newReceived.naturalPerson', (report.requests['newReceived'] as Record<string, number>)['naturalPerson']! + 5);
    setCell(report, 'requests.granted.business', null);
    const undecided: Finding = {
      rule: 'X-ROW-UNDECIDED', severity: 'warning', paths: ['requests.partlyGranted.research'], message: '未能确定',
    };
    const findings = [...check(report), undecided];
    const states = cellStates(report, findings);
    expect(states.get('requests.newReceived.naturalPerson')).toBe('error');
    expect(states.get('requests.granted.business')).toBe('blank');
    expect(states.get('requests.partlyGranted.research')).toBe('undecided');
    expect(states.get('appeals.reconsideration.total')).toBe('fine');

    const table = officialTables(report).find((t) => t.table === 'requests')!;
    const { container } = render(withI18n(h(OfficialTable, { table, format: '2021', stateOf: (p: string) => states.get(p) ?? 'fine' })));
    const cell = (p: string) => container.querySelector(`td[data-path="${p}"]`) as HTMLElement;
    expect(cell('requests.newReceived.naturalPerson').dataset['state']).toBe('error');
    expect(cell('requests.newReceived.naturalPerson').className).toContain('cell-error');
    expect(cell('requests.granted.business').dataset['state']).toBe('blank');
    expect(cell('requests.partlyGranted.research').dataset['state']).toBe('undecided');
    expect(cell('requests.carriedOver.total').dataset['state']).toBe('fine');
    // a finding on a whole row links to every cell of the row
    const rowFinding: Finding = { rule: 'X-ROW-UNMATCHED', severity: 'warning', paths: ['requests.carriedOver'], message: '' };
    expect(cellsOfFinding(rowFinding, report)).toHaveLength(7);
  });

  it('a click on a value cell selects its path', () => {
    const report = generateReport(3, { format: '2019' });
    const table = officialTables(report).find((t) => t.table === 'appeals')!;
    let picked = '';
    render(withI18n(h(OfficialTable, { table, format: '2019', onSelect: (p: string) => { picked = p; } })));
    const button = screen.getAllByRole('button')[0]!;
    fireEvent.click(button);
    expect(picked).toBe('appeals.reconsideration.upheld');
  });

  it('report text is drawn as text, never as markup', () => {
    const report = emptyReport('2021') as ReportData;
    report.agency = '<script>window.__xss = 1</script>';
    const table = officialTables(report)[2]!;
    const { container } = render(withI18n(h('div', null, report.agency, h(OfficialTable, { table, format: '2021' }))));
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<script>window.__xss = 1</script>');
  });
});

describe('live checks of 填报', () => {
  const input = (path: string) => document.querySelector(`td[data-path="${path}"] input`) as HTMLInputElement;
  const cellState = (path: string) => (document.querySelector(`td[data-path="${path}"]`) as HTMLElement).dataset['state'];

  it('typing a value that breaks T3-BALANCE shows the finding at once, and fixing it removes it', async () => {
    render(withI18n(h(AuthorPage)));
    const live = () => document.querySelector('.live-findings') as HTMLElement;
    expect(within(live()).queryByText('T3-BALANCE')).toBeNull();
    // 自然人: 一、本年新收 5 + 二、上年结转 0 but （七）总计 3 + 四、结转下年度 0
    await act(async () => {
      fireEvent.change(input('requests.newReceived.naturalPerson'), { target: { value: '5' } });
      fireEvent.change(input('requests.carriedOver.naturalPerson'), { target: { value: '0' } });
      fireEvent.change(input('requests.resultTotal.naturalPerson'), { target: { value: '3' } });
      fireEvent.change(input('requests.carriedForward.naturalPerson'), { target: { value: '0' } });
    });
    const balance = within(live()).getAllByText('T3-BALANCE');
    expect(balance.length).toBeGreaterThan(0);
    expect(live().textContent).toContain('表三「自然人」列：一+二=5，（七）+四=3');
    expect(cellState('requests.newReceived.naturalPerson')).toBe('error');
    expect(cellState('requests.resultTotal.naturalPerson')).toBe('error');

    await act(async () => { fireEvent.change(input('requests.resultTotal.naturalPerson'), { target: { value: '5' } }); });
    expect(live().textContent).not.toContain('表三「自然人」列：一+二');
    expect(cellState('requests.newReceived.naturalPerson')).not.toBe('error');
  });

  it('a cell that is not a number is an error of its own', async () => {
    render(withI18n(h(AuthorPage)));
    await act(async () => { fireEvent.change(input('appeals.reconsideration.upheld'), { target: { value: '3x' } }); });
    expect(cellState('appeals.reconsideration.upheld')).toBe('error');
    expect(document.querySelector('.live-findings')!.textContent).toContain('「3x」不是数字');
  });

  it('parses typed cells: blanks, dashes, full-width digits, signs', () => {
    expect(parseCellText('')).toEqual({ ok: true, value: null });
    expect(parseCellText('—')).toEqual({ ok: true, value: null });
    expect(parseCellText('１２')).toEqual({ ok: true, value: 12 });
    expect(parseCellText('1,036')).toEqual({ ok: true, value: 1036 });
    expect(parseCellText('-8')).toEqual({ ok: true, value: -8 });
    expect(parseCellText('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseCellText('abc')).toEqual({ ok: false });
    const d = typeCell(newDraft('2021'), 'requests.newReceived.total', '7');
    expect((d.report.requests['newReceived'] as Record<string, number>)['total']).toBe(7);
  });
});

describe('source passages', () => {
  it('finds the printed number in its text line, nearest the column', () => {
    const lines = ['标题', '一、本年新收 5 0 0 0 0 0 5', '二、上年结转 0'];
    const w = textWindow(lines, 2, '5', 18);
    expect(w.target).toEqual({ line: 2, start: 19, end: 20 });
    expect(w.first).toBe(1);
  });

  it('resolves an HTML element path through tbody and shows the cell in its table', () => {
    const doc = new DOMParser().parseFromString(
      '<html><body><div><p>前言</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>42</td></tr></table></div></body></html>', 'text/html');
    const el = resolvePath(doc.body, 'body/div[1]/table[1]/tr[2]/td[2]');
    expect(el?.textContent).toBe('42');
    const p = passageOf(el!);
    expect(p.table?.rows[1]?.[1]).toMatchObject({ text: '42', target: true });
  });

  it('takes inline event handlers out of an original page before reading it', () => {
    expect(withoutHandlers('<td onclick="go(1)">5</td><img src=x onerror=alert(2) ONLOAD=\'x\'> onion=1'))
      .toBe('<td>5</td><img src=x> onion=1');
  });
});
