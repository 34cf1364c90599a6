import type { ErrorCode } from '../errors.js'
import type { Effect } from '../policy/document.js'

/** Stable codes for why an action was denied. */
export type ReasonCode =
  | 'NO_MATCH'
  | 'DENIED_BY_RULE'
  | 'CONDITION_ERROR'
  | 'SCHEMA_REJECTED'
  | 'NARROWED_BY_ROLE'
  | 'SCOPE_MISSING'
  | 'AGENT_WITHOUT_USER'
  | 'DELEGATION_INVALID'
  | 'CREDENTIALS_INVALID'
  | 'REQUEST_INVALID'

/** How the principal of an evaluation took part in the request. */
export type EvaluationRole = 'principal' | 'actor' | 'subject'

/** The outcome for one evaluated principal. */
export interface Evaluation {
  /** Id of the evaluated principal. */
  readonly principal: string
  readonly as: EvaluationRole
  readonly effect: Effect
  /** Id of the deciding policy, for example `resource.document.vdefault/acme`; null on no match. */
  readonly policy: string | null
  /** Name of the deciding rule; null on no match. */
  readonly rule: string | null
  /** Scope that decided; `''` is the root scope. */
  readonly scope: string
  /** Why this principal was denied; empty when allowed. */
  readonly reasons: readonly ReasonCode[]
}

/** An error met while deciding: a condition that failed, a token that was rejected. */
export interface DecisionError {
  readonly code: ErrorCode
  /** Id of the policy whose rule hit the error, or null for request and token errors. */
  readonly policy: string | null
  /** Name of the rule, or null. */
  readonly rule: string | null
  /** JSON Pointer into the policy (`/resourcePolicy/rules/0/when`) or the request. */
  readonly path: string
  readonly message: string
}

/** The value of one rule output, or the error met evaluating it. */
export type Output =
  | {
      readonly src: string
      readonly action: string
      readonly principal: string
      readonly val: unknown
    }
  | {
      readonly src: string
      readonly action: string
      readonly principal: string
      readonly error: string
    }

/** One attribute schema violation. */
export interface ValidationError {
  /** JSON Pointer into the attributes. */
  readonly path: string
  readonly message: string
  readonly source: 'principal' | 'resource'
}

/** The result of a check. */
export interface Decision {
  readonly allowed: boolean
  readonly effect: Effect
  /** One per evaluated principal: actor first, then subject, under on-behalf-of. */
  readonly evaluations: readonly Evaluation[]
  /** Why the action was denied, deduplicated; empty when allowed. */
  readonly reasons: readonly ReasonCode[]
  readonly errors: readonly DecisionError[]
  /** Sorted by (`src`, `action`), deduplicated. */
  readonly outputs: readonly Output[]
  readonly validationErrors: readonly ValidationError[]
  /** Revision of the policy set that decided; starts at 1. */
  readonly revision: number
}
