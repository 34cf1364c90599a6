import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { constant, constantValue } from '../constant.js'
import { arithmeticFault, quote, typeFault } from '../fault.js'
import { valueKind } from '../kind.js'
import { parseDuration, parseTimestamp } from '../time-syntax.js'
import { Duration, Timestamp, timestampAtMillis } from '../values.js'

/** Converts a value to a time value: the converted value, or the message of the failure. */
type Converter = (value: unknown) => unknown

/** Compiles `timestamp(text)`: an RFC 3339 string, or a timestamp passed through. @internal */
export function compileTimestamp(call: OperatorCall): CompiledExpression {
  return compileConversion(call, (value) => {
    if (value instanceof Timestamp) return value
    if (typeof value !== 'string') return `timestamp: expected string, got ${valueKind(value)}`
    const parsed = parseTimestamp(value)
    return typeof parsed === 'string'
      ? `timestamp: invalid RFC 3339 timestamp ${quote(value)}: ${parsed}`
      : parsed
  })
}

/** Compiles `duration(text)`: a Go duration string such as `90m`, or a duration passed through. @internal */
export function compileDuration(call: OperatorCall): CompiledExpression {
  return compileConversion(call, (value) => {
    if (value instanceof Duration) return value
    if (typeof value !== 'string') return `duration: expected string, got ${valueKind(value)}`
    const parsed = parseDuration(value)
    return typeof parsed === 'string'
      ? `duration: invalid duration ${quote(value)}: ${parsed}`
      : parsed
  })
}

/**
 * Builds a conversion. A constant argument is converted once, at compile time, where a failure
 * is reported. Any other argument is converted at evaluation, where a failure is a type fault.
 */
function compileConversion(call: OperatorCall, convert: Converter): CompiledExpression {
  const operand = call.compile(0)
  const literal = constantValue(operand)
  if (literal !== undefined) {
    const converted = convert(literal.value)
    return typeof converted === 'string'
      ? call.invalid(converted, call.argPath(0))
      : constant(converted)
  }

  const path = call.path
  return (ctx) => {
    const value = operand(ctx)
    if (value instanceof ConditionFault) return value
    const converted = convert(value)
    return typeof converted === 'string' ? typeFault(converted, path) : converted
  }
}

/** Compiles `timeSince(timestamp)`: the duration from the timestamp to the check's `now`. @internal */
export function compileTimeSince(call: OperatorCall): CompiledExpression {
  const operand = call.compile(0)
  const path = call.path
  return (ctx) => {
    const value = operand(ctx)
    if (value instanceof ConditionFault) return value
    if (!(value instanceof Timestamp)) {
      return typeFault(`timeSince: expected timestamp, got ${valueKind(value)}`, path)
    }
    const since = timestampAtMillis(ctx.now).since(value)
    return (
      since ?? arithmeticFault('timeSince: duration outside the range of 64-bit nanoseconds', path)
    )
  }
}
