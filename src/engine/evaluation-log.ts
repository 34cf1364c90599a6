import { ConditionFault } from '../condition/compiled.js'
import type { CompiledExpression, EvalContext } from '../condition/compiled.js'
import type { DecisionError, Output } from './decision.js'

const EMPTY: readonly never[] = Object.freeze([])

/**
 * What one principal's evaluation met on its way: errors and outputs, plus flags that become
 * reason codes when the evaluation ends in a deny.
 * @internal
 */
export class EvaluationLog {
  // Shared empty lists until the first entry: most checks record nothing.
  errors: readonly DecisionError[] = EMPTY
  outputs: readonly Output[] = EMPTY
  /** An allow was dropped because a custom role does not list the pair. */
  narrowed = false

  /** Records a condition fault met in a policy rule. */
  fault(fault: ConditionFault, policy: string, rule: string | null): void {
    const error = { code: fault.code, policy, rule, path: fault.path, message: fault.message }
    this.errors = this.errors === EMPTY ? [error] : [...this.errors, error]
  }

  /** Evaluates an output expression and records its value or its error. */
  output(
    expression: CompiledExpression,
    ctx: EvalContext,
    src: string,
    action: string,
    principal: string,
  ): void {
    const value = evaluate(expression, ctx, '')
    const json = value instanceof ConditionFault ? value : toJson(value)
    const output: Output =
      json instanceof ConditionFault
        ? { src, action, principal, error: json.message }
        : { src, action, principal, val: json }
    this.outputs = this.outputs === EMPTY ? [output] : [...this.outputs, output]
  }
}

/**
 * Runs a compiled expression. A compiled expression returns faults rather than throwing, so
 * this catch only guards against the unexpected, turning it into a fault too: an exception
 * must never escape a check.
 * @internal
 */
export function evaluate(expression: CompiledExpression, ctx: EvalContext, path: string): unknown {
  try {
    return expression(ctx)
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error'
    return new ConditionFault('ERR_CONDITION_INVALID', `evaluation failed: ${reason}`, path)
  }
}

/**
 * Evaluates a condition to `true`, `false` or a fault; a result that is not a boolean is a
 * type fault.
 * @internal
 */
export function evaluateCondition(
  expression: CompiledExpression,
  ctx: EvalContext,
  path: string,
): boolean | ConditionFault {
  const value = evaluate(expression, ctx, path)
  if (typeof value === 'boolean' || value instanceof ConditionFault) return value

  const type = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value
  return new ConditionFault('ERR_CONDITION_TYPE', `condition must be a boolean, got ${type}`, path)
}

// Output values leave the engine as JSON: timestamps and durations become strings through
// their own toJSON. A value with no JSON form, such as a bigint attribute, is an error.
function toJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number' && Number.isFinite(value)) return value

  try {
    const text = JSON.stringify(value) as string | undefined
    if (text !== undefined) return JSON.parse(text) as unknown
  } catch {
    // Falls through to the fault below.
  }
  return new ConditionFault('ERR_CONDITION_TYPE', 'output value has no JSON form', '')
}
