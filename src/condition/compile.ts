import { OperatorCall } from './call.js'
import { ConditionFault, type CompileEnv, type CompiledExpression } from './compiled.js'
import { constant, constantValue } from './constant.js'
import { OPERATORS, type Expression, type OperatorName } from './expression.js'
import { alwaysFault, childPointer, evaluationFault, quote } from './fault.js'
import { isPlainObject } from './kind.js'
import { freezeData, MAX_NESTING, numberProblem } from './literal.js'
import { OPERATOR_COMPILERS } from './operators/index.js'
import { compileRef } from './ref.js'
import { Scope } from './scope.js'

/**
 * Compiles a condition expression once into a closure that evaluates it against an
 * `EvalContext`, with CEL's semantics. The closure returns the expression's value or a
 * {@link ConditionFault}. It catches any exception raised while reading a value that is not
 * JSON, such as a throwing getter, and returns it as a fault of the whole expression.
 *
 * Problems found while compiling go to `env.report` with the JSON Pointer of the offending node
 * below `env.path`: an unknown operator, a wrong argument count, an unsafe pattern, an
 * undefined variable or an invalid literal, for example. That node evaluates to a fault, so an
 * expression compiled in spite of reports still fails closed.
 *
 * `ctx.locals` may start empty: comprehensions write their slots as they run.
 *
 * @example
 * ```ts
 * const isOwner = compileExpression(
 *   { eq: [{ ref: 'R.attr.ownerId' }, { ref: 'P.id' }] },
 *   { path: '/resourcePolicy/rules/0/when', variable: () => undefined,
 *     constant: () => undefined, report: (issue) => issues.push(issue) },
 * )
 * isOwner(ctx) // true, false or a ConditionFault
 * ```
 */
export function compileExpression(expr: Expression, env: CompileEnv): CompiledExpression {
  const compiled = compileNode(expr, env.path, Scope.root(env), 0)
  if (constantValue(compiled) !== undefined) return compiled

  const path = env.path
  return (ctx) => {
    try {
      return compiled(ctx)
    } catch (error) {
      return evaluationFault(error, path)
    }
  }
}

function compileNode(expr: unknown, path: string, scope: Scope, depth: number): CompiledExpression {
  if (depth > MAX_NESTING) {
    return scope.invalid(path, `expression nested deeper than ${MAX_NESTING} levels`)
  }

  switch (typeof expr) {
    case 'string':
    case 'boolean':
      return constant(expr)
    case 'number': {
      const problem = numberProblem(expr)
      return problem === undefined ? constant(expr) : scope.invalid(path, problem)
    }
    case 'object':
      if (expr === null) return constant(null)
      if (Array.isArray(expr)) return compileList(expr, path, scope, depth)
      return compileObject(expr, path, scope, depth)
    default:
      return scope.invalid(path, `unsupported expression of type ${typeof expr}`)
  }
}

/** Compiles a list of expressions; a list of constants becomes one frozen constant list. */
function compileList(
  items: readonly unknown[],
  path: string,
  scope: Scope,
  depth: number,
): CompiledExpression {
  const elements = items.map((item, index) =>
    compileNode(item, childPointer(path, index), scope, depth + 1),
  )
  const constants = elements.map(constantValue)
  if (constants.every((entry) => entry !== undefined)) {
    return constant(Object.freeze(constants.map((entry) => entry.value)))
  }

  return (ctx) => {
    const values: unknown[] = new Array(elements.length)
    for (let i = 0; i < elements.length; i++) {
      const value = (elements[i] as CompiledExpression)(ctx)
      if (value instanceof ConditionFault) return value
      values[i] = value
    }
    return values
  }
}

function compileObject(
  expr: object,
  path: string,
  scope: Scope,
  depth: number,
): CompiledExpression {
  if (!isPlainObject(expr)) {
    return scope.invalid(path, 'unsupported expression: an object that is not plain JSON')
  }
  const keys = Object.keys(expr)
  const [key] = keys
  if (key === undefined) {
    return scope.invalid(
      path,
      'an empty object is not an expression: write { "value": {} } for an empty object',
    )
  }
  if (keys.length > 1) {
    return scope.invalid(
      path,
      `expected exactly one operator key, got ${keys.map(quote).join(', ')}`,
    )
  }

  const argument = (expr as Readonly<Record<string, unknown>>)[key]
  if (key === 'ref') return compileRef(argument, path, scope)
  if (key === 'value') return compileValue(argument, path, scope)
  if (!Object.hasOwn(OPERATORS, key)) return scope.invalid(path, `unknown operator ${quote(key)}`)
  return compileOperator(key as OperatorName, argument, path, scope, depth)
}

function compileValue(data: unknown, path: string, scope: Scope): CompiledExpression {
  const faults: ConditionFault[] = []
  const frozen = freezeData(data, childPointer(path, 'value'), (problemPath, message) => {
    faults.push(new ConditionFault('ERR_CONDITION_INVALID', message, problemPath))
    scope.report(problemPath, message)
  })
  const [fault] = faults
  return fault === undefined ? constant(frozen?.value) : alwaysFault(fault)
}

function compileOperator(
  name: OperatorName,
  args: unknown,
  path: string,
  scope: Scope,
  depth: number,
): CompiledExpression {
  if (!Array.isArray(args)) {
    return scope.invalid(childPointer(path, name), `${name}: arguments must be a list`)
  }

  const { min, max } = OPERATORS[name]
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `at least ${min}`
    const noun = min === 1 ? 'argument' : 'arguments'
    return scope.invalid(path, `${name}: expected ${expected} ${noun}, got ${args.length}`)
  }
  return OPERATOR_COMPILERS[name](new OperatorCall(name, args, path, scope, depth, compileNode))
}
