// The caller's JWT or API key on the gateway's pages (the IDE, /compare): kept in this tab's
// sessionStorage only, never in localStorage or a cookie, and sent as Authorization: Bearer with every
// data request. sessionStorage is per tab and per origin: moving between the two pages keeps it.

const STORAGE_KEY = 'bkn-gateway-credential';

/** Where storage is switched off, the credential lasts until the page is left. */
let inMemory = '';

export function readCredential() {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return inMemory;
  }
}

/** Keeps the pasted value ("Bearer " in front is dropped); an empty value forgets it. Returns what is kept. */
export function saveCredential(value) {
  const credential = value.trim().replace(/^Bearer\s+/i, '');
  inMemory = credential;
  try {
    if (credential) sessionStorage.setItem(STORAGE_KEY, credential);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage is switched off: inMemory holds it.
  }
  return credential;
}

/** The headers with Authorization: Bearer <credential> added when one is kept. */
export function withCredential(headers) {
  const result = new Headers(headers);
  const credential = readCredential();
  if (credential) result.set('authorization', `Bearer ${credential}`);
  return result;
}
