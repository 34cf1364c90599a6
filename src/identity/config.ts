import type { JSONWebKeySet, JWK } from 'jose'
import type { Attributes } from '../engine/model.js'

/** A JWS algorithm that the JWT-SVID standard allows (section 2.1): RSA, ECDSA and RSA-PSS. */
export type SvidAlgorithm =
  'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512' | 'PS256' | 'PS384' | 'PS512'

/** An asymmetric JWS algorithm for user access tokens. HMAC and `none` are never accepted. */
export type UserTokenAlgorithm = SvidAlgorithm | 'EdDSA' | 'Ed25519'

/** A SPIFFE trust bundle document. Only its keys with `use: "jwt-svid"` are read. */
export interface SpiffeBundle {
  readonly keys: readonly JWK[]
  readonly spiffe_refresh_hint?: number
  readonly spiffe_sequence?: number
}

/**
 * The key source of a trust domain or issuer: exactly one of a local JWKS, a SPIFFE bundle
 * (trust domains only) or the URL of a remote JWKS.
 */
export type KeySource =
  | { readonly jwks: JSONWebKeySet; readonly bundle?: never; readonly jwksUri?: never }
  | { readonly bundle: SpiffeBundle; readonly jwks?: never; readonly jwksUri?: never }
  | { readonly jwksUri: string; readonly jwks?: never; readonly bundle?: never }

/** Verification settings for the JWT-SVIDs of one trust domain. */
export type TrustDomainConfig = KeySource & {
  /**
   * Algorithms accepted for this trust domain, a subset of the JWT-SVID algorithms.
   * @defaultValue all nine JWT-SVID algorithms
   */
  readonly algorithms?: readonly SvidAlgorithm[]
  /**
   * Requires a `kid` header. The JWT-SVID standard makes `kid` optional, but SPIRE and
   * go-spiffe require it, and without it every matching key of the set is tried.
   * @defaultValue `true`
   */
  readonly requireKid?: boolean
  /**
   * Tolerates header parameters other than `alg`, `kid` and `typ`, which the JWT-SVID standard
   * forbids (section 2). `crit` is rejected either way, and `jku`, `x5u`, `jwk` and `x5c` are
   * never read.
   * @defaultValue `false`
   */
  readonly allowExtraHeaderParameters?: boolean
  /**
   * Maximum validity of a token in seconds: `exp - iat`, or `exp - now` without `iat`.
   * @defaultValue `3600`
   */
  readonly maxLifetime?: number
  /**
   * Requires `aud` to contain exactly one value, which must then be one of this service's
   * audiences. Any audience of a token issued for several can replay it to the others
   * (JWT-SVID standard, section 7.2), so a compromised or malicious service B could present
   * here an SVID that was issued for both B and this service.
   * @defaultValue `false`: one of the audiences must be this service's
   */
  readonly requireSingleAudience?: boolean
}

/** Keys of a remote JWKS for an issuer: a local JWKS or a JWKS URL. */
export type IssuerKeySource =
  | { readonly jwks: JSONWebKeySet; readonly jwksUri?: never }
  | { readonly jwksUri: string; readonly jwks?: never }

/**
 * The rule that turns a user token's `sub` into a principal id: `'sub'` keeps it, `{ prefix }`
 * prepends a fixed string, and a function derives the id from the verified claims.
 */
export type PrincipalIdRule =
  | 'sub'
  | { readonly prefix: string }
  | ((sub: string, claims: Readonly<Record<string, unknown>>) => string)

/** Verification and mapping settings for the access tokens of one OAuth issuer. */
export type IssuerConfig = IssuerKeySource & {
  /** The exact `iss` value of the issuer's tokens. */
  readonly issuer: string
  /**
   * Audiences accepted for this issuer's tokens, replacing the identity-wide `audience`.
   * @defaultValue the identity-wide `audience`
   */
  readonly audience?: string | readonly string[]
  /**
   * Algorithms accepted for this issuer.
   * @defaultValue the nine RSA, ECDSA and RSA-PSS algorithms
   */
  readonly algorithms?: readonly UserTokenAlgorithm[]
  /**
   * The claim holding the user's roles, an array of strings. A list of names reads a nested
   * claim, for example `['realm_access', 'roles']`. A token without the claim has no roles.
   * @defaultValue `'roles'`
   */
  readonly rolesClaim?: string | readonly string[]
  /**
   * Claims copied into the principal's `attr`, as null-prototype deep copies.
   * @defaultValue `[]`
   */
  readonly attributeClaims?: readonly string[]
  /**
   * The rule that turns `sub` into the principal id. With more than one issuer, every issuer must set a
   * `prefix` or a function, and prefixes must be distinct with none a prefix of another, so
   * ids of two issuers cannot collide.
   * @defaultValue `'sub'` when this is the only issuer
   */
  readonly principalId?: PrincipalIdRule
  /**
   * Claims a token must carry besides `iss`, `sub`, `aud` and `exp`, which are always required.
   * @defaultValue `['iat', 'client_id', 'jti']`, the other claims RFC 9068 section 2.2 requires
   */
  readonly requiredClaims?: readonly string[]
  /**
   * Accepts tokens whose `typ` is `JWT` or absent, for issuers that do not type access tokens
   * `at+jwt`. RFC 8725 section 3.12 then requires another rule that distinguishes access tokens from ID
   * tokens, so `requireClaims` must name at least one claim that only access tokens carry:
   * `true` requires the claim to be present, a string requires that exact value. For example
   * `{ token_use: 'access' }` for Amazon Cognito or `{ scp: true }` for Microsoft Entra ID.
   * Tokens typed `at+jwt` are already distinguished and need no such claim.
   * @defaultValue unset: only `typ: at+jwt` (or `application/at+jwt`) is accepted
   */
  readonly acceptUntypedTokens?: {
    readonly requireClaims: Readonly<Record<string, string | true>>
  }
  /**
   * The claim holding the token's scopes.
   * @defaultValue `'scope'`
   */
  readonly scopeClaim?: string
  /**
   * `'string'` reads space-separated scopes (RFC 6749 section 3.3); `'array'` reads a JSON
   * array of scope tokens, as some issuers emit in `scp`.
   * @defaultValue `'string'`
   */
  readonly scopeFormat?: 'string' | 'array'
  /**
   * Maximum validity of a token in seconds, `exp - iat`.
   * @defaultValue `86400`
   */
  readonly maxLifetime?: number
}

/** Maps verified SPIFFE IDs, by exact ID or by pattern, to roles and attributes. */
export type WorkloadEntry = (
  | { readonly id: string; readonly pattern?: never }
  | { readonly pattern: string; readonly id?: never }
) & {
  /** @defaultValue `[]` */
  readonly roles?: readonly string[]
  /** JSON attributes of the principal. @defaultValue `{}` */
  readonly attr?: Attributes
  /**
   * Marks the workload as an AI agent: its principal kind is `'agent'`, the scopes of its
   * delegated token bound what it can do, and it must act for a user.
   * @defaultValue `false`
   */
  readonly agent?: boolean
  /**
   * Lets an agent act with no delegated user. Requires `agent: true`.
   * @defaultValue `false`
   */
  readonly mayActAlone?: boolean
}

/** Fetch limits of every remote JWKS (`jwksUri`). */
export interface RemoteKeySetOptions {
  /** Maximum time in ms for one fetch, connection and body included. @defaultValue `5000` */
  readonly timeout?: number
  /** Minimum time in ms between refetches for an unknown `kid`. @defaultValue `30000` */
  readonly cooldown?: number
  /** Time in ms after which a cached key set is refetched. @defaultValue `600000` */
  readonly cacheMaxAge?: number
  /** Time in ms during which no fetch is tried again after a failed one. @defaultValue `5000` */
  readonly failureBackoff?: number
  /** Maximum size of a response body in bytes. @defaultValue `65536` */
  readonly maxResponseBytes?: number
  /** Maximum number of keys in a fetched set. @defaultValue `100` */
  readonly maxKeys?: number
}

/**
 * Bounds of the verified-token cache, which keeps the result of verifying each token so
 * that a token presented again skips decoding and the signature check. Time claims are
 * checked again on every hit, and an entry is dropped when the keys it was verified with
 * change.
 */
export interface TokenCacheConfig {
  /**
   * Maximum number of cached tokens, 1 to 1,000,000. lru-cache allocates its index for this
   * many entries up front.
   * @defaultValue `10_000`
   */
  readonly max?: number
  /**
   * Maximum total length of the cached tokens in bytes, from `maxTokenSize` to 1 GiB. Only
   * the tokens are counted, not the principals built from them.
   * @defaultValue `16_777_216` (16 MiB)
   */
  readonly maxSize?: number
  /**
   * Maximum time in ms an entry is kept, 1 ms to 30 days. An entry never outlives its
   * token's `exp` plus the clock tolerance, with or without this option.
   * @defaultValue unset: an entry is kept until its token expires
   */
  readonly ttl?: number
}

/** The `identity` section of the authorizer configuration. */
export interface IdentityConfig {
  /** This service's audience, a SPIFFE ID or a URI, or a list of them. Must not be empty. */
  readonly audience: string | readonly string[]
  /** Key sets for JWT-SVIDs, by trust domain name. @defaultValue `{}` */
  readonly trustDomains?: Readonly<Record<string, TrustDomainConfig>>
  /** OAuth issuers of user access tokens. @defaultValue `[]` */
  readonly issuers?: readonly IssuerConfig[]
  /** Roles and attributes of workloads. An unmapped SPIFFE ID is rejected. @defaultValue `[]` */
  readonly workloads?: readonly WorkloadEntry[]
  /** Maximum number of actors in a delegation chain, 1 to 8. @defaultValue `3` */
  readonly maxDelegationDepth?: number
  /** Rejects two-token on-behalf-of when the user token has no `act`. @defaultValue `false` */
  readonly requireAct?: boolean
  /** Allowed clock skew in seconds for `exp`, `nbf` and `iat`, 0 to 60. @defaultValue `30` */
  readonly clockTolerance?: number
  /** Maximum token length in bytes, 1024 to 65536, checked before decoding. @defaultValue `8192` */
  readonly maxTokenSize?: number
  /**
   * The scope an agent needs for an action, by resource kind, then action. An agent whose
   * delegated token lacks the scope is denied before policies are evaluated.
   * @defaultValue `{}`
   */
  readonly requiredScopes?: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** Fetch limits of remote key sets. */
  readonly remoteKeySets?: RemoteKeySetOptions
  /**
   * Bounds of the verified-token cache, or `false` to verify every token in full on every
   * request.
   * @defaultValue `{ max: 10_000, maxSize: 16_777_216 }`
   */
  readonly tokenCache?: TokenCacheConfig | false
}
