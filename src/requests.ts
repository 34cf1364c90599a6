import type { Identity } from './identity/identity.js'
import type { Credentials } from './identity/identity.js'
import type { Decision, DecisionError, Output, ValidationError } from './engine/decision.js'
import type { Principal, Resource } from './engine/model.js'
import type { Effect } from './policy/document.js'

/** Who a check is for: a principal supplied by the caller, or a verified identity. */
export interface PartiesRequest {
  /** The caller supplied principal; under on-behalf-of, the user. */
  readonly principal?: Principal
  /** The workload or agent acting for `principal`; makes the check on-behalf-of. */
  readonly actor?: Principal
  /**
   * Actor ids, current actor first, then prior actors.
   * @defaultValue `[actor.id]`
   */
  readonly chain?: readonly string[]
  /** Scopes of the delegated token, which bound an agent. */
  readonly scopes?: readonly string[]
  /** An identity returned by `authorizer.verify`, in place of `principal`. */
  readonly identity?: Identity
  /** Carried into the decision record. */
  readonly requestId?: string
}

/** A request to `authorizer.check`. */
export interface CheckRequest extends PartiesRequest {
  readonly resource: Resource
  readonly action: string
}

/** A request to `authorizer.checkAccess`: raw credentials, or a principal as for `check`. */
export interface AccessRequest extends Omit<CheckRequest, 'identity'> {
  readonly credentials?: Credentials
}

/** One resource of a batch check and the actions to decide on it. */
export interface ResourceActions {
  readonly resource: Resource
  readonly actions: readonly string[]
}

/** A request to `authorizer.checkResources`. */
export interface CheckResourcesRequest extends PartiesRequest {
  readonly resources: readonly ResourceActions[]
}

/** The result for one resource of a batch check. */
export interface ResourceResult {
  readonly resource: { readonly kind: string; readonly id: string }
  /** The effect of each requested action. */
  readonly actions: Readonly<Record<string, Effect>>
  readonly outputs: readonly Output[]
  readonly validationErrors: readonly ValidationError[]
  /** The full decision of each requested action, for explanations. */
  readonly decisions: Readonly<Record<string, Decision>>
}

/**
 * The result of `authorizer.checkResources`, with results in request order. When the request
 * cannot be read at all, `results` is empty and `errors` says why: an empty result never means
 * that everything was allowed.
 */
export interface CheckResourcesResult {
  readonly results: readonly ResourceResult[]
  /** Problems with the request as a whole; empty when every entry was answered. */
  readonly errors: readonly DecisionError[]
}
