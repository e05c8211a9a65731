/**
 * The API token (RMLENS_TOKEN) a user typed into a page: kept for the browser tab only
 * (sessionStorage), so it is not left behind on a shared machine, and shared by both pages.
 */
const KEY = 'rmlens-token';

export function readToken(): string {
  return sessionStorage.getItem(KEY) ?? '';
}

export function writeToken(token: string): void {
  if (token === '') sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}

/** The Authorization header for the stored token, or none. */
export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token === '' ? {} : { authorization: `Bearer ${token}` };
}
