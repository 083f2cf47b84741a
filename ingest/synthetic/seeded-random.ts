import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { mersenne } from 'pure-rand/generator/mersenne';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Seeds accepted by the generator: what a 32-bit Mersenne Twister can be seeded with. */
export const MAX_SEED = 0xffff_ffff;

/** FNV-1a: a label's characters folded into 32 bits (a hash to name a stream, not a source of randomness). */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) hash = Math.imul(hash ^ label.charCodeAt(index), 0x01000193);
  return hash;
}

const firstOutputs = new Map<number, number>();

/**
 * The seed of the stream for (seed, label): the seed's first Mersenne Twister output mixed with the label's hash, so
 * neighbouring seeds do not give neighbouring streams.
 */
export function deriveSeed(seed: number, label: string): number {
  let first = firstOutputs.get(seed);
  if (first === undefined) {
    first = mersenne(seed).next();
    firstOutputs.set(seed, first);
  }
  return first ^ hashLabel(label);
}

/**
 * A seeded stream of random choices. The same seed and label always give the same stream, whatever else
 * was generated before: each part of the data draws from its own label (e.g. "VI/2021/budget-amounts"),
 * so generating one region-year alone gives the same figures as generating all of them.
 * Uses only arithmetic (no Math.log/cos), so the figures are identical on every platform.
 */
export class SeededRandom {
  readonly #generator: RandomGenerator;

  constructor(seed: number, label: string) {
    this.#generator = mersenne(deriveSeed(seed, label));
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return uniformInt(this.#generator, min, max);
  }

  /** A number from min (included) to max (excluded). */
  between(min: number, max: number): number {
    return min + (max - min) * uniformFloat64(this.#generator);
  }

  chance(probability: number): boolean {
    return uniformFloat64(this.#generator) < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Roughly normal (Irwin–Hall: the sum of 12 uniforms), bounded to mean ± 6 sd. */
  normal(mean: number, sd: number): number {
    let sum = 0;
    for (let draw = 0; draw < 12; draw++) sum += uniformFloat64(this.#generator);
    return mean + (sum - 6) * sd;
  }

  /** Each weight multiplied by its own factor between 1 - spread and 1 + spread. */
  jitter(weights: readonly number[], spread: number): number[] {
    return weights.map((weight) => weight * this.between(1 - spread, 1 + spread));
  }
}
