/**
 * Freezes a value and everything reachable from it, including what an earlier shallow freeze
 * left mutable, so a verified identity cannot be changed after `verify` returns it.
 * @internal
 */
export function deepFreeze<T>(value: T, seen = new Set<object>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value

  seen.add(value)
  Object.freeze(value)
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<PropertyKey, unknown>)[key], seen)
  }
  return value
}
