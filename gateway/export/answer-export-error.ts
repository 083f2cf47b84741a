import type { NextFunction, Response } from 'express';
import { ExportRequestError } from './export-request-error.ts';

/**
 * A refused export as plain text a person can read in Excel's error box or a terminal; anything else goes on to
 * Express.
 */
export function answerExportError(res: Response, error: unknown, next: NextFunction): void {
  if (!(error instanceof ExportRequestError)) {
    next(error);
    return;
  }
  res.status(error.status);
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`${error.message}\n`, 'utf8');
}
