// `npm run docs:export`: rewrites the generated tables of docs/export.md from the export views' column lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedTables } from '../gateway/export/export-docs.ts';
import { EXPORT_VIEWS } from '../gateway/export/export-views.ts';

const DOCS_FILE = new URL('../docs/export.md', import.meta.url);

writeFileSync(DOCS_FILE, withGeneratedTables(readFileSync(DOCS_FILE, 'utf8'), EXPORT_VIEWS));
