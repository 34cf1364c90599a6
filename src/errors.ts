/**
 * Stable error codes. Every rejection hopgate reports, thrown or carried in a decision, has one
 * of these codes, so callers can `switch (error.code)` and the compiler narrows the union.
 */
export type ErrorCode =
  | 'ERR_POLICY_INVALID'
  | 'ERR_CONDITION_TYPE'
  | 'ERR_CONDITION_MISSING_ATTRIBUTE'
  | 'ERR_CONDITION_ARITHMETIC'
  | 'ERR_CONDITION_INVALID'
  | 'ERR_SCHEMA_VALIDATION'
  | 'ERR_REQUEST_INVALID'
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_TOKEN_SIGNATURE'
  | 'ERR_TOKEN_ALGORITHM'
  | 'ERR_TOKEN_TYPE'
  | 'ERR_TOKEN_HEADER'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_TOKEN_ISSUED_IN_FUTURE'
  | 'ERR_TOKEN_LIFETIME'
  | 'ERR_TOKEN_AUDIENCE'
  | 'ERR_TOKEN_ISSUER'
  | 'ERR_TOKEN_CLAIM'
  | 'ERR_TOKEN_SUBJECT'
  | 'ERR_SPIFFE_ID_INVALID'
  | 'ERR_TRUST_DOMAIN_UNKNOWN'
  | 'ERR_WORKLOAD_UNKNOWN'
  | 'ERR_KEYS_UNAVAILABLE'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_DELEGATION_ACTOR_MISMATCH'
  | 'ERR_DELEGATION_DEPTH'
  | 'ERR_DELEGATION_CYCLE'
  | 'ERR_DELEGATION_INVALID'
  | 'ERR_SCOPE_INVALID'
  | 'ERR_SCOPE_MISSING'
  | 'ERR_AGENT_WITHOUT_USER'
  | 'ERR_CREDENTIALS_INVALID'

/** Options accepted by every {@link AuthzError} constructor. */
export interface AuthzErrorOptions {
  /** The underlying error, for example the jose error a token failure came from. */
  cause?: unknown
}

/**
 * Base class of every error hopgate throws or reports. `code` is stable across releases and is
 * what callers should branch on; `message` is for people.
 */
export class AuthzError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: AuthzErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.name = new.target.name
  }
}

/** One problem found while validating or compiling policies. */
export interface PolicyIssue {
  /** Stable code of the problem, for example `ERR_POLICY_INVALID` or `ERR_CONDITION_INVALID`. */
  readonly code: ErrorCode
  /** JSON Pointer into the policy list, for example `/0/resourcePolicy/rules/1/when`. */
  readonly path: string
  /** One-line description of the problem. */
  readonly message: string
}

/**
 * Thrown by `createAuthorizer` and `updatePolicies` when a policy set fails validation or
 * compilation. `issues` lists every problem found, each with its JSON path.
 */
export class PolicyInvalid extends AuthzError {
  /** Every problem found, in document order. */
  readonly issues: readonly PolicyIssue[]

  constructor(issues: readonly PolicyIssue[]) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    const summary = first === undefined ? 'no issue reported' : `${first.path}: ${first.message}`
    super('ERR_POLICY_INVALID', `policy set invalid: ${summary}${more}`)
    this.issues = Object.freeze([...issues])
  }
}
