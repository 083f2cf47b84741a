import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../shared/security/pooled-random-bytes.ts';

describe('pooled random bytes', () => {
  it('hands out each byte once, across refills of the pool, as copies the caller owns', () => {
    // 1000 nonces of 16 bytes: four refills of the 4 KB pool.
    const nonces = Array.from({ length: 1000 }, () => pooledRandomBytes(16));
    expect(nonces.every((nonce) => nonce.length === 16)).toBe(true);
    expect(new Set(nonces.map((nonce) => nonce.toString('hex'))).size).toBe(1000);
    const first = Buffer.from(nonces[0]!);
    for (let index = 0; index < 300; index++) pooledRandomBytes(16);
    expect(nonces[0]).toEqual(first);
    // Random enough to use every byte value.
    const seen = new Set(Buffer.concat(nonces));
    expect(seen.size).toBeGreaterThan(250);
  });

  it('refuses more than a pool at once', () => {
    expect(() => pooledRandomBytes(4097)).toThrow(RangeError);
  });
});
