// `npm run docs:errors`: writes docs/errors.md from the error registry (shared/errors/error-codes.ts).
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../shared/errors/error-docs.ts';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
