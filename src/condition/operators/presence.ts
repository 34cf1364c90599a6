import { compilePresence } from '../attribute.js'
import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { typeFault } from '../fault.js'
import { valueKind } from '../kind.js'
import { isRefNode, resolveRef } from '../ref.js'

/**
 * Compiles `has(ref)`: true when the attribute the ref selects is present as an own property,
 * false when it or an intermediate attribute is missing. The argument must be a ref with at
 * least one attribute segment, such as `R.attr.owner`, because fixed fields are always present.
 * @internal
 */
export function compileHas(call: OperatorCall): CompiledExpression {
  const arg = call.args[0]
  const path = call.argPath(0)
  const message = 'has: argument must be a ref that selects an attribute, such as R.attr.owner'
  if (!isRefNode(arg)) return call.invalid(message, path)

  const resolved = resolveRef(arg.ref, path, call.scope)
  if (resolved instanceof ConditionFault) return () => resolved
  if (resolved.steps.length === 0) return call.invalid(message, path)
  return compilePresence(resolved.base, resolved.steps)
}

/**
 * Compiles `size`: the number of code points of a string (as CEL counts), the length of a
 * list, or the number of own keys of an object.
 * @internal
 */
export function compileSize(call: OperatorCall): CompiledExpression {
  const operand = call.compile(0)
  const path = call.path
  return (ctx) => {
    const value = operand(ctx)
    if (typeof value === 'string') return codePointLength(value)
    if (Array.isArray(value)) return value.length
    if (value instanceof ConditionFault) return value
    if (valueKind(value) === 'object') return ownKeyCount(value as object)
    return typeFault(`size: expected string, list or object, got ${valueKind(value)}`, path)
  }
}

/** Counts code points; a lone surrogate counts as one. @internal */
export function codePointLength(text: string): number {
  let count = text.length
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--
        i++
      }
    }
  }
  return count
}

function ownKeyCount(value: object): number {
  let count = 0
  for (const key in value) {
    if (Object.hasOwn(value, key)) count++
  }
  return count
}
