import { describe, expect, it } from 'vitest';
import { keepAnswerText, stringifyResult } from '../../gateway/subgraph-http/verbatim-answer-text.ts';

/**
 * Each text says in a form JSON.stringify would not write (an escaped "é", a number as 1.0) what its parse says, so
 * that an answer written verbatim and one serialised again differ in their bytes and agree in their meaning.
 */
const PLAN_TEXT = '{"data":{"plan":{"regionCode":"VI","note":"Caf\\u00e9","amount":1.0}}}\n';
const ENTITY_TEXT = '{"data":{"_entities":[{"code":"VI","plan":{"note":"Caf\\u00e9","amount":1.0}}]}}\n';

/** A subgraph's answer as post-graphql.ts reads it: parsed, with its text kept. */
function received(text: string) {
  const parsed = JSON.parse(text);
  keepAnswerText(parsed, text);
  return parsed;
}

describe('stringifyResult', () => {
  it("writes an answer that is a region's whole data as the region sent it", () => {
    const { data } = received(PLAN_TEXT);
    const written = stringifyResult({ data });
    expect(written).toBe(PLAN_TEXT);
    expect(JSON.parse(written)).toEqual({ data });
  });

  it("writes the whole data in Apollo Server's form, whatever whitespace the subgraph ended its text with", () => {
    for (const ending of ['', '\n\n', ' ', '\r\n'])
      expect(stringifyResult({ data: received(`${PLAN_TEXT.trimEnd()}${ending}`).data })).toBe(PLAN_TEXT);
  });

  it("writes a region's one entity under the client's field, beside fields serialised as usual", () => {
    const entity = received(ENTITY_TEXT).data._entities[0];
    expect(stringifyResult({ data: { region: entity } })).toBe(
      '{"data":{"region":{"code":"VI","plan":{"note":"Caf\\u00e9","amount":1.0}}}}\n',
    );
    const again = received(ENTITY_TEXT).data._entities[0];
    expect(stringifyResult({ data: { first: again, second: { note: 'é' } } })).toBe(
      '{"data":{"first":{"code":"VI","plan":{"note":"Caf\\u00e9","amount":1.0}},"second":{"note":"é"}}}\n',
    );
  });

  it('lets a text go once written: the same objects written again are serialised as usual', () => {
    const { data } = received(PLAN_TEXT);
    expect(stringifyResult({ data })).toBe(PLAN_TEXT);
    expect(stringifyResult({ data })).toBe(`${JSON.stringify({ data })}\n`);
    const entity = received(ENTITY_TEXT).data._entities[0];
    stringifyResult({ data: { region: entity } });
    expect(stringifyResult({ data: { region: entity } })).toBe(`${JSON.stringify({ data: { region: entity } })}\n`);
    expect(Object.keys(entity)).toEqual(['code', 'plan']);
  });

  it('serialises as Apollo Server does whatever holds no text kept whole', () => {
    const planned = { data: { plan: { note: 'Café', amount: 1 } } };
    expect(stringifyResult(planned)).toBe(`${JSON.stringify(planned)}\n`);
    // A part of a kept answer, not the answer's data itself: its text is not the part's.
    const { data } = received(PLAN_TEXT);
    expect(stringifyResult({ data: data.plan })).toBe(`${JSON.stringify({ data: data.plan })}\n`);
  });

  it('serialises the answer again when it has errors or extensions besides the data', () => {
    const { data } = received(PLAN_TEXT);
    const withError = { data, errors: [{ message: 'Region XII is unavailable' }] };
    expect(stringifyResult(withError)).toBe(`${JSON.stringify(withError)}\n`);
    const withExtensions = { data, extensions: { cost: 3 } };
    expect(stringifyResult(withExtensions)).toBe(`${JSON.stringify(withExtensions)}\n`);
  });

  it('keeps no text for an answer of another form: errors, extensions, two entities, JSON not in JSON.stringify form', () => {
    const texts = [
      '{"data":{"plan":{"amount":1.0}},"errors":[{"message":"partly"}]}',
      '{"data":{"plan":{"amount":1.0}},"extensions":{"region":"VI"}}',
      '{"data":{"_entities":[{"amount":1.0},{"amount":2.0}]}}',
      '{ "data": {"plan":{"amount":1.0}} }',
      '{"data":{"_entities": [{"amount":1.0}]}}',
      '{"data":{"_entities":[{"amount":1.0}] }}',
    ];
    for (const text of texts) {
      const answer = received(text);
      const parts = [answer.data, answer.data._entities?.[0]].filter(Boolean);
      for (const part of parts)
        expect(stringifyResult({ data: { part } }), text).toBe(`${JSON.stringify({ data: { part } })}\n`);
      expect(stringifyResult({ data: answer.data }), text).toBe(`${JSON.stringify({ data: answer.data })}\n`);
    }
  });

  it('never writes a text that names data twice: JSON.parse kept the last value, the text holds both', () => {
    const twice = received('{"data":{"plan":{"amount":1.0}},"data":{"plan":{"amount":2.0}}}\n');
    expect(twice.data).toEqual({ plan: { amount: 2 } });
    expect(stringifyResult({ data: twice.data })).toBe('{"data":{"plan":{"amount":2}}}\n');
    const entityTwice = received('{"data":{"_entities":[{"amount":1.0}],"_entities":[{"amount":2.0}]}}');
    expect(stringifyResult({ data: { region: entityTwice.data._entities[0] } })).toBe(
      '{"data":{"region":{"amount":2}}}\n',
    );
  });
});
