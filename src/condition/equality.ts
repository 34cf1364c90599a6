import { describeUnsupported, valueKind } from './kind.js'
import { MAX_NESTING } from './literal.js'
import type { Duration, Timestamp } from './values.js'

/** Why two values could not be compared: one of them, or a part of one, is not a condition value. @internal */
export class Incomparable {
  constructor(readonly reason: string) {}
}

/**
 * Compares two values by type and value with no coercion, as CEL's heterogeneous equality
 * does, so values of different types are unequal (`"5"` is not `5`). Lists are equal when
 * their elements are equal in order, and objects when they have the same own keys with equal
 * values. Timestamps and durations are equal when they denote the same instant or span.
 *
 * Returns an {@link Incomparable} when either side contains a value that is not supported,
 * such as an unsafe integer, because comparing a rounded number would give a wrong result
 * silently. Nesting deeper than {@link MAX_NESTING} levels, a cycle included, is incomparable.
 * @internal
 */
export function deepEqual(left: unknown, right: unknown): boolean | Incomparable {
  return equalAt(left, right, 0)
}

function equalAt(left: unknown, right: unknown, depth: number): boolean | Incomparable {
  const kind = valueKind(left)
  const otherKind = valueKind(right)
  if (kind === 'unsupported') {
    return new Incomparable(`unsupported value: ${describeUnsupported(left)}`)
  }
  if (otherKind === 'unsupported') {
    return new Incomparable(`unsupported value: ${describeUnsupported(right)}`)
  }
  if (kind !== otherKind) return false
  if (depth > MAX_NESTING) return new Incomparable(`value nested deeper than ${MAX_NESTING} levels`)

  switch (kind) {
    case 'list':
      return listsEqual(left as readonly unknown[], right as readonly unknown[], depth)
    case 'object':
      return objectsEqual(
        left as Readonly<Record<string, unknown>>,
        right as Readonly<Record<string, unknown>>,
        depth,
      )
    case 'timestamp':
      return (left as Timestamp).compare(right as Timestamp) === 0
    case 'duration':
      return (left as Duration).compare(right as Duration) === 0
    default:
      return left === right
  }
}

function listsEqual(
  left: readonly unknown[],
  right: readonly unknown[],
  depth: number,
): boolean | Incomparable {
  if (left.length !== right.length) return false
  for (let i = 0; i < left.length; i++) {
    const equal = equalAt(left[i], right[i], depth + 1)
    if (equal !== true) return equal
  }
  return true
}

function objectsEqual(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
  depth: number,
): boolean | Incomparable {
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  for (const key of keys) {
    if (!Object.hasOwn(right, key)) return false
    const equal = equalAt(left[key], right[key], depth + 1)
    if (equal !== true) return equal
  }
  return true
}
