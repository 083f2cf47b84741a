import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { badUserInput } from '../errors/error-codes.ts';

/** Control characters (C0, DEL, C1): no code, id or name in the graph holds one; PostgreSQL refuses NUL outright. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A refused value is never echoed whole: a 900 KB argument came back twice in one error. */
const ECHO_LENGTH = 32;

const shown = (value: string) =>
  JSON.stringify(value.length <= ECHO_LENGTH ? value : `${value.slice(0, ECHO_LENGTH)}…`).replace(
    CONTROL_CHARACTER,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Refuses one string argument that holds a control character or is longer than `maxLength`. */
export function checkArgumentText(name: string, value: string, maxLength: number): void {
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    const codePoint = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw badUserInput(
      `Argument "${name}" contains a control character (${codePoint}) at position ${control.index}: ${shown(value)}`,
      { argument: name, http: { status: 400 } },
    );
  }
  if (value.length > maxLength) {
    throw badUserInput(
      `Argument "${name}" is ${value.length} characters long; at most ${maxLength} are accepted: ${shown(value)}`,
      { argument: name, length: value.length, maxLength, http: { status: 400 } },
    );
  }
}

function checkValue(name: string, value: unknown, maxLength: number): void {
  if (typeof value === 'string') checkArgumentText(name, value, maxLength);
  else if (Array.isArray(value)) for (const item of value) checkValue(name, item, maxLength);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) checkValue(`${name}.${key}`, item, maxLength);
}

function checkLiteral(name: string, node: ValueNode, maxLength: number): void {
  if (node.kind === Kind.STRING) checkArgumentText(name, node.value, maxLength);
  else if (node.kind === Kind.LIST) for (const item of node.values) checkLiteral(name, item, maxLength);
  else if (node.kind === Kind.OBJECT)
    for (const field of node.fields) checkLiteral(`${name}.${field.name.value}`, field.value, maxLength);
}

/** Every string given as an argument in the document passes checkArgumentText. */
export function checkLiterals(document: DocumentNode, maxLength: number): void {
  visit(document, {
    Argument: (argument) => checkLiteral(argument.name.value, argument.value, maxLength),
  });
}

/** Every string given in the variables passes checkArgumentText, but those of `unchecked` variables. */
export function checkVariables(
  variables: Record<string, unknown>,
  options: { maxLength: number; unchecked?: readonly string[] },
): void {
  for (const [name, value] of Object.entries(variables)) {
    if (!options.unchecked?.includes(name)) checkValue(name, value, options.maxLength);
  }
}

/**
 * Argument hygiene before anything resolves: no control characters (a NUL reached PostgreSQL as an internal
 * error) and no string longer than `maxLength`, answered BAD_USER_INPUT with the value cut short.
 * `unchecked` names variables left to their own checks (a subgraph's `representations`, capped by count).
 * A document's literals are walked once: Apollo Server's document store hands every request with the same text
 * the same parsed document, and only the variables differ from one request to the next.
 */
export function argumentHygiene<Context extends BaseContext>(options: {
  maxLength: number;
  unchecked?: readonly string[];
}): ApolloServerPlugin<Context> {
  const cleanDocuments = new WeakSet<DocumentNode>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          if (!cleanDocuments.has(document)) {
            checkLiterals(document, options.maxLength);
            cleanDocuments.add(document);
          }
          checkVariables(request.variables ?? {}, options);
        },
      };
    },
  };
}

export const DEFAULT_MAX_ARGUMENT_LENGTH = 256;
