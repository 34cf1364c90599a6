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
  | 'ERR_EXPORT_UNSUPPORTED'

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

/**
 * The fixed message of {@link TokenInvalid} and {@link TokenSignatureInvalid}. Both failures
 * share it so that a message never reveals to a forger whether the format or the signature
 * failed.
 */
export const TOKEN_INVALID_MESSAGE = 'token malformed or signature invalid'

/** The credentials are not an object with a `workload` and/or `user` token string. */
export class CredentialsInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_CREDENTIALS_INVALID', message, options)
  }
}

/** The token is not a compact JWS of three base64url segments with JSON objects inside. */
export class TokenInvalid extends AuthzError {
  constructor(options?: AuthzErrorOptions) {
    super('ERR_TOKEN_MALFORMED', TOKEN_INVALID_MESSAGE, options)
  }
}

/** The token is longer than the configured `maxTokenSize`, so it was not decoded. */
export class TokenTooLarge extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_TOO_LARGE', message, options)
  }
}

/** No trusted key produced a valid signature over the token. */
export class TokenSignatureInvalid extends AuthzError {
  constructor(options?: AuthzErrorOptions) {
    super('ERR_TOKEN_SIGNATURE', TOKEN_INVALID_MESSAGE, options)
  }
}

/** The token's `alg` header is not in the allowlist of its trust domain or issuer. */
export class TokenAlgorithmNotAllowed extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_ALGORITHM', message, options)
  }
}

/** The token's `typ` header does not fit the kind of token the path accepts. */
export class TokenTypeInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_TYPE', message, options)
  }
}

/** The token's protected header carries a parameter that is not allowed or has the wrong type. */
export class TokenHeaderInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_HEADER', message, options)
  }
}

/** The token's `exp` is at or before the current time minus the clock tolerance. */
export class TokenExpired extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_EXPIRED', message, options)
  }
}

/** The token's `nbf` is after the current time plus the clock tolerance. */
export class TokenNotYetValid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_NOT_YET_VALID', message, options)
  }
}

/** The token's `iat` is after the current time plus the clock tolerance. */
export class TokenIssuedInFuture extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_ISSUED_IN_FUTURE', message, options)
  }
}

/** The token is valid for longer than the configured `maxLifetime`. */
export class TokenLifetimeTooLong extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_LIFETIME', message, options)
  }
}

/** The token's `aud` is missing, malformed or does not name this service. */
export class TokenAudienceInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_AUDIENCE', message, options)
  }
}

/** The token's `iss` is missing or is not a configured issuer. */
export class TokenIssuerInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_ISSUER', message, options)
  }
}

/** A required claim is missing, or a claim has the wrong type. */
export class TokenClaimInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_CLAIM', message, options)
  }
}

/** The token's `sub` cannot name a principal on this path. */
export class TokenSubjectInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TOKEN_SUBJECT', message, options)
  }
}

/** A string is not a SPIFFE ID under the SPIFFE ID standard's syntax rules. */
export class SpiffeIdInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_SPIFFE_ID_INVALID', message, options)
  }
}

/** A JWT-SVID names a trust domain that has no configured key set. */
export class TrustDomainUnknown extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_TRUST_DOMAIN_UNKNOWN', message, options)
  }
}

/** A verified SPIFFE ID matches no configured workload entry. */
export class WorkloadUnknown extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_WORKLOAD_UNKNOWN', message, options)
  }
}

/** A remote key set could not be fetched or is not usable, so no token of it can be verified. */
export class KeysUnavailable extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_KEYS_UNAVAILABLE', message, options)
  }
}

/** No key of the selected key set matches the token's `alg` and `kid`. */
export class KeyNotFound extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_KEY_NOT_FOUND', message, options)
  }
}

/** The current actor of an exchanged token is not the calling workload. */
export class DelegationActorMismatch extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_DELEGATION_ACTOR_MISMATCH', message, options)
  }
}

/** The delegation chain has more actors than `maxDelegationDepth` allows. */
export class DelegationDepthExceeded extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_DELEGATION_DEPTH', message, options)
  }
}

/** An identity appears twice in the delegation chain. */
export class DelegationCycle extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_DELEGATION_CYCLE', message, options)
  }
}

/** An `act` claim is malformed, or delegation is required and missing. */
export class DelegationInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_DELEGATION_INVALID', message, options)
  }
}

/** A `scope` claim does not follow the RFC 6749 section 3.3 syntax. */
export class ScopeInvalid extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_SCOPE_INVALID', message, options)
  }
}

/** An agent lacks the scope that an action requires. */
export class ScopeMissing extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_SCOPE_MISSING', message, options)
  }
}

/** An agent presented no delegated user and its workload entry does not allow acting alone. */
export class AgentWithoutUser extends AuthzError {
  constructor(message: string, options?: AuthzErrorOptions) {
    super('ERR_AGENT_WITHOUT_USER', message, options)
  }
}
