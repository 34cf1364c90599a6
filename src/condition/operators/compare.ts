import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { deepEqual, Incomparable } from '../equality.js'
import { typeFault } from '../fault.js'
import { describeUnsupported, valueKind } from '../kind.js'
import { Duration, Timestamp } from '../values.js'

/** Compiles `eq`: deep equality by type and value; values of different types are unequal. @internal */
export function compileEq(call: OperatorCall): CompiledExpression {
  return compileEquality(call, true)
}

/** Compiles `ne`, the negation of `eq`. @internal */
export function compileNe(call: OperatorCall): CompiledExpression {
  return compileEquality(call, false)
}

function compileEquality(call: OperatorCall, expected: boolean): CompiledExpression {
  const left = call.compile(0)
  const right = call.compile(1)
  const { name, path } = call
  return (ctx) => {
    const a = left(ctx)
    if (a instanceof ConditionFault) return a
    const b = right(ctx)
    if (b instanceof ConditionFault) return b
    if (typeof a === 'string' && typeof b === 'string') return (a === b) === expected

    const equal = deepEqual(a, b)
    if (equal instanceof Incomparable) return typeFault(`${name}: ${equal.reason}`, path)
    return equal === expected
  }
}

/** Compiles `lt`. @internal */
export function compileLt(call: OperatorCall): CompiledExpression {
  return compileOrdering(call, (order) => order < 0)
}

/** Compiles `lte`. @internal */
export function compileLte(call: OperatorCall): CompiledExpression {
  return compileOrdering(call, (order) => order <= 0)
}

/** Compiles `gt`. @internal */
export function compileGt(call: OperatorCall): CompiledExpression {
  return compileOrdering(call, (order) => order > 0)
}

/** Compiles `gte`. @internal */
export function compileGte(call: OperatorCall): CompiledExpression {
  return compileOrdering(call, (order) => order >= 0)
}

/**
 * Builds an ordering operator: numbers, strings (by code point), timestamps and durations
 * compare with their own type; anything else is a type fault.
 */
function compileOrdering(call: OperatorCall, test: (order: number) => boolean): CompiledExpression {
  const left = call.compile(0)
  const right = call.compile(1)
  const { name, path } = call
  return (ctx) => {
    const a = left(ctx)
    if (a instanceof ConditionFault) return a
    const b = right(ctx)
    if (b instanceof ConditionFault) return b

    const order = compareOrdered(a, b)
    return order === undefined ? orderingFault(name, a, b, path) : test(order)
  }
}

/**
 * Returns a negative number, zero or a positive number as `a` orders before, with or after `b`,
 * or undefined when the two cannot be ordered.
 * @internal
 */
export function compareOrdered(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return valueKind(a) === 'number' && valueKind(b) === 'number' ? a - b : undefined
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  if (a instanceof Timestamp && b instanceof Timestamp) return a.compare(b)
  if (a instanceof Duration && b instanceof Duration) return a.compare(b)
  return undefined
}

function orderingFault(name: string, a: unknown, b: unknown, path: string): ConditionFault {
  const kind = valueKind(a)
  const otherKind = valueKind(b)
  if (kind === 'unsupported') {
    return typeFault(`${name}: unsupported value: ${describeUnsupported(a)}`, path)
  }
  if (otherKind === 'unsupported') {
    return typeFault(`${name}: unsupported value: ${describeUnsupported(b)}`, path)
  }
  return typeFault(`${name}: cannot compare ${kind} with ${otherKind}`, path)
}

/**
 * Compares strings by Unicode code point, as CEL does, rather than by UTF-16 code unit as
 * JavaScript's `<` does. The two orders differ only when the first differing unit of one string
 * is a surrogate and the other's is in U+E000 to U+FFFF, so the units are remapped there.
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const unit = a.charCodeAt(i)
    const otherUnit = b.charCodeAt(i)
    if (unit !== otherUnit) return codePointRank(unit) - codePointRank(otherUnit)
  }
  return a.length - b.length
}

/** Moves surrogates above U+E000 to U+FFFF, where the code points they encode belong. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}
