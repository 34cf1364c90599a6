import { compileExpression } from '../../src/condition/compile.js'
import type { CompiledExpression, EvalContext } from '../../src/condition/compiled.js'
import { ConditionFault } from '../../src/condition/compiled.js'
import type { Expression } from '../../src/condition/expression.js'
import type { DelegationValue, PrincipalValue, ResourceValue } from '../../src/engine/model.js'
import type { PolicyIssue } from '../../src/errors.js'

/** The instant most tests evaluate at: 2026-03-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 2, 1, 12, 0, 0)

export interface ContextParts {
  readonly P?: Partial<PrincipalValue>
  readonly R?: Partial<ResourceValue>
  readonly delegation?: Partial<DelegationValue>
  readonly now?: number
}

/** Builds an evaluation context with the defaults of a direct call by user alice. */
export function context(parts: ContextParts = {}): EvalContext {
  return {
    P: {
      id: 'alice',
      kind: 'user',
      roles: ['user'],
      attr: {},
      policyVersion: 'default',
      scope: '',
      ...parts.P,
    },
    R: { kind: 'document', id: 'd1', attr: {}, policyVersion: 'default', scope: '', ...parts.R },
    delegation: { actor: null, subject: null, chain: [], depth: 0, ...parts.delegation },
    now: parts.now ?? NOW,
    locals: [],
  }
}

export interface CompileOptions {
  readonly path?: string
  readonly variables?: Readonly<Record<string, Expression>>
  readonly constants?: Readonly<Record<string, unknown>>
}

export interface Compiled {
  readonly evaluate: CompiledExpression
  readonly issues: readonly PolicyIssue[]
}

/** Compiles `expr`, collecting reports; variables are compiled on demand at `/variables/<name>`. */
export function compile(expr: Expression, options: CompileOptions = {}): Compiled {
  const issues: PolicyIssue[] = []
  const variables = options.variables ?? {}
  const constants = options.constants ?? {}
  const env = {
    path: options.path ?? '/when',
    report: (issue: PolicyIssue) => issues.push(issue),
    variable: (name: string): CompiledExpression | undefined => {
      if (!Object.hasOwn(variables, name)) return undefined
      const definition = variables[name] as Expression
      return compileExpression(definition, { ...env, path: `/variables/${name}` })
    },
    constant: (name: string) =>
      Object.hasOwn(constants, name) ? { value: constants[name] } : undefined,
  }
  return { evaluate: compileExpression(expr, env), issues }
}

/** Compiles `expr`, which must compile without reports, and evaluates it in `ctx`. */
export function run(
  expr: Expression,
  ctx: EvalContext = context(),
  options?: CompileOptions,
): unknown {
  const { evaluate, issues } = compile(expr, options)
  if (issues.length > 0) throw new Error(`unexpected reports: ${JSON.stringify(issues)}`)
  return evaluate(ctx)
}

/**
 * Builds `{ sub: [left, right] }`. Tests build it here because typescript-eslint's
 * no-deprecated rule takes the key `sub` of an object literal typed as Expression, a union that
 * includes string, for the deprecated String.prototype.sub.
 */
export function sub(left: Expression, right: Expression): Expression {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the sub operator, see above
  return { sub: [left, right] }
}

/** Shorthand for a ref node. */
export function ref(path: string | readonly string[]): Expression {
  return { ref: path }
}

/** Returns the fault's code, message and path, or fails when `value` is not a fault. */
export function faultOf(value: unknown): { code: string; message: string; path: string } {
  if (!(value instanceof ConditionFault)) throw new Error(`expected a fault, got ${String(value)}`)
  return { code: value.code, message: value.message, path: value.path }
}
