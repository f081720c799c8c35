// One of 表二/表三/表四 drawn in the official layout (rows, merges and labels from officialTables of src/render),
// each value cell marked with its state. Read-only cells are buttons (click or Enter shows the source); in a form
// they are inputs.

import type { ReactNode } from 'react';
import type { RenderCell, RenderTable } from '../lib/core.js';
import { cellDef } from '../lib/core.js';
import type { CellState } from '../lib/cells.js';
import { useT } from '../lib/i18n.js';

export const TABLE_NAMES = { active: '表二', requests: '表三', appeals: '表四' } as const;

export interface CellInput {
  value(path: string): string;
  onChange(path: string, text: string): void;
}

export interface OfficialTableProps {
  table: RenderTable;
  format: '2019' | '2021';
  stateOf?: (path: string) => CellState;
  selected?: string | null;
  onSelect?: (path: string) => void;
  /** paths to ring (the cells of the finding a person picked) */
  highlighted?: ReadonlySet<string>;
  input?: CellInput;
  /** what to draw inside a value cell instead of its printed value (compare) */
  renderValue?: (cell: RenderCell) => ReactNode;
  /** extra class of a value cell (compare: changed) */
  classOf?: (path: string) => string | undefined;
  derivedOf?: (path: string) => boolean;
}

export function OfficialTable(props: OfficialTableProps) {
  const { table } = props;
  const t = useT();
  return (
    <div className={`table-scroll table-${table.table}`} role="region" aria-label={TABLE_NAMES[table.table]} tabIndex={0}>
      <table className="official" data-table={table.table}>
        <caption>{TABLE_NAMES[table.table]}</caption>
        <colgroup>
          {table.columnWeights.map((w, i) => <col key={i} style={{ width: `${(100 * w) / sum(table.columnWeights)}%` }} />)}
        </colgroup>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} className={`row-${row.kind}`}>
              {row.cells.map((cell, c) => cell.path
                ? <ValueCell key={c} cell={cell} {...props} stateLabel={(s) => t(`state_${s}`)} />
                : <th key={c} rowSpan={cell.rowSpan} colSpan={cell.colSpan} scope={row.kind === 'data' ? 'row' : 'col'}
                    className={row.kind === 'caption' ? 'subcaption' : undefined}>{cell.text}</th>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function ValueCell(props: OfficialTableProps & { cell: RenderCell; stateLabel(s: CellState): string }) {
  const { cell, stateOf, selected, onSelect, input, highlighted, renderValue, classOf, derivedOf, format } = props;
  const path = cell.path!;
  const state = stateOf?.(path) ?? 'fine';
  const label = cellDef(format, path)?.label ?? path;
  const classes = ['cell', `cell-${state}`, selected === path ? 'selected' : '', highlighted?.has(path) ? 'highlighted' : '',
    derivedOf?.(path) ? 'derived' : '', classOf?.(path) ?? ''].filter(Boolean).join(' ');
  const span = { rowSpan: cell.rowSpan, colSpan: cell.colSpan };
  if (input) {
    return (
      <td {...span} className={classes} data-path={path} data-state={state}>
        <input value={input.value(path)} inputMode="decimal" aria-label={label} aria-invalid={state === 'error'}
          onChange={(e) => input.onChange(path, e.target.value)} />
      </td>
    );
  }
  const shown = renderValue ? renderValue(cell) : cell.text;
  return (
    <td {...span} className={classes} data-path={path} data-state={state}>
      <button type="button" onClick={() => onSelect?.(path)} aria-pressed={selected === path}
        aria-label={`${label}：${cell.text || '空白'}（${props.stateLabel(state)}）`} title={label}>
        {shown === '' ? '\u00a0' : shown}
      </button>
    </td>
  );
}
