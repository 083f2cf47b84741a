import type { ColumnType } from 'kysely';

/**
 * JSON text known to encode a `T`: what a json/jsonb column is written with. Text, because the pg driver
 * would turn a JS array into a PostgreSQL array literal; branded, so that kysely still checks the shape.
 */
export type JsonText<T> = string & { readonly __jsonOf: T };

/** The only way to make a JsonText: JSON.stringify of a value of that type. */
export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/**
 * A json/jsonb column: read as the parsed value (pg and PGlite both parse json), written as JsonText of
 * the same shape. kysely's JSONColumnType writes a bare `string`, which would let any text through.
 * A nullable column is `JsonColumn<T> | null` (kysely's column types distribute over the union).
 */
export type JsonColumn<T> = ColumnType<T, JsonText<T>, JsonText<T>>;

/**
 * A BIGINT column: pg reads it as a string; PGlite as a number, or a bigint beyond 2^53. Written as
 * a number (every amount a plan file holds) or a bigint; mappers convert what they read once.
 */
export type BigintColumn = ColumnType<string | number | bigint, number | bigint, number | bigint>;

/** A NUMERIC column: both drivers read it as a string (exact decimal); written as a number. */
export type NumericColumn = ColumnType<string, number | string, number | string>;
