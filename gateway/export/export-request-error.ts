/** A request the export cannot answer, with the HTTP status and a plain-text message for the client. */
export class ExportRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 502,
    message: string,
  ) {
    super(message);
    this.name = 'ExportRequestError';
  }
}
