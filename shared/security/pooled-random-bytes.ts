import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/**
 * `size` cryptographically random bytes for a per-request nonce, drawn from a pool refilled 4 KB at a time, as
 * node's own randomUUID() does. Each randomBytes() call costs a trip into OpenSSL: about 60 µs on the
 * machines measured, paid twice per gateway request (the CSP nonce and the subgraph signature's nonce).
 * Every byte is handed out once; the copy returned is the caller's.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} bytes at a time; asked for ${size}`);
  if (used + size > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  used += size;
  return bytes;
}
