import type { FormattedExecutionResult } from 'graphql';

/**
 * The JSON text a subgraph sent for the part of its answer that the gateway may pass on unchanged: the answer's
 * `data` (a root field one region answers: `plan(region, year)`), or its one entity (`region(code) { … }`, asked
 * as that region's entity fetch). Apollo Server then writes that text instead of serialising the parsed object
 * again: for a 40 KB plan, `JSON.stringify` took about 0.1 ms of the gateway's 2 ms at one connection.
 *
 * Kept on the parsed object itself, under a symbol that is not enumerable: JSON.stringify, Object.keys, `for … in`
 * and spreads and Object.assign (which copy enumerable properties only) never see it, so a copy made of the object
 * does not carry the text. Nothing in the gateway changes a parsed answer's objects in place (the routers and the
 * pass-through build new containers around them), which is what makes the text still true when the answer is
 * written. Once written, the text is let go (`forget`): an answer's parsed objects often survive the young
 * generation's next collection (no one of them is reachable once the heap is fully collected), and a 40 KB text
 * kept with each was copied with them: 11 ms a scavenge at one connection, 7.8 ms with the text let go
 * (docs/performance.md).
 */
const ANSWER_TEXT = Symbol('the subgraph answer text of this part');

interface KeptText {
  text: string;
  prefix: string;
  suffix: string;
}

function keep(part: object, kept: KeptText): void {
  // Not enumerable (defineProperty's default); configurable, so that a second parse of the same object never throws.
  Object.defineProperty(part, ANSWER_TEXT, { value: kept, configurable: true });
}

/** After the text is written: nothing keeps it alive but the answer being sent. */
function forget(part: object): void {
  // The last property added: V8 returns the object to its previous shape.
  delete (part as { [ANSWER_TEXT]?: KeptText })[ANSWER_TEXT];
}

const keptTextOf = (part: unknown): KeptText | undefined =>
  typeof part === 'object' && part !== null ? (part as { [ANSWER_TEXT]?: KeptText })[ANSWER_TEXT] : undefined;

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
      keep(entities[0], { text, prefix: ENTITY_PREFIX, suffix: ']}}' });
    return;
  }
  keep(data, { text, prefix: DATA_PREFIX, suffix: '}' });
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
  const kept = keptTextOf(part);
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
    if (whole !== undefined) {
      const written = wholeAnswerText(data, whole);
      forget(data);
      return written;
    }
    const fields = verbatimFields(data);
    if (fields !== undefined) {
      for (const value of Object.values(data)) if (keptTextOf(value)) forget(value as object);
      return `{"data":{${fields}}}\n`;
    }
  }
  return `${JSON.stringify(result)}\n`;
}

/**
 * The answer written from `data`'s verbatim text: the subgraph's own text when that is already Apollo's form (the
 * direct path's and Apollo's `{"data":…}` and a newline), so that it is written without being copied; a text built
 * from slices would be copied whole into one string before it is written.
 */
function wholeAnswerText(data: object, whole: string): string {
  const { text } = keptTextOf(data)!;
  const asWritten = text.length === DATA_PREFIX.length + whole.length + 2 && text.endsWith('}\n');
  return asWritten ? text : `${DATA_PREFIX}${whole}}\n`;
}

/** `data`'s fields as JSON, the verbatim ones as the subgraph sent them; undefined when none is verbatim. */
function verbatimFields(data: Record<string, unknown>): string | undefined {
  const keys = Object.keys(data);
  // A planned answer holds no subgraph's objects: it is left to JSON.stringify without a second pass.
  if (!keys.some((key) => keptTextOf(data[key]) !== undefined)) return undefined;
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
