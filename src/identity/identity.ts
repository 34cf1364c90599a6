import type { DecisionError, ReasonCode } from '../engine/decision.js'
import type { Attributes, PrincipalKind } from '../engine/model.js'

/** Raw tokens a request carries. Either may be absent, not both. */
export interface Credentials {
  /** A JWT-SVID of the calling workload. */
  readonly workload?: string
  /** An OAuth access token of the user, or an exchanged token whose `act` names the caller. */
  readonly user?: string
}

/** A principal built from a verified token. Attributes are null-prototype copies of claims. */
export interface VerifiedPrincipal {
  readonly id: string
  readonly kind: PrincipalKind
  readonly roles: readonly string[]
  readonly attr: Attributes
}

/** A verified caller acting for itself. */
export interface DirectIdentity {
  readonly mode: 'direct'
  readonly principal: VerifiedPrincipal
  /** Scopes of the presented user token, or null when the caller presented none. */
  readonly scopes: readonly string[] | null
  /** True for an agent whose workload entry lets it act without a delegated user. */
  readonly mayActAlone?: boolean
}

/** A verified workload or agent acting for a verified user. */
export interface OnBehalfOfIdentity {
  readonly mode: 'onBehalfOf'
  readonly actor: VerifiedPrincipal
  readonly subject: VerifiedPrincipal
  /** Actor ids, current actor first, then prior actors from nested `act` claims. */
  readonly chain: readonly string[]
  /** Number of actors; 1 for two-token on-behalf-of. */
  readonly depth: number
  /** Scopes of the delegated token, or null when it carries none. */
  readonly scopes: readonly string[] | null
}

/** The principals and delegation context that verified credentials establish. */
export type Identity = DirectIdentity | OnBehalfOfIdentity

/** The result of `authorizer.verify`. */
export type VerifyResult =
  | { readonly ok: true; readonly identity: Identity }
  | {
      readonly ok: false
      readonly reasons: readonly ReasonCode[]
      readonly errors: readonly DecisionError[]
    }
