// 上传: drop many files or whole folders (or pick them); each is uploaded on its own with its progress and its
// result — added, a duplicate of a stored report, or failed with the server's reason. Three at a time.

import { useRef, useState, type DragEvent } from 'react';
import { uploadFile, type UploadResult } from '../lib/api.js';
import { href } from '../lib/router.js';
import { useT } from '../lib/i18n.js';

interface Item { key: number; name: string; size: number; progress: number; result: UploadResult | null }

const PARALLEL = 3;
const SKIP = /(^|\/)(\.|~\$|thumbs\.db$)/i;

/** Every file of a drop, folders walked (webkitGetAsEntry), with its relative path as the name. */
async function filesOfDrop(e: DragEvent): Promise<File[]> {
  const entries = Array.from(e.dataTransfer.items).map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => !!x);
  if (!entries.length) return Array.from(e.dataTransfer.files);
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(prefix ? new File([file], `${prefix}${file.name}`, { type: file.type }) : file);
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}

export function UploadPage() {
  const t = useT();
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const next = useRef(0);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  const update = (key: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  const start = async (list: File[]) => {
    const chosen = list.filter((f) => !SKIP.test(f.webkitRelativePath || f.name));
    const queued = chosen.map((f) => ({ file: f, item: { key: next.current++, name: f.webkitRelativePath || f.name, size: f.size, progress: 0, result: null } }));
    setItems((xs) => [...queued.map((q) => q.item), ...xs]);
    let i = 0;
    const worker = async () => {
      while (i < queued.length) {
        const { file, item } = queued[i++]!;
        const result = await uploadFile(file, (p) => update(item.key, { progress: p }));
        update(item.key, { progress: 1, result });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queued.length) }, worker));
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void start(await filesOfDrop(e));
  };

  const done = items.filter((x) => x.result);
  const count = (s: UploadResult['status']) => done.filter((x) => x.result!.status === s).length;
  return (
    <div className="upload-page">
      <h1>{t('upload_title')}</h1>
      <div className={`dropzone${over ? ' over' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)} onDrop={onDrop}>
        <p>{t('upload_hint')}</p>
        <p className="buttons">
          <button type="button" onClick={() => files.current?.click()}>{t('upload_pick')}</button>
          <button type="button" onClick={() => folder.current?.click()}>{t('upload_pickDir')}</button>
        </p>
        <input ref={files} type="file" multiple hidden data-testid="file-input"
          accept=".pdf,.doc,.docx,.html,.htm,.txt,.md,.wps,application/pdf,text/html,text/plain"
          onChange={(e) => { void start(Array.from(e.target.files ?? [])); e.target.value = ''; }} />
        <input ref={folder} type="file" multiple hidden {...{ webkitdirectory: '' }}
          onChange={(e) => { void start(Array.from(e.target.files ?? [])); e.target.value = ''; }} />
      </div>
      {items.length > 0 && (
        <p role="status" className="upload-summary">
          {t('upload_summary', { n: items.length, added: count('added'), dup: count('duplicate'), failed: count('failed') })}
        </p>
      )}
      <ul className="upload-list">
        {items.map((x) => <UploadRow key={x.key} item={x} />)}
      </ul>
    </div>
  );
}

function UploadRow({ item }: { item: Item }) {
  const t = useT();
  const r = item.result;
  const status = !r ? (item.progress > 0 ? 'sending' : 'queued') : r.status;
  return (
    <li className={`upload-item up-${status}`} data-status={status}>
      <span className="name">{item.name}</span>
      <span className="size muted">{(item.size / 1024).toFixed(0)} KB</span>
      {!r && <progress max={1} value={item.progress} aria-label={item.name} />}
      <span className="result">
        {status === 'queued' && t('upload_queued')}
        {status === 'sending' && `${t('upload_sending')} ${Math.round(item.progress * 100)}%`}
        {r?.status === 'added' && <>{t('upload_added')} · <a href={href('reports', r.id)}>{t('upload_open')} #{r.id}</a></>}
        {r?.status === 'duplicate' && <>{t('upload_duplicate')} · <a href={href('reports', r.id)}>{t('upload_open')} #{r.id}</a></>}
        {r?.status === 'failed' && <>{t('upload_failed')}：<code>{r.error.code}</code> {r.error.message}</>}
      </span>
    </li>
  );
}
