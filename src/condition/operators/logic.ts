import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression, type EvalContext } from '../compiled.js'
import { typeFault } from '../fault.js'
import { valueKind } from '../kind.js'

/**
 * Compiles n-ary `and` with CEL's commutative error absorption: false if any operand is false,
 * otherwise the first fault (or type fault for a non-boolean operand), otherwise true.
 * Evaluation stops at the first false operand.
 * @internal
 */
export function compileAnd(call: OperatorCall): CompiledExpression {
  return compileJunction(call, false)
}

/**
 * Compiles n-ary `or`: true if any operand is true, otherwise the first fault (or type fault
 * for a non-boolean operand), otherwise false. Evaluation stops at the first true operand.
 * @internal
 */
export function compileOr(call: OperatorCall): CompiledExpression {
  return compileJunction(call, true)
}

/**
 * Builds `and` (`decisive` false) or `or` (`decisive` true): the decisive value wins over every
 * fault, the way `true || error` is true in CEL.
 */
function compileJunction(call: OperatorCall, decisive: boolean): CompiledExpression {
  const operands = call.compileAll()
  const paths = call.args.map((_, index) => call.argPath(index))
  const [first, second] = operands
  const [firstPath = '', secondPath = ''] = paths
  const name = call.name

  if (operands.length === 1 && first !== undefined) {
    return (ctx) => settle(first(ctx), name, firstPath)
  }
  if (operands.length === 2 && first !== undefined && second !== undefined) {
    return (ctx) => {
      const left = first(ctx)
      if (left === decisive) return decisive
      const right = second(ctx)
      if (right === decisive) return decisive
      return left === !decisive ? settle(right, name, secondPath) : settle(left, name, firstPath)
    }
  }
  return (ctx) => junctionOf(ctx, operands, paths, decisive, name)
}

function junctionOf(
  ctx: EvalContext,
  operands: readonly CompiledExpression[],
  paths: readonly string[],
  decisive: boolean,
  name: string,
): unknown {
  let pending: unknown = !decisive
  let pendingIndex = -1
  for (let i = 0; i < operands.length; i++) {
    const value = (operands[i] as CompiledExpression)(ctx)
    if (value === decisive) return decisive
    if (value !== !decisive && pendingIndex < 0) {
      pending = value
      pendingIndex = i
    }
  }
  return pendingIndex < 0 ? pending : settle(pending, name, paths[pendingIndex] ?? '')
}

/** Returns `value` when it is a boolean or a fault, else a type fault at `path`. */
function settle(value: unknown, name: string, path: string): unknown {
  if (typeof value === 'boolean' || value instanceof ConditionFault) return value
  return typeFault(`${name}: expected boolean, got ${valueKind(value)}`, path)
}

/** Compiles `not`: negates a boolean; a fault stays a fault. @internal */
export function compileNot(call: OperatorCall): CompiledExpression {
  const operand = call.compile(0)
  const path = call.argPath(0)
  return (ctx) => {
    const value = operand(ctx)
    if (value === true) return false
    if (value === false) return true
    if (value instanceof ConditionFault) return value
    return typeFault(`not: expected boolean, got ${valueKind(value)}`, path)
  }
}
