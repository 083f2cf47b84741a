/**
 * `compute` kept per parent object. A comparison's rows feed both its `rows` and its `summary`, which graphql-js
 * resolves on the same comparison object of the same request (national's `_entities` builds one per
 * representation): the second field then reuses the rows the first computed instead of laying out, pairing and
 * ranking every cell again. A rejection is kept too: the same cells would fail the same way.
 */
export function oncePerComparison<Comparison extends object, Rest extends unknown[], Value>(
  compute: (comparison: Comparison, ...rest: Rest) => Value,
): (comparison: Comparison, ...rest: Rest) => Value {
  const computed = new WeakMap<Comparison, Value>();
  return (comparison, ...rest) => {
    if (!computed.has(comparison)) computed.set(comparison, compute(comparison, ...rest));
    return computed.get(comparison) as Value;
  };
}
