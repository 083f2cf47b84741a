import { COLUMN_TYPE_LABELS } from './export-column.ts';
import type { ExportView } from './export-view.ts';

/**
 * The markdown tables of a view's parameters and columns, from the view itself: the docs cannot drift from the code.
 */
export function renderViewTables(view: ExportView): string {
  const escapePipes = (text: string) => text.replaceAll('|', '\\|');
  const parameters = view.parameters.map(
    (parameter) =>
      `| \`${parameter.name}\` | ` +
      `${parameter.required ? 'required' : 'optional'}${parameter.list ? ', list' : ''} | ` +
      `${escapePipes(parameter.description)} | \`${parameter.name}=${parameter.example}\` |`,
  );
  const columns = view.columns.map(
    (column) => `| \`${column.name}\` | ${COLUMN_TYPE_LABELS[column.type]} | ${escapePipes(column.description)} |`,
  );
  const parameterTable = parameters.length
    ? ['| parameter | use | meaning | example |', '|---|---|---|---|', ...parameters]
    : ['No parameters: the whole table, always.'];
  return [...parameterTable, '', '| column | type | meaning |', '|---|---|---|', ...columns].join('\n');
}

const generatedSection = (name: string) =>
  new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);

/**
 * docs/export.md with every `<!-- generated:<view> -->` … `<!-- /generated:<view> -->` section rewritten
 * from the views; fails naming a view whose section is missing.
 */
export function withGeneratedTables(markdown: string, views: readonly ExportView[]): string {
  return views.reduce((text, view) => {
    const section = generatedSection(view.name);
    if (!section.test(text))
      throw new Error(
        `docs/export.md has no section <!-- generated:${view.name} --> … <!-- /generated:${view.name} -->`,
      );
    return text.replace(section, (_match, start: string, end: string) => `${start}\n${renderViewTables(view)}\n${end}`);
  }, markdown);
}
