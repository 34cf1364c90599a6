import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { arithmeticFault, typeFault } from '../fault.js'
import { describeUnsupported, isSupportedNumber, valueKind } from '../kind.js'
import { Duration, Timestamp } from '../values.js'

/** Applies an operator to two operands that are not faults. */
type Apply = (a: unknown, b: unknown, name: string, path: string) => unknown

/**
 * Compiles `add`: numbers add, strings and lists concatenate, a duration adds to a timestamp
 * or to another duration.
 * @internal
 */
export function compileAdd(call: OperatorCall): CompiledExpression {
  return compileArithmetic(call, (a, b, name, path) => {
    if (typeof a === 'number' && typeof b === 'number') return numberResult(a, b, a + b, name, path)
    if (typeof a === 'string' && typeof b === 'string') return a + b
    if (Array.isArray(a) && Array.isArray(b)) return [...(a as unknown[]), ...(b as unknown[])]
    if (a instanceof Timestamp && b instanceof Duration) return shifted(a, b, name, path)
    if (a instanceof Duration && b instanceof Timestamp) return shifted(b, a, name, path)
    if (a instanceof Duration && b instanceof Duration) return durationResult(a.plus(b), name, path)
    return operandFault(`cannot add ${valueKind(a)} and ${valueKind(b)}`, a, b, name, path)
  })
}

/**
 * Compiles `sub`: numbers subtract, a duration subtracts from a timestamp or a duration, and
 * the difference of two timestamps is a duration.
 * @internal
 */
export function compileSub(call: OperatorCall): CompiledExpression {
  return compileArithmetic(call, (a, b, name, path) => {
    if (typeof a === 'number' && typeof b === 'number') return numberResult(a, b, a - b, name, path)
    if (a instanceof Timestamp && b instanceof Timestamp) {
      return durationResult(a.since(b), name, path)
    }
    if (b instanceof Duration && (a instanceof Timestamp || a instanceof Duration)) {
      const negated = b.negated()
      if (negated === undefined) return durationResult(undefined, name, path)
      if (a instanceof Timestamp) return shifted(a, negated, name, path)
      return durationResult(a.plus(negated), name, path)
    }
    return operandFault(`cannot subtract ${valueKind(b)} from ${valueKind(a)}`, a, b, name, path)
  })
}

/** Compiles `mul` on numbers. @internal */
export function compileMul(call: OperatorCall): CompiledExpression {
  return compileNumeric(call, (a, b, name, path) => numberResult(a, b, a * b, name, path))
}

/** Compiles `div` on numbers: floating-point division, with division by zero a fault. @internal */
export function compileDiv(call: OperatorCall): CompiledExpression {
  return compileNumeric(call, (a, b, name, path) => {
    if (b === 0) return arithmeticFault('div: division by zero', path)
    return numberResult(a, b, a / b, name, path)
  })
}

/** Compiles `mod` on numbers: the remainder takes the dividend's sign, as in CEL and Go. @internal */
export function compileMod(call: OperatorCall): CompiledExpression {
  return compileNumeric(call, (a, b, name, path) => {
    if (b === 0) return arithmeticFault('mod: modulo by zero', path)
    return numberResult(a, b, a % b, name, path)
  })
}

function compileArithmetic(call: OperatorCall, apply: Apply): CompiledExpression {
  const left = call.compile(0)
  const right = call.compile(1)
  const { name, path } = call
  return (ctx) => {
    const a = left(ctx)
    if (a instanceof ConditionFault) return a
    const b = right(ctx)
    if (b instanceof ConditionFault) return b
    return apply(a, b, name, path)
  }
}

function compileNumeric(
  call: OperatorCall,
  apply: (a: number, b: number, name: string, path: string) => unknown,
): CompiledExpression {
  return compileArithmetic(call, (a, b, name, path) => {
    if (typeof a === 'number' && typeof b === 'number') return apply(a, b, name, path)
    return operandFault(
      `expected numbers, got ${valueKind(a)} and ${valueKind(b)}`,
      a,
      b,
      name,
      path,
    )
  })
}

/**
 * Checks the operands and the result of a numeric operation. Every number must stay below 2^53
 * in magnitude, so a result outside that range is a fault rather than a rounded value.
 */
function numberResult(a: number, b: number, result: number, name: string, path: string): unknown {
  if (!isSupportedNumber(a)) {
    return typeFault(`${name}: unsupported value: ${describeUnsupported(a)}`, path)
  }
  if (!isSupportedNumber(b)) {
    return typeFault(`${name}: unsupported value: ${describeUnsupported(b)}`, path)
  }
  if (isSupportedNumber(result)) return result
  return arithmeticFault(
    `${name}: result ${result} outside the safe range (magnitude below 2^53)`,
    path,
  )
}

function shifted(timestamp: Timestamp, duration: Duration, name: string, path: string): unknown {
  const result = timestamp.plus(duration)
  if (result !== undefined) return result
  return arithmeticFault(`${name}: timestamp outside the range 0001-01-01 to 9999-12-31`, path)
}

function durationResult(result: Duration | undefined, name: string, path: string): unknown {
  return (
    result ?? arithmeticFault(`${name}: duration outside the range of 64-bit nanoseconds`, path)
  )
}

/** Returns the type fault for operands of the wrong types, naming an unsupported value first. */
function operandFault(
  message: string,
  a: unknown,
  b: unknown,
  name: string,
  path: string,
): ConditionFault {
  for (const value of [a, b]) {
    if (valueKind(value) === 'unsupported') {
      return typeFault(`${name}: unsupported value: ${describeUnsupported(value)}`, path)
    }
  }
  return typeFault(`${name}: ${message}`, path)
}
