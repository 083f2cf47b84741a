/** A request the export cannot answer, with the HTTP status and a plain-text message for the client. */
export class ExportRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 429 | 502,
    message: string,
    /** Headers the answer carries, e.g. Retry-After of a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ExportRequestError';
  }
}
