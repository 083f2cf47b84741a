import { ERROR_CODES, type ErrorCode, type ErrorCodeEntry } from './error-codes.ts';

const escapeCell = (text: string) => text.replaceAll('|', '\\|');

function extensionsOf(entry: ErrorCodeEntry): string {
  const extensions = Object.entries(entry.extensions ?? {});
  return extensions.length === 0
    ? '—'
    : extensions.map(([name, meaning]) => `\`${name}\`: ${escapeCell(meaning)}`).join('; ');
}

/** docs/errors.md, all of it generated from the registry (`npm run docs:errors`); a unit test keeps it current. */
export function renderErrorDocs(): string {
  const rows = (Object.entries(ERROR_CODES) as Array<[ErrorCode, ErrorCodeEntry]>).map(
    ([code, entry]) =>
      `| \`${code}\` | ${escapeCell(entry.meaning)}${entry.raisedBy ? ` (raised by ${entry.raisedBy})` : ''} | ` +
      `${entry.httpStatus ?? '200, beside data'} | ${extensionsOf(entry)} |`,
  );
  return `# Error codes

Every error the graph returns has \`extensions.code\`, one of the codes below. This file is generated from
\`shared/errors/error-codes.ts\` by \`npm run docs:errors\`; do not edit it by hand.

The HTTP status is the status of an answer the error refuses on its own. Errors that come beside data (a
region down, a deadline passed) leave the answer at 200, with the other regions' data intact. Exports
(\`/export/…\`) answer in plain text: 400 for a client's error, 429 with \`Retry-After\` when rate-limited,
502 when the graph could not answer.

| code | meaning | HTTP status | extensions besides \`code\` |
|---|---|---|---|
${rows.join('\n')}
`;
}
