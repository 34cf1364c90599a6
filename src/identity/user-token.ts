import type { JWSHeaderParameters, JWTPayload } from 'jose'
import {
  TokenClaimInvalid,
  TokenIssuerInvalid,
  TokenSubjectInvalid,
  TokenTypeInvalid,
} from '../errors.js'
import type { VerificationBasis } from './cached-tokens.js'
import { checkAudienceClaim, checkTimeClaims } from './claim-checks.js'
import { checkAlgorithm, checkCommonHeader } from './header-checks.js'
import type { VerifiedPrincipal } from './identity.js'
import { USER_TOKEN_ALGORITHMS } from './issuers.js'
import type { ResolvedIssuer } from './issuers.js'
import { verifyWithKeySet } from './key-sets.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { parseScopeClaim } from './scopes.js'
import { decodeUnverified } from './token-format.js'
import { userPrincipal } from './user-principal.js'

/** A verified user access token and the user principal it maps to. @internal */
export interface VerifiedUser {
  readonly principal: VerifiedPrincipal
  /** The token's `sub`, before the issuer's `principalId` rule was applied. */
  readonly sub: string
  readonly scopes: readonly string[] | null
  /** Whether the token has an `act` claim, which makes it an exchanged token. */
  readonly hasAct: boolean
  /** The `act` claim as the token carries it, or undefined when absent. */
  readonly act: unknown
  readonly basis: VerificationBasis
}

/**
 * Verifies a user access token and maps it to a user principal.
 *
 * Each step throws a coded error:
 *
 * 1. size and format, then an asymmetric `alg` and no `crit`;
 * 2. `iss` exactly a configured issuer, which selects that issuer's own key set;
 * 3. the issuer's algorithms, and `typ` `at+jwt` unless the issuer accepts untyped tokens;
 * 4. the signature, `iss`, `aud`, `exp` and the required claims, through jose;
 * 5. finite dates, `iat`, lifetime and `aud` members, which jose leaves unchecked;
 * 6. the issuer's access-token rule, a `sub` that is not a SPIFFE ID, and the scopes.
 * @internal
 */
export async function verifyUserToken(
  token: string,
  config: ResolvedIdentityConfig,
  nowMs: number,
): Promise<VerifiedUser> {
  const { header, claims } = decodeUnverified(token, config.maxTokenSize)
  checkAlgorithm(header, USER_TOKEN_ALGORITHMS)
  checkCommonHeader(header)

  // SECURITY: the exact `iss` picks the issuer's own key set, so a token naming issuer A is
  // never verified with a key of issuer B (RFC 8725 section 3.8).
  const issuer = findIssuer(claims, config)
  checkAlgorithm(header, issuer.algorithms)
  const typed = checkUserTokenType(header, issuer)

  // Read before the key lookup, so that a key rotation during verification leaves the
  // result marked with the older generation.
  const generation = issuer.keySet.generation()
  const verified = await verifyWithKeySet(token, header, issuer.keySet, {
    algorithms: [...issuer.algorithms],
    issuer: issuer.issuer,
    audience: [...issuer.audience],
    requiredClaims: [...issuer.requiredClaims],
    clockTolerance: config.clockTolerance,
    currentDate: new Date(nowMs),
    ...(typed ? { typ: 'at+jwt' } : {}),
  })

  checkAudienceClaim(verified)
  checkTimeClaims(verified, {
    now: Math.floor(nowMs / 1000),
    clockTolerance: config.clockTolerance,
    maxLifetime: issuer.maxLifetime,
  })
  if (!typed) {
    checkAccessTokenClaims(verified, issuer)
  }
  const sub = readUserSubject(verified)

  return {
    principal: userPrincipal(sub, verified, issuer),
    sub,
    scopes: readScopes(verified, issuer),
    hasAct: Object.hasOwn(verified, 'act'),
    act: verified['act'],
    basis: {
      keySet: issuer.keySet,
      generation,
      timeClaims: { exp: verified.exp, nbf: verified.nbf, iat: verified.iat },
      maxLifetime: issuer.maxLifetime,
    },
  }
}

function findIssuer(claims: JWTPayload, config: ResolvedIdentityConfig): ResolvedIssuer {
  if (!Object.hasOwn(claims, 'iss')) {
    throw new TokenIssuerInvalid('token issuer invalid: "iss" is missing')
  }
  const issuer = typeof claims.iss === 'string' ? config.issuers.get(claims.iss) : undefined
  if (issuer === undefined) {
    throw new TokenIssuerInvalid('token issuer invalid: "iss" is not a configured issuer')
  }
  return issuer
}

/** Returns true for an `at+jwt` token, false for an untyped one the issuer accepts. */
function checkUserTokenType(header: JWSHeaderParameters, issuer: ResolvedIssuer): boolean {
  const { typ } = header
  const normalized = typeof typ === 'string' ? normalizeMediaType(typ) : undefined
  if (normalized === 'application/at+jwt') {
    return true
  }

  // SECURITY: explicit typing keeps ID tokens and JWT-SVIDs off the user path (RFC 9068
  // section 4). An issuer must opt in to untyped tokens and name a distinguishing claim.
  const untyped = typ === undefined || normalized === 'application/jwt'
  if (!untyped || issuer.untypedTokenClaims === null) {
    const expected = issuer.untypedTokenClaims === null ? '"at+jwt"' : '"at+jwt", "JWT" or none'
    throw new TokenTypeInvalid(`token type invalid: expected "typ" ${expected}`)
  }
  return false
}

/** Lowercases a media type and adds `application/` when it has no `/` (RFC 7515, 4.1.9). */
function normalizeMediaType(typ: string): string {
  const lower = typ.toLowerCase()
  return lower.includes('/') ? lower : `application/${lower}`
}

function checkAccessTokenClaims(claims: JWTPayload, issuer: ResolvedIssuer): void {
  for (const [name, expected] of issuer.untypedTokenClaims ?? []) {
    const present = Object.hasOwn(claims, name)
    if (present && (expected === true || claims[name] === expected)) {
      continue
    }

    const value = expected === true ? '' : ` equal to ${JSON.stringify(expected)}`
    const owner = `issuer ${JSON.stringify(issuer.issuer)}`
    throw new TokenTypeInvalid(
      `token type invalid: an untyped token of ${owner} must carry claim "${name}"${value}`,
    )
  }
}

function readUserSubject(claims: JWTPayload): string {
  const { sub } = claims
  if (typeof sub !== 'string' || sub === '') {
    throw new TokenClaimInvalid('token claim invalid: "sub" must be a non-empty string')
  }

  // SECURITY: a workload's SPIFFE ID presented as a user would blur the two kinds of principal.
  if (/^spiffe:/i.test(sub)) {
    throw new TokenSubjectInvalid('token subject invalid: a SPIFFE ID is not a user')
  }
  for (const name of ['client_id', 'jti'] as const) {
    if (Object.hasOwn(claims, name) && typeof claims[name] !== 'string') {
      throw new TokenClaimInvalid(`token claim invalid: "${name}" must be a string`)
    }
  }
  return sub
}

function readScopes(claims: JWTPayload, issuer: ResolvedIssuer): readonly string[] | null {
  if (!Object.hasOwn(claims, issuer.scopeClaim)) {
    return null
  }
  return parseScopeClaim(claims[issuer.scopeClaim], issuer.scopeFormat)
}
