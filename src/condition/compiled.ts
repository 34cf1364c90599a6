import type { ErrorCode, PolicyIssue } from '../errors.js'
import type { DelegationValue, PrincipalValue, ResourceValue } from '../engine/model.js'

/**
 * The error value of a condition that cannot be evaluated. Compiled expressions return it
 * instead of throwing, so `or` and `and` can absorb it the way CEL does.
 */
export class ConditionFault {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    /** JSON Pointer of the failing expression, relative to the policy document. */
    readonly path: string,
  ) {}
}

/** Everything a compiled expression reads during one check. */
export interface EvalContext {
  readonly P: PrincipalValue
  readonly R: ResourceValue
  readonly delegation: DelegationValue
  /** The check's instant in milliseconds since the epoch, read once per check. */
  readonly now: number
  /** Values of variables bound by `exists` and `all`, by slot number given at compile time. */
  readonly locals: unknown[]
}

/** A condition compiled into a closure: returns a value or a {@link ConditionFault}. */
export type CompiledExpression = (ctx: EvalContext) => unknown

/** What the compiler needs from the policy being compiled. */
export interface CompileEnv {
  /** JSON Pointer of the expression being compiled, for example `/resourcePolicy/rules/0/when`. */
  readonly path: string
  /** Resolves `V.name`; undefined when the policy defines or imports no such variable. */
  variable(name: string): CompiledExpression | undefined
  /** Resolves `C.name`; undefined when the policy defines or imports no such constant. */
  constant(name: string): { readonly value: unknown } | undefined
  /** Records a problem found at compile time, such as an unsafe regex or an unknown operator. */
  report(issue: PolicyIssue): void
}
