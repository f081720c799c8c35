import { useMemo } from 'react';
import { textLines, textWindow } from '../../lib/passage.js';
import { useOriginal } from './useOriginal.js';
import { Loaded } from '../Status.js';
import { useT } from '../../lib/i18n.js';

/** The lines of a text file around the cell's line, the line and its printed number highlighted. */
export function TextPassage({ id, line, raw, column }: { id: number; line: number; raw: string | null; column?: number }) {
  const original = useOriginal(id);
  return <Loaded state={original}>{(bytes) => <Lines bytes={bytes} line={line} raw={raw} column={column} />}</Loaded>;
}

function Lines({ bytes, line, raw, column }: { bytes: Uint8Array; line: number; raw: string | null; column?: number }) {
  const t = useT();
  const lines = useMemo(() => textLines(bytes), [bytes]);
  const w = textWindow(lines, line, raw, column);
  if (!w.target) return <p>{t('source_notFound')}</p>;
  return (
    <pre className="passage" aria-label={t('source_line', { l: line })}>
      {w.lines.map((text, i) => {
        const n = w.first + i;
        if (n !== w.target!.line) return <div key={n}><span className="ln">{n}</span>{text || ' '}</div>;
        const { start, end } = w.target!;
        return (
          <div key={n} className="target-line" data-line={n}>
            <span className="ln">{n}</span>{text.slice(0, start)}<mark className="source-hit">{text.slice(start, end)}</mark>{text.slice(end)}
          </div>
        );
      })}
    </pre>
  );
}
