import {
  execute,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { asciiJson } from './ascii-json.ts';

/** A request as the gateway sends one: a query, maybe variables and an operation name, nothing else. */
interface PlainRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** What the direct path needs to know to answer as Apollo Server would, with the same rules. */
export interface DirectExecutionOptions {
  schema: GraphQLSchema;
  /** The rules Apollo Server validates with, besides graphql-js's own (armor's depth limit). */
  validationRules: readonly ValidationRule[];
  /** Apollo Server's `parseOptions.maxTokens`. */
  maxTokens: number;
  /** False in production, as Apollo Server's own default: introspection is then refused. */
  introspection: boolean;
  /**
   * Whether a document may be answered at all (its literals checked once); a throw or false leaves the request
   * to Apollo Server, which refuses it with the registered error.
   */
  admitsDocument: (document: DocumentNode) => boolean;
  /** The same for one request's variables (a representations cap, argument hygiene). */
  admitsRequest: (document: DocumentNode, variables: Record<string, unknown> | undefined) => boolean;
}

/** A clean answer: its JSON text exactly as Apollo Server writes it, and the operation it answered. */
export interface DirectAnswer {
  text: string;
  operationName: string | undefined;
}

export interface DirectExecution<Context> {
  /**
   * Answers a request whose operation executes without any error, or returns undefined: Apollo Server then
   * answers it from the start (an attempt's result is dropped; subgraph operations are queries, so running one
   * twice changes nothing), and every refusal and error keeps Apollo's exact form.
   */
  answer(body: unknown, accept: string | undefined, context: () => Promise<Context>): Promise<DirectAnswer | undefined>;
}

/** Apollo Server answers a request without an Accept header, or one that takes plain JSON, in this type. */
const ANSWERS_ACCEPTED = new Set([undefined, 'application/json', '*/*']);

/**
 * Query texts kept parsed and validated: the gateway sends a handful of distinct ones; the bound is for a caller
 * that does not.
 */
const DOCUMENT_CACHE_CHARACTERS = 4 * 1024 * 1024;

/**
 * How a subgraph writes an answer, on either path: Apollo Server's form (JSON.stringify and a newline) in ASCII
 * (ascii-json.ts), so that the gateway reads and passes on one byte a character.
 */
export const stringifyAnswer = (result: object): string => `${asciiJson(JSON.stringify(result))}\n`;

function plainRequestOf(body: unknown): PlainRequest | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  for (const key in fields) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  const { query, variables, operationName } = fields;
  if (typeof query !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: operationName ?? undefined,
  };
}

/**
 * The subgraph's path for the requests the gateway sends all day: a known query text executed with graphql-js
 * directly, without Apollo Server's request pipeline (its plugins' hooks, header maps and content negotiation
 * per request). Measured on a regional service asked 16 times a second, that pipeline was about a third of the
 * CPU of a six-cell `_entities` request. Anything this path does not answer cleanly (a text that does not
 * validate, an operation it cannot pick, a refused argument, any error while executing) is Apollo Server's to
 * answer, so every error keeps one form.
 */
export function createDirectExecution<Context>(options: DirectExecutionOptions): DirectExecution<Context> {
  const rules = [
    ...specifiedRules,
    ...options.validationRules,
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const documents = new LRUCache<string, DocumentNode>({
    maxSize: DOCUMENT_CACHE_CHARACTERS,
    sizeCalculation: (_document, query) => Math.max(1, query.length),
  });

  const preparedDocument = (query: string): DocumentNode | undefined => {
    const known = documents.get(query);
    if (known) return known;
    try {
      const document = parse(query, { maxTokens: options.maxTokens });
      if (validate(options.schema, document, rules).length > 0 || !options.admitsDocument(document)) return undefined;
      documents.set(query, document);
      return document;
    } catch {
      return undefined;
    }
  };

  return {
    async answer(body, accept, context) {
      if (!ANSWERS_ACCEPTED.has(accept)) return undefined;
      const request = plainRequestOf(body);
      if (!request) return undefined;
      const document = preparedDocument(request.query);
      if (!document) return undefined;
      const operation = getOperationAST(document, request.operationName);
      if (operation?.operation !== 'query') return undefined;
      try {
        if (!options.admitsRequest(document, request.variables)) return undefined;
      } catch {
        return undefined;
      }
      let result: Awaited<ReturnType<typeof execute>>;
      try {
        result = await execute({
          schema: options.schema,
          document,
          variableValues: request.variables,
          operationName: request.operationName,
          contextValue: await context(),
        });
      } catch {
        return undefined;
      }
      if (result.errors || result.data === undefined) return undefined;
      // The subgraph's serialisation (stringifyAnswer): the result's fields in Apollo's order, then a newline.
      return { text: stringifyAnswer({ data: result.data }), operationName: operation.name?.value };
    },
  };
}
