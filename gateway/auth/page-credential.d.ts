// Types of page-credential.js for the pages written in TypeScript (the compare page's bundle).

/** The kept credential, or '' when none. */
export function readCredential(): string;
/** Keeps the pasted value ("Bearer " in front is dropped); an empty value forgets it. Returns what is kept. */
export function saveCredential(value: string): string;
/** The headers with Authorization: Bearer <credential> added when one is kept. */
export function withCredential(headers: HeadersInit): Headers;
