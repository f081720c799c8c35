import { useEffect, useRef } from 'react';
import { docxPassage, htmlPassage, type Passage } from '../../lib/passage.js';
import { originalOf } from './useOriginal.js';
import { useAsync } from '../../lib/useAsync.js';
import { Loaded } from '../Status.js';
import { useT } from '../../lib/i18n.js';

/** An HTML page's or Word document's passage at an element path: its table (the cell highlighted) or its paragraph. */
export function ElementPassage({ id, kind, path }: { id: number; kind: 'html' | 'docx'; path: string }) {
  const state = useAsync(async () => {
    const bytes = await originalOf(id);
    return kind === 'html' ? htmlPassage(bytes, path) : docxPassage(bytes, path);
  }, [id, kind, path]);
  return <Loaded state={state}>{(p) => <PassageView passage={p} path={path} />}</Loaded>;
}

function PassageView({ passage, path }: { passage: Passage | null; path: string }) {
  const t = useT();
  const hit = useRef<HTMLElement>(null);
  useEffect(() => { hit.current?.scrollIntoView({ block: 'nearest', inline: 'center' }); }, [passage]);
  if (!passage) return <p>{t('source_notFound')}</p>;
  return (
    <div className="passage element-passage">
      <p className="element-path"><code>{path}</code></p>
      {passage.table ? (
        <div className="table-scroll">
          <table className="original-table">
            <tbody>
              {passage.table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i} rowSpan={c.rowSpan} colSpan={c.colSpan} className={c.target ? 'source-hit' : undefined}
                      ref={c.target ? (el) => { hit.current = el; } : undefined}>{c.text}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div>
          {passage.before.map((s, i) => <p key={`b${i}`} className="context">{s}</p>)}
          <p><mark className="source-hit" ref={(el) => { hit.current = el; }}>{passage.target}</mark></p>
          {passage.after.map((s, i) => <p key={`a${i}`} className="context">{s}</p>)}
        </div>
      )}
    </div>
  );
}
