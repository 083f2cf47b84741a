import type { FormattedExecutionResult } from 'graphql';

/**
 * The JSON text a subgraph sent for the part of its answer that the gateway may pass on unchanged: the answer's
 * `data` (a root field one region answers: `plan(region, year)`), or its one entity (`region(code) { … }`, asked
 * as that region's entity fetch). Apollo Server then writes that text instead of serialising the parsed object
 * again: for a 40 KB plan, `JSON.stringify` took about 0.1 ms of the gateway's 2 ms at one connection.
 *
 * Kept per parsed object in a WeakMap, so the text lives as long as the object and no longer. Nothing in the
 * gateway changes a parsed answer's objects in place (the routers and the pass-through build new containers
 * around them), which is what makes the text still true when the answer is written.
 */
const textOfPart = new WeakMap<object, { text: string; prefix: string; suffix: string }>();

const DATA_KEY = '"data":';
const ENTITIES_KEY = '"_entities":';
/** How JSON.stringify, and so Apollo Server and the subgraphs' direct path, begin such answers. */
const DATA_PREFIX = `{${DATA_KEY}`;
const ENTITY_PREFIX = `{${DATA_KEY}{${ENTITIES_KEY}[`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasOnlyKey = (value: Record<string, unknown>, key: string) => {
  let count = 0;
  for (const own in value) if (++count > 1 || own !== key) return false;
  return count === 1;
};

/**
 * Remembers `text` (the subgraph's whole answer) for the answer's `data`, or for its one entity, when the parsed
 * answer has that shape. Cheap: the text is checked only when it is about to be written (`verbatimTextOf`).
 */
export function keepAnswerText(answer: unknown, text: string): void {
  if (!isObject(answer) || !hasOnlyKey(answer, 'data') || !isObject(answer.data)) return;
  const { data } = answer;
  const entities = data._entities;
  if (Array.isArray(entities)) {
    if (entities.length === 1 && isObject(entities[0]) && hasOnlyKey(data, '_entities'))
      textOfPart.set(entities[0], { text, prefix: ENTITY_PREFIX, suffix: ']}}' });
    return;
  }
  textOfPart.set(data, { text, prefix: DATA_PREFIX, suffix: '}' });
}

/** Where the text ends, trailing whitespace (Apollo Server's newline) left out. */
function endWithoutWhitespace(text: string): number {
  let end = text.length;
  while (end > 0 && ' \n\r\t'.includes(text[end - 1]!)) end -= 1;
  return end;
}

/**
 * The subgraph's own JSON for `part`, or undefined. Only text in JSON.stringify's form qualifies: it starts with
 * `{"data":` (and `{"_entities":[` for an entity), ends with the matching closers, and names `data` (and
 * `_entities`) once. A key, unescaped, can only be a key, so that rules out a text with the key twice, where
 * JSON.parse keeps the last value and the slice would hold both.
 */
export function verbatimTextOf(part: unknown): string | undefined {
  if (typeof part !== 'object' || part === null) return undefined;
  const kept = textOfPart.get(part);
  if (!kept) return undefined;
  const { text, prefix, suffix } = kept;
  const end = endWithoutWhitespace(text);
  if (!text.startsWith(prefix) || !text.startsWith(suffix, end - suffix.length)) return undefined;
  if (text.indexOf(DATA_KEY, DATA_PREFIX.length) !== -1) return undefined;
  if (prefix === ENTITY_PREFIX && text.indexOf(ENTITIES_KEY, ENTITY_PREFIX.length) !== -1) return undefined;
  return text.slice(prefix.length, end - suffix.length);
}

/**
 * Apollo Server's `stringifyResult`: its own form (JSON.stringify and a newline), with the subgraph's text for an
 * answer that is all `data` passed on unchanged, or whose root fields are (or hold) such parts.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const { data, errors, extensions } = result;
  if (errors === undefined && extensions === undefined && isObject(data)) {
    const whole = verbatimTextOf(data);
    if (whole !== undefined) return `{"data":${whole}}\n`;
    const fields = verbatimFields(data);
    if (fields !== undefined) return `{"data":{${fields}}}\n`;
  }
  return `${JSON.stringify(result)}\n`;
}

/** `data`'s fields as JSON, the verbatim ones as the subgraph sent them; undefined when none is verbatim. */
function verbatimFields(data: Record<string, unknown>): string | undefined {
  const keys = Object.keys(data);
  // A planned answer holds no subgraph's objects: it is left to JSON.stringify without a second pass.
  if (!keys.some((key) => textOfPart.has(data[key] as object))) return undefined;
  const fields: string[] = [];
  for (const key of keys) {
    const value = data[key];
    const json = verbatimTextOf(value) ?? JSON.stringify(value);
    // undefined, a function or a symbol: JSON.stringify would leave the field out; leave the whole answer to it.
    if (json === undefined) return undefined;
    fields.push(`${JSON.stringify(key)}:${json}`);
  }
  return fields.join(',');
}
