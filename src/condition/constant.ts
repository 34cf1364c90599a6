import type { CompiledExpression } from './compiled.js'

const constants = new WeakMap<CompiledExpression, { readonly value: unknown }>()

/** Returns a closure for a value known at compile time, recorded for folding. @internal */
export function constant(value: unknown): CompiledExpression {
  const compiled: CompiledExpression = () => value
  constants.set(compiled, { value })
  return compiled
}

/**
 * Returns the value of a closure made by {@link constant}, or undefined when the closure
 * computes its value at evaluation time. A fault is never a constant value.
 * @internal
 */
export function constantValue(
  compiled: CompiledExpression,
): { readonly value: unknown } | undefined {
  return constants.get(compiled)
}
