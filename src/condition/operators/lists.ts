import type { OperatorCall } from '../call.js'
import { isCelIdentifier } from '../cel-syntax.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { REF_ROOTS } from '../expression.js'
import { quote, typeFault } from '../fault.js'
import { valueKind } from '../kind.js'

/**
 * Names a bound variable may not take: the ref roots, and the identifiers Cerbos' CEL
 * environment declares, which a printed comprehension would otherwise shadow.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...REF_ROOTS,
  'request',
  'runtime',
  'variables',
  'constants',
  'globals',
  'G',
])

/**
 * Compiles `exists(list, name, predicate)`: true when the predicate is true for some element,
 * else the first fault or non-boolean result, else false. Iteration stops at the first true.
 * @internal
 */
export function compileExists(call: OperatorCall): CompiledExpression {
  return compileComprehension(call, true)
}

/**
 * Compiles `all(list, name, predicate)`: false when the predicate is false for some element,
 * else the first fault or non-boolean result, else true. Iteration stops at the first false.
 * @internal
 */
export function compileAll(call: OperatorCall): CompiledExpression {
  return compileComprehension(call, false)
}

/**
 * Builds `exists` (`decisive` true) or `all` (`decisive` false). Each element is stored in the
 * variable's slot of `ctx.locals`. Variables (`V.x`) are compiled separately and may use the
 * same slot for their own comprehensions, so the slot's previous value is restored at the end.
 */
function compileComprehension(call: OperatorCall, decisive: boolean): CompiledExpression {
  const list = call.compile(0)
  const variable = call.args[1]
  const problem = bindingProblem(variable)
  if (problem !== undefined) return call.invalid(`${call.name}: ${problem}`, call.argPath(1))

  const [scope, slot] = call.scope.bind(variable as string)
  const predicate = call.compile(2, scope)
  const { name, path } = call
  const predicatePath = call.argPath(2)

  return (ctx) => {
    const items = list(ctx)
    if (items instanceof ConditionFault) return items
    if (!Array.isArray(items)) {
      return typeFault(`${name}: expected list, got ${valueKind(items)}`, path)
    }

    const locals = ctx.locals
    const saved = locals[slot]
    let pending: unknown = !decisive
    let hasPending = false
    for (let i = 0; i < items.length; i++) {
      locals[slot] = items[i]
      const value = predicate(ctx)
      if (value === decisive) {
        locals[slot] = saved
        return decisive
      }
      if (!hasPending && value !== !decisive) {
        pending = value
        hasPending = true
      }
    }
    locals[slot] = saved

    if (!hasPending || pending instanceof ConditionFault) return pending
    return typeFault(
      `${name}: predicate must return boolean, got ${valueKind(pending)}`,
      predicatePath,
    )
  }
}

function bindingProblem(variable: unknown): string | undefined {
  if (typeof variable !== 'string') return 'variable name must be a literal string'
  if (!isCelIdentifier(variable)) {
    return `invalid variable name ${quote(variable)}: expected an identifier`
  }
  if (RESERVED_NAMES.has(variable)) return `variable name ${quote(variable)} is reserved`
  return undefined
}
