// Correct one cell: a new value and a reason. The server makes a new version; the old value stays in the old one.
// The write token is asked for once and kept in sessionStorage for this tab.

import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.js';
import { getToken, setToken } from '../lib/token.js';
import { useT } from '../lib/i18n.js';

export function CorrectionForm({ reportId, path, current, onDone }: {
  reportId: number;
  path: string;
  current: string;
  onDone(version: number): void;
}) {
  const t = useT();
  const [value, setValue] = useState(current);
  const [why, setWhy] = useState('');
  const [who, setWho] = useState(() => localStorage.getItem('xxgk.who') ?? '');
  const [token, setTokenInput] = useState(() => getToken() ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = value.trim();
    const number = trimmed === '' ? null : Number(trimmed);
    if (number !== null && !Number.isFinite(number)) return setMessage({ ok: false, text: t('correct_badValue') });
    if (!why.trim()) return setMessage({ ok: false, text: t('correct_needWhy') });
    setBusy(true);
    setMessage(null);
    try {
      const res = await api.correct(reportId, { path, value: number, why: why.trim(), ...(who.trim() ? { who: who.trim() } : {}) }, token.trim());
      setToken(token.trim());
      try { localStorage.setItem('xxgk.who', who.trim()); } catch { /* ignore */ }
      setMessage({ ok: true, text: t('correct_done', { v: res.version, o: res.version - 1 }) });
      onDone(res.version);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setToken(null);
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="correction" onSubmit={submit} aria-labelledby="correct-title">
      <h4 id="correct-title">{t('correct_title')}</h4>
      <label>{t('correct_value')}<input name="value" value={value} inputMode="decimal" onChange={(e) => setValue(e.target.value)} /></label>
      <label>{t('correct_why')}<input name="why" value={why} required onChange={(e) => setWhy(e.target.value)} /></label>
      <label>{t('correct_who')}<input name="who" value={who} autoComplete="name" onChange={(e) => setWho(e.target.value)} /></label>
      {!getToken() && (
        <label>{t('correct_token')}<input name="token" type="password" value={token} autoComplete="off" onChange={(e) => setTokenInput(e.target.value)} /></label>
      )}
      <button type="submit" disabled={busy}>{t('correct_submit')}</button>
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok-note' : 'error-note'}>{message.text}</p>}
    </form>
  );
}
