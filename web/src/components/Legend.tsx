import { useT } from '../lib/i18n.js';
import type { CellState } from '../lib/cells.js';

const STATES: CellState[] = ['fine', 'error', 'warning', 'blank', 'undecided'];

/** What the colours and marks of the cells mean (state is never shown by colour alone: each has its own mark). */
export function Legend({ counts }: { counts?: Partial<Record<CellState, number>> }) {
  const t = useT();
  return (
    <ul className="legend" aria-label={t('legend')}>
      {STATES.map((s) => (
        <li key={s}><span className={`swatch cell-${s}`} aria-hidden="true" />{t(`state_${s}`)}{counts?.[s] !== undefined ? ` ${counts[s]}` : ''}</li>
      ))}
    </ul>
  );
}
