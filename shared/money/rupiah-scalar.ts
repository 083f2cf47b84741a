import { GraphQLScalarType, Kind } from 'graphql';

const DESCRIPTION =
  'Rupiah: an exact amount of money in whole Rupiah (pagu, realisasi). Serialised as a JSON integer ' +
  'within the safe-integer range (up to 9007199254740991); anything else is refused, never rounded.';

/** Accepts what PostgreSQL drivers return for BIGINT (string or bigint) and plain integers. */
export function toRupiah(value: unknown): number {
  const amount =
    typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : typeof value === 'bigint'
        ? Number(value)
        : value;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new TypeError(`Rupiah must be a whole number of Rupiah within the safe-integer range; got ${String(value)}`);
  }
  if (typeof value === 'bigint' && BigInt(amount) !== value) {
    throw new TypeError(`Rupiah ${value} is beyond the safe-integer range`);
  }
  return amount;
}

export const RupiahScalar = new GraphQLScalarType({
  name: 'Rupiah',
  description: DESCRIPTION,
  serialize: toRupiah,
  parseValue: toRupiah,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new TypeError(`Rupiah literal must be an integer; got ${ast.kind}`);
    return toRupiah(Number(ast.value));
  },
});
