/**
 * GraphQL Code Generator: TypeScript types generated from the schemas, committed beside the code that uses them
 * (`*.generated.ts`). Resolver types come from each subgraph's own SDL (its feature list, as the server builds
 * it); the comparison page's operation types from the gateway's API schema (supergraph.graphql without
 * federation's own types). `npm run codegen` writes them; `npm run codegen:check` fails when one is stale.
 * Run in-process through @graphql-codegen/core: no file globbing or config loading, about a second for all.
 */
import { readFileSync } from 'node:fs';
import { printSchema as printFederationSchema, Supergraph } from '@apollo/federation-internals';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import { type DefinitionNode, type DocumentNode, parse } from 'graphql';
import { nationalTypeDefs } from './subgraphs/national/national-schema.ts';
import { regionalTypeDefs } from './subgraphs/regional/regional-schema.ts';
import { SUPERGRAPH_FILE } from './subgraphs/supergraph-composition.ts';

type CodegenOptions = Parameters<typeof codegen>[0];

const PLUGINS = {
  typescript,
  'typescript-resolvers': typescriptResolvers,
  'typescript-operations': typescriptOperations,
  'typed-document-node': typedDocumentNode,
} satisfies CodegenOptions['pluginMap'];

type PluginName = keyof typeof PLUGINS;

/** One generated file: the schema it is typed against, the operations it types, its plugins and their options. */
export interface CodegenOutput {
  /** Relative to the repository's root. */
  file: string;
  /** What the file is generated from, as its header names it. */
  source: string;
  schema(): DocumentNode;
  /** `.graphql` files of operations, relative to the repository's root. */
  documents?: string[];
  plugins: PluginName[];
  config: Record<string, unknown>;
}

// Type-only imports (verbatimModuleSyntax) and enums as unions of string literals, which is what arrives as JSON.
const SHARED_CONFIG = { useTypeImports: true, enumsAsTypes: true };

/**
 * Resolvers: `federation` adds __resolveReference to every @key type and the federation directives to the SDL.
 * A Rupiah is parsed to a number and may be returned as the BIGINT drivers give it (rupiah-scalar.ts).
 */
const RESOLVER_CONFIG = {
  ...SHARED_CONFIG,
  federation: true,
  scalars: { Rupiah: { input: 'number', output: 'number | bigint | string' } },
};

/**
 * A subgraph's SDL with its definitions in name order (stable, so a type's extensions keep theirs): moving a
 * type from one feature's file to another's then changes nothing generated.
 */
function inNameOrder(sdl: string): DocumentNode {
  const document = parse(sdl);
  const nameOf = (definition: DefinitionNode) => ('name' in definition && definition.name?.value) || '';
  // Code-point order, the same on every machine (localeCompare follows the locale).
  const definitions = [...document.definitions].sort(
    (a, b) => Number(nameOf(a) > nameOf(b)) - Number(nameOf(a) < nameOf(b)),
  );
  return { ...document, definitions };
}

/** The gateway's public schema: what the page may ask, without join__ types and @inaccessible fields. */
function apiSchema(): DocumentNode {
  const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  // Through SDL: federation-internals carries its own copy of graphql-js.
  return parse(printFederationSchema(supergraph.apiSchema()));
}

export const CODEGEN_OUTPUTS: CodegenOutput[] = [
  {
    file: 'subgraphs/national/national-schema.generated.ts',
    source: "the national subgraph's SDL (nationalFeatures)",
    schema: () => inNameOrder(nationalTypeDefs()),
    plugins: ['typescript', 'typescript-resolvers'],
    config: { ...RESOLVER_CONFIG, contextType: './context.ts#NationalContext' },
  },
  {
    file: 'subgraphs/regional/regional-schema.generated.ts',
    source: "the regional subgraph's SDL (regionalFeatures)",
    schema: () => inNameOrder(regionalTypeDefs()),
    plugins: ['typescript', 'typescript-resolvers'],
    config: { ...RESOLVER_CONFIG, contextType: './context.ts#RegionalContext' },
  },
  {
    file: 'gateway/compare-page/browser/compare-page-operations.generated.ts',
    source: "compare-page-operations.graphql against supergraph.graphql's API schema",
    schema: apiSchema,
    documents: ['gateway/compare-page/browser/compare-page-operations.graphql'],
    plugins: ['typescript-operations', 'typed-document-node'],
    // Each operation as a string typed with its answer and variables: the page posts it as JSON's `query`.
    config: { ...SHARED_CONFIG, documentMode: 'string', scalars: { Rupiah: 'number' } },
  },
];

const ROOT = new URL('./', import.meta.url);

/** The content of one generated file, headed by where it comes from. */
export async function generateOutput(output: CodegenOutput): Promise<string> {
  const documents = (output.documents ?? []).map((location) => ({
    location,
    document: parse(readFileSync(new URL(location, ROOT), 'utf8')),
  }));
  const content = await codegen({
    filename: output.file,
    schema: output.schema(),
    documents,
    plugins: output.plugins.map((name) => ({ [name]: {} })),
    pluginMap: PLUGINS,
    config: output.config,
  });
  return `// Generated by \`npm run codegen\` (codegen.ts) from ${output.source}. Do not edit.\n${content.trimEnd()}\n`;
}

/** Every generated file's path (relative to the repository's root) and content. */
export async function generateGraphQLTypes(): Promise<Array<{ file: string; content: string }>> {
  return Promise.all(
    CODEGEN_OUTPUTS.map(async (output) => ({ file: output.file, content: await generateOutput(output) })),
  );
}

/** Where a generated file lives on disk. */
export function outputPath(file: string): URL {
  return new URL(file, ROOT);
}
