import { describe, expect, it } from 'vitest';
import { asciiJson } from '../../shared/http/ascii-json.ts';

describe('asciiJson', () => {
  it('writes every character outside ASCII as its escape, the same JSON value', () => {
    const value = { message: 'Target 2021 … realisasi 95,5 % – é', nested: ['naïve', { note: '…' }] };
    const text = asciiJson(JSON.stringify(value));
    expect(text).toBe(
      '{"message":"Target 2021 \\u2026 realisasi 95,5 % \\u2013 \\u00e9","nested":["na\\u00efve",{"note":"\\u2026"}]}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });

  it('escapes a character beyond the Basic Multilingual Plane as its two UTF-16 units', () => {
    const value = { mark: 'ok 👍' };
    const text = asciiJson(JSON.stringify(value));
    expect(text).toBe('{"mark":"ok \\ud83d\\udc4d"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('returns ASCII text as it is, the same string', () => {
    const text = JSON.stringify({ plan: { regionCode: 'VI', totalBudget: 12218328000 } });
    expect(asciiJson(text)).toBe(text);
  });

  it('finds the characters again on every call (no state kept between texts)', () => {
    const texts = ['"é"', '"é"', '"a"', '"…"'].map(asciiJson);
    expect(texts).toEqual(['"\\u00e9"', '"\\u00e9"', '"a"', '"\\u2026"']);
  });
});
