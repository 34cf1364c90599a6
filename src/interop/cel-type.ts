/**
 * The static type of a printed CEL expression, as far as the printer can tell. `dyn` is a value
 * whose type only the request decides, such as an attribute. Cerbos type-checks conditions
 * when it compiles policies, so an operator applied to two values of known, incompatible types
 * (`"a" == 1.0`) fails `cerbos compile`. The printer wraps one side in `dyn()` there, which
 * moves the check to evaluation, where it behaves as in hopgate.
 * @internal
 */
export type CelType =
  | { readonly name: 'dyn' | 'bool' | 'double' | 'string' | 'null' | 'timestamp' | 'duration' }
  | { readonly name: 'list' | 'map'; readonly element: CelType }

/** @internal */
export const DYN: CelType = { name: 'dyn' }
/** @internal */
export const BOOL: CelType = { name: 'bool' }
/** @internal */
export const DOUBLE: CelType = { name: 'double' }
/** @internal */
export const STRING: CelType = { name: 'string' }
/** @internal */
export const NULL: CelType = { name: 'null' }
/** @internal */
export const TIMESTAMP: CelType = { name: 'timestamp' }
/** @internal */
export const DURATION: CelType = { name: 'duration' }

/** A list type with elements of `element`. @internal */
export function listOf(element: CelType): CelType {
  return { name: 'list', element }
}

/** A map type with string keys and values of `element`. @internal */
export function mapOf(element: CelType): CelType {
  return { name: 'map', element }
}

/**
 * Tells whether the CEL checker accepts values of types `a` and `b` where an operator needs
 * one type for both, as `==` and `in` do. `dyn` matches anything, recursively.
 * @internal
 */
export function unifiable(a: CelType, b: CelType): boolean {
  if (a.name === 'dyn' || b.name === 'dyn') return true
  if (a.name !== b.name) return false
  if ('element' in a && 'element' in b) return unifiable(a.element, b.element)
  return true
}

/** The type of a list literal: the elements' type when they share one, else `dyn`. @internal */
export function commonType(types: readonly CelType[]): CelType {
  const [first] = types
  if (first === undefined) return DYN
  return types.every((type) => sameType(type, first)) ? first : DYN
}

function sameType(a: CelType, b: CelType): boolean {
  if (a.name !== b.name) return false
  if ('element' in a && 'element' in b) return sameType(a.element, b.element)
  return true
}

/** Tells whether a value of `type` may be one of `names` once the request is known. @internal */
export function mayBe(type: CelType, ...names: readonly CelType['name'][]): boolean {
  return type.name === 'dyn' || names.includes(type.name)
}

/** The element type of a list, or `dyn` when the type is not known to be a list. @internal */
export function elementOf(type: CelType): CelType {
  return type.name === 'list' ? type.element : DYN
}
