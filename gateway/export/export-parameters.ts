import { ExportRequestError } from './export-request-error.ts';

/** A URL query parameter of an export, and the GraphQL variable it becomes. */
export interface ExportParameter {
  name: string;
  /** Several values, comma-separated or repeated (`regions=VI,XII` or `regions=VI&regions=XII`). */
  list: boolean;
  required: boolean;
  description: string;
  example: string;
  /** The variable's value from the non-empty values given, in order; throws ExportRequestError naming a bad value. */
  toVariable(values: string[]): unknown;
}

export const REGIONS: ExportParameter = {
  name: 'regions',
  list: true,
  required: false,
  description: 'Kode wilayah (region codes) I … XIV, in the order wanted. Default: all 14 Kantor Regional.',
  example: 'VI,XII',
  // The graph checks the codes, so that its message (listing the valid codes) reaches the client.
  toVariable: (values) => values,
};

export const YEARS: ExportParameter = {
  name: 'years',
  list: true,
  required: false,
  description: 'Tahun anggaran (fiscal years). Default: every year any region has a plan.',
  example: '2021,2024',
  toVariable: (values) =>
    values.map((value) => {
      // Only the form here (a variable of type [Int!] cannot carry "2021x"); the graph checks the range.
      if (!/^\d{1,6}$/.test(value))
        throw new ExportRequestError(
          400,
          `Bad parameter "years": "${value}" is not a year; expected whole numbers such as 2021`,
        );
      return Number(value);
    }),
};

export const PROVINCES: ExportParameter = {
  name: 'provinces',
  list: true,
  required: false,
  description:
    'Provinsi (provinces): only the offices whose work area holds any of them, e.g. Riau; ' +
    'names as /export/regions.csv lists them. Default: no filter.',
  example: 'Riau,Kepulauan Riau',
  // The graph checks the names, so that its message (listing the known provinces) reaches the client.
  toVariable: (values) => values,
};

export const RANK_BY: ExportParameter = {
  name: 'rank_by',
  list: false,
  required: false,
  description:
    'Peringkat menurut (rank by): ACHIEVEMENT (realisation ÷ target, as the performance report ranks) or ' +
    'REALISATION. Default: ACHIEVEMENT.',
  example: 'REALISATION',
  toVariable: (values) => values[0]!.toUpperCase(),
};

export const KINDS: ExportParameter = {
  name: 'kinds',
  list: true,
  required: false,
  description:
    'Jenis sumber (provenance kinds) to keep: DOCUMENT, DERIVED, MANUAL, SYNTHETIC; ' +
    'DOCUMENT alone leaves synthetic demo data out. Default: every kind.',
  example: 'DOCUMENT',
  // Checked by the graph against its ProvenanceKind enum, whose message names the bad value.
  toVariable: (values) => values.map((value) => value.toUpperCase()),
};

export const INDICATORS: ExportParameter = {
  name: 'indicators',
  list: true,
  required: false,
  description:
    'Ids of national indicators (indikator nasional, e.g. IKU-09; `{ indicators { id } }` lists the catalogue). ' +
    'Default: every indicator of the catalogue, in catalogue order.',
  example: 'IKU-09,IKU-03',
  toVariable: (values) => [...new Set(values.map((value) => value.toUpperCase()))],
};

export const LEVEL: ExportParameter = {
  name: 'level',
  list: false,
  required: false,
  description:
    'Tingkat anggaran (budget level): PROGRAM, KEGIATAN, KRO or RO. Default: every level, PROGRAM first, in one file.',
  example: 'RO',
  toVariable: (values) => values[0]!.toUpperCase(),
};

export const CODES: ExportParameter = {
  name: 'codes',
  list: true,
  required: false,
  description: 'Kode anggaran (budget codes) of that level in the RSPP nomenclature. Default: every code of the level.',
  example: '4843.EAA.003,4843.EAB.005',
  toVariable: (values) => values,
};

function valuesOf(name: string, raw: unknown): string[] {
  if (raw === undefined) return [];
  const parts: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (parts.some((part) => typeof part !== 'string')) {
    throw new ExportRequestError(
      400,
      `Bad parameter "${name}": expected plain text values such as ${name}=a,b; got a nested value`,
    );
  }
  return (parts as string[])
    .flatMap((part) => part.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * The GraphQL variables of an export from its URL query, named like the parameters. An unknown parameter
 * is refused rather than ignored: a misspelt `region=VI` would otherwise quietly export every region.
 */
export function readExportVariables(
  query: Record<string, unknown>,
  parameters: readonly ExportParameter[],
): Record<string, unknown> {
  const known = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of Object.keys(query)) {
    if (!known.has(name)) {
      const expected = parameters.length
        ? `expected ${parameters.map((parameter) => parameter.name).join(', ')}`
        : 'this export takes none';
      throw new ExportRequestError(400, `Unknown parameter "${name}"; ${expected}`);
    }
  }
  const variables: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const values = valuesOf(parameter.name, query[parameter.name]);
    if (values.length === 0) {
      if (parameter.required)
        throw new ExportRequestError(
          400,
          `Missing parameter "${parameter.name}": ${parameter.description} Example: ` +
            `${parameter.name}=${parameter.example}`,
        );
      continue;
    }
    if (!parameter.list && values.length > 1) {
      throw new ExportRequestError(
        400,
        `Bad parameter "${parameter.name}": expected one value; got ${values.map((value) => `"${value}"`).join(', ')}`,
      );
    }
    variables[parameter.name] = parameter.toVariable(values);
  }
  return variables;
}
