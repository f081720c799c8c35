// The write token: entered once, kept for this browser tab only (sessionStorage), sent with corrections.

const KEY = 'xxgk.token';

export const getToken = (): string | null => {
  try { return sessionStorage.getItem(KEY); } catch { return null; }
};

export const setToken = (token: string | null): void => {
  try {
    if (token) sessionStorage.setItem(KEY, token); else sessionStorage.removeItem(KEY);
  } catch { /* storage disabled: the token lives as long as the page */ }
};
