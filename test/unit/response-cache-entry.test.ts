import { describe, expect, it } from 'vitest';
import { entryOf, readCachedAnswer } from '../../gateway/response-cache/response-cache.ts';
import { stringifyResult } from '../../gateway/subgraph-http/verbatim-answer-text.ts';

const header = { cachePolicy: { maxAge: 300, scope: 'PUBLIC' as const }, cacheTime: 1_700_000_000_000 };
const answerText = `${JSON.stringify({ data: { region: { code: 'VI', name: 'Medan \u00e9' } } })}\n`;

describe('a response-cache entry', () => {
  it('gives back its header and answer, written as the text it was kept as', () => {
    const kept = readCachedAnswer(entryOf(header, answerText));
    expect(kept?.header).toEqual(header);
    expect(kept?.data).toEqual({ region: { code: 'VI', name: 'Medan \u00e9' } });
    expect(stringifyResult({ data: kept!.data })).toBe(answerText);
  });

  it('is a miss, not an error, when it is not an entry of this cache', () => {
    for (const entry of [
      '',
      'no newline at all',
      `${JSON.stringify(header)}\n{"data":`,
      `not json\n${answerText}`,
      `${JSON.stringify({ data: { a: 1 }, cachePolicy: {}, cacheTime: 1 })}`,
      `${JSON.stringify(header)}\n{"errors":[]}`,
      `null\n${answerText}`,
    ])
      expect(readCachedAnswer(entry), JSON.stringify(entry)).toBeUndefined();
  });
});
