/** Attributes of a principal or resource: a JSON object read as own properties only. */
export type Attributes = Readonly<Record<string, unknown>>

/** What kind of caller a principal is, readable in conditions as `P.kind`. */
export type PrincipalKind = 'user' | 'workload' | 'agent'

/** The caller a decision is made for. */
export interface Principal {
  readonly id: string
  readonly roles: readonly string[]
  readonly attr?: Attributes
  /** @defaultValue `'default'` */
  readonly policyVersion?: string
  /** @defaultValue `''` (the root scope) */
  readonly scope?: string
  /**
   * `'user'` unless given. Verified identities set it from the token; a caller-supplied
   * principal may set it for tests and trusted internal callers.
   * @defaultValue `'user'`
   */
  readonly kind?: PrincipalKind
}

/** The thing acted on. */
export interface Resource {
  readonly kind: string
  readonly id: string
  /** @defaultValue `{}` */
  readonly attr?: Attributes
  /** @defaultValue `'default'` */
  readonly policyVersion?: string
  /** @defaultValue `''` (the root scope) */
  readonly scope?: string
}

/** A principal as conditions see it: every field present, attributes in a null-prototype copy. */
export interface PrincipalValue {
  readonly id: string
  readonly kind: PrincipalKind
  readonly roles: readonly string[]
  readonly attr: Attributes
  readonly policyVersion: string
  readonly scope: string
}

/** A resource as conditions see it. */
export interface ResourceValue {
  readonly kind: string
  readonly id: string
  readonly attr: Attributes
  readonly policyVersion: string
  readonly scope: string
}

/**
 * The delegation context, readable in conditions as `delegation.*`. On a direct call it is
 * `{ actor: null, subject: null, chain: [], depth: 0 }`.
 */
export interface DelegationValue {
  /** The acting workload or agent under on-behalf-of. */
  readonly actor: PrincipalValue | null
  /** The user the actor acts for. */
  readonly subject: PrincipalValue | null
  /** Ids of the actors, current actor first, then prior actors from nested `act` claims. */
  readonly chain: readonly string[]
  /** Number of actors: 1 for two-token on-behalf-of. */
  readonly depth: number
}
