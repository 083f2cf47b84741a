// The credential bar above the IDE: a pasted JWT or API key goes with every request as
// Authorization: Bearer (kept in this tab's sessionStorage only, see gateway/auth/page-credential.js);
// a 401 or 403 says so beside the field and puts the cursor in it.
import { readCredential, saveCredential, withCredential } from '../../auth/page-credential.js';

export interface CredentialBar {
  /** fetch with the kept credential; a 401/403 answer is reported in the bar, a later success clears it. */
  fetch(resource: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`Expected the IDE page to have an element #${id}`);
  return found as T;
}

/** Wires the bar's form; `onChange` runs after a credential is used or forgotten (the IDE reloads its schema). */
export function connectCredentialBar(onChange: () => void): CredentialBar {
  const form = element<HTMLFormElement>('credential-form');
  const input = element<HTMLInputElement>('credential');
  const status = element<HTMLElement>('credential-status');

  function showKept(): void {
    form.classList.remove('refused');
    status.textContent = readCredential()
      ? 'Sent as Authorization: Bearer with every query; kept in this browser tab only.'
      : 'No token or API key: the gateway answers only if it lets anonymous callers in.';
  }

  function showRefused(httpStatus: number, message: string | undefined): void {
    form.classList.add('refused');
    status.textContent =
      httpStatus === 403
        ? `The gateway answered 403 (FORBIDDEN)${message ? `: ${message}` : ''}. ` +
          'Paste a token or API key with the analyst role in the field.'
        : `The gateway answered 401 (UNAUTHENTICATED)${message ? `: ${message}` : ''}. ` +
          'Paste a token or API key in the field “Token or API key”.';
    input.focus();
  }

  input.value = readCredential();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    input.value = saveCredential(input.value);
    showKept();
    onChange();
  });
  element<HTMLButtonElement>('credential-forget').addEventListener('click', () => {
    input.value = saveCredential('');
    showKept();
    onChange();
  });
  showKept();

  return {
    async fetch(resource, init = {}) {
      const response = await fetch(resource, { ...init, headers: withCredential(init.headers ?? {}) });
      if (response.status === 401 || response.status === 403) {
        const answer = (await response
          .clone()
          .json()
          .catch(() => null)) as { errors?: { message?: string }[] } | null;
        showRefused(response.status, answer?.errors?.[0]?.message);
      } else if (form.classList.contains('refused')) {
        showKept();
      }
      return response;
    },
  };
}
