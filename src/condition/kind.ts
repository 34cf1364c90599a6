import { Duration, Timestamp } from './values.js'

/**
 * The type of a condition value, spelled as fault messages print it. `unsupported` covers
 * everything that is not JSON data or a time value: `undefined`, bigints, functions, symbols,
 * objects other than arrays and plain objects, non-finite numbers, and integers outside
 * `Number.isSafeInteger`, which JSON parsing may already have rounded.
 * @internal
 */
export type ValueKind =
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | 'list'
  | 'object'
  | 'timestamp'
  | 'duration'
  | 'unsupported'

/** Returns the {@link ValueKind} of `value`. @internal */
export function valueKind(value: unknown): ValueKind {
  switch (typeof value) {
    case 'string':
      return 'string'
    case 'boolean':
      return 'boolean'
    case 'number':
      return isSupportedNumber(value) ? 'number' : 'unsupported'
    case 'object':
      return objectKind(value)
    default:
      return 'unsupported'
  }
}

function objectKind(value: object | null): ValueKind {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Timestamp) return 'timestamp'
  if (value instanceof Duration) return 'duration'
  return isPlainObject(value) ? 'object' : 'unsupported'
}

/**
 * Tells whether a number can take part in a condition: finite, and a safe integer whenever it
 * is an integer. Every double of magnitude 2^53 or more is an integer, so this bounds all
 * numbers to the safe range.
 * @internal
 */
export function isSupportedNumber(value: number): boolean {
  return Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value))
}

/** Tells whether `value` is an object whose prototype is `Object.prototype` or null. @internal */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Describes a value of kind `unsupported` for a fault message. @internal */
export function describeUnsupported(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? `integer ${value} outside the safe range (magnitude below 2^53)`
      : `number ${value}`
  }
  if (typeof value !== 'object' || value === null) return typeof value
  return 'object that is neither an array nor a plain object'
}
