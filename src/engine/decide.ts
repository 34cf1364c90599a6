import type { CompiledPolicySet } from './compiled.js'
import type {
  Decision,
  DecisionError,
  Evaluation,
  EvaluationRole,
  Output,
  ReasonCode,
  ValidationError,
} from './decision.js'
import { evaluatePrincipal } from './evaluate.js'
import type { EvaluateOptions, PrincipalOutcome } from './evaluate.js'
import type { DelegationValue, PrincipalValue, ResourceValue } from './model.js'

/** @internal A principal to evaluate and the part it plays in the request. */
export interface Participant {
  readonly as: EvaluationRole
  readonly principal: PrincipalValue
}

/** @internal Everything one check decides on. */
export interface DecideInput {
  readonly set: CompiledPolicySet
  readonly revision: number
  readonly participants: readonly Participant[]
  readonly resource: ResourceValue
  readonly delegation: DelegationValue
  readonly action: string
  readonly now: number
  readonly options: EvaluateOptions
}

/**
 * Evaluates every participant in the same delegation context and at the same instant. The
 * action is allowed only if every participant is allowed.
 *
 * NOTE: each call allocates its context, evaluation log and decision. Precomputed, frozen
 * decisions for outcomes that need no explanation are not built yet, so a check costs
 * hundreds of nanoseconds where hand-written code costs tens.
 * @internal
 */
export function decide(input: DecideInput): Decision {
  const outcomes = input.participants.map((participant) => {
    const ctx = {
      P: participant.principal,
      R: input.resource,
      delegation: input.delegation,
      now: input.now,
      locals: [],
    }
    return { participant, outcome: evaluatePrincipal(input.set, ctx, input.action, input.options) }
  })

  return combine(outcomes, input.revision)
}

/** Builds a deny decision that no policy was evaluated for. @internal */
export function rejected(
  reasons: readonly ReasonCode[],
  errors: readonly DecisionError[],
  revision: number,
): Decision {
  return {
    allowed: false,
    effect: 'deny',
    evaluations: [],
    reasons: [...new Set(reasons)],
    errors,
    outputs: [],
    validationErrors: [],
    revision,
  }
}

function combine(
  outcomes: readonly { participant: Participant; outcome: PrincipalOutcome }[],
  revision: number,
): Decision {
  let allowed = outcomes.length > 0
  const evaluations: Evaluation[] = []
  const reasons: ReasonCode[] = []
  let errors: DecisionError[] = []
  let outputs: Output[] = []
  let validationErrors: ValidationError[] = []

  for (const { participant, outcome } of outcomes) {
    if (outcome.effect !== 'allow') allowed = false
    evaluations.push({
      principal: participant.principal.id,
      as: participant.as,
      effect: outcome.effect,
      policy: outcome.policy,
      rule: outcome.rule,
      scope: outcome.scope,
      reasons: outcome.reasons,
    })
    for (const reason of outcome.reasons) if (!reasons.includes(reason)) reasons.push(reason)
    if (outcome.log.errors.length > 0) errors = errors.concat(outcome.log.errors)
    if (outcome.log.outputs.length > 0) outputs = outputs.concat(outcome.log.outputs)
    if (outcome.validationErrors.length > 0) {
      validationErrors = validationErrors.concat(outcome.validationErrors)
    }
  }

  return {
    allowed,
    effect: allowed ? 'allow' : 'deny',
    evaluations,
    reasons,
    errors: unique(errors),
    outputs: sortOutputs(unique(outputs)),
    validationErrors: unique(validationErrors),
    revision,
  }
}

/** Drops repeated items, compared as JSON. @internal */
export function unique<T>(items: T[]): T[] {
  if (items.length < 2) return items

  const seen = new Set<string>()
  return items.filter((item) => {
    const key = JSON.stringify(item)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Sorts outputs by (`src`, `action`). @internal */
export function sortOutputs(outputs: Output[]): Output[] {
  if (outputs.length < 2) return outputs
  return outputs.sort((a, b) => compare(a.src, b.src) || compare(a.action, b.action))
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
