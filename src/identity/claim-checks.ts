import { errors } from 'jose'
import type { JWTPayload } from 'jose'
import {
  AuthzError,
  TokenAudienceInvalid,
  TokenClaimInvalid,
  TokenExpired,
  TokenInvalid,
  TokenIssuedInFuture,
  TokenIssuerInvalid,
  TokenLifetimeTooLong,
  TokenNotYetValid,
  TokenSignatureInvalid,
  TokenSubjectInvalid,
  TokenTypeInvalid,
} from '../errors.js'

/** The time limits of one verification, in seconds. @internal */
export interface TimeLimits {
  /** The current time in seconds since the epoch, from the injected clock. */
  readonly now: number
  readonly clockTolerance: number
  readonly maxLifetime: number
}

/**
 * Checks what jose leaves unchecked in the time claims of a verified token: that `exp`, `nbf`
 * and `iat` are finite, that `iat` is not in the future, and that the token lives no longer
 * than `maxLifetime`.
 * @internal
 */
export function checkTimeClaims(claims: TimeClaims, limits: TimeLimits): void {
  // SECURITY: jose only checks `typeof === 'number'`, and JSON `1e400` parses to Infinity.
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = claims[name]
    if (value !== undefined && !Number.isFinite(value)) {
      throw new TokenClaimInvalid(`token claim invalid: "${name}" must be a finite number`)
    }
  }
  checkIssuedAtAndLifetime(claims, limits.now, limits.clockTolerance, limits.maxLifetime)
}

/** The time claims of a verified token, kept to check a cached verification again. @internal */
export interface TimeClaims {
  readonly exp?: number | undefined
  readonly nbf?: number | undefined
  readonly iat?: number | undefined
}

/**
 * Checks the time claims of a token verified earlier against the current time, throwing the
 * error that verifying it in full now would throw. Those are jose's `nbf` and `exp` checks,
 * in jose's order (jose 6.2.19, `validateClaimsSet`), then the `iat` and lifetime checks of
 * {@link checkTimeClaims}. Every other check of a verification is independent of the time,
 * and the claims were already found finite.
 * @internal
 */
export function recheckTimeClaims(
  claims: TimeClaims,
  nowMs: number,
  clockTolerance: number,
  maxLifetime: number,
): void {
  // jose reads the clock as the whole seconds of `new Date(nowMs)`. For a time in the range
  // of `Date`, which the verifier requires, that is the truncated ms divided and floored.
  const joseNow = Math.floor(Math.trunc(nowMs) / 1000)
  const { nbf, exp } = claims
  if (nbf !== undefined && nbf > joseNow + clockTolerance) {
    throw notYetValid()
  }
  if (exp !== undefined && exp <= joseNow - clockTolerance) {
    throw expired()
  }
  checkIssuedAtAndLifetime(claims, Math.floor(nowMs / 1000), clockTolerance, maxLifetime)
}

function checkIssuedAtAndLifetime(
  claims: TimeClaims,
  now: number,
  clockTolerance: number,
  maxLifetime: number,
): void {
  // SECURITY: jose checks `iat` only when `maxTokenAge` is set. A future `iat` would make a
  // long-lived token look short-lived.
  const { exp, iat } = claims
  if (iat !== undefined && iat > now + clockTolerance) {
    throw new TokenIssuedInFuture('token issued in the future: "iat" is after the current time')
  }

  const lifetime = (exp ?? Infinity) - (iat ?? now)
  if (lifetime > maxLifetime) {
    throw new TokenLifetimeTooLong(
      `token lifetime too long: exceeds maxLifetime of ${maxLifetime} s`,
    )
  }
}

/**
 * Checks that `aud` contains exactly one value: a string, or an array of one string.
 * @internal
 */
export function checkSingleAudience(claims: JWTPayload): void {
  const { aud } = claims
  if (typeof aud === 'string' || (Array.isArray(aud) && aud.length === 1)) {
    return
  }
  throw new TokenAudienceInvalid('token audience invalid: "aud" must contain exactly one audience')
}

/**
 * Checks that `aud` is a string or an array of strings. jose accepts an array once one member
 * matches, whatever the types of the others.
 * @internal
 */
export function checkAudienceClaim(claims: JWTPayload): void {
  const { aud } = claims
  const valid =
    typeof aud === 'string' || (Array.isArray(aud) && aud.every((item) => typeof item === 'string'))
  if (!valid) {
    throw new TokenAudienceInvalid('token audience invalid: "aud" must be a string or strings')
  }
}

/**
 * Maps anything `jwtVerify` throws to a coded error. An error hopgate does not recognise,
 * a plain `TypeError` from jose's key preparation included, becomes a signature failure, so
 * it always denies.
 * @internal
 */
export function mapVerifyError(error: unknown): AuthzError {
  if (error instanceof AuthzError) {
    return error
  }
  const options = { cause: error }

  if (error instanceof errors.JWTExpired) {
    return expired(options)
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return mapClaimError(error, options)
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new TokenInvalid(options)
  }
  return new TokenSignatureInvalid(options)
}

function mapClaimError(
  error: InstanceType<typeof errors.JWTClaimValidationFailed>,
  options: { cause: unknown },
): AuthzError {
  const { claim, reason } = error

  if (reason === 'missing') {
    if (claim === 'aud') {
      return new TokenAudienceInvalid('token audience invalid: "aud" is missing', options)
    }
    if (claim === 'iss') {
      return new TokenIssuerInvalid('token issuer invalid: "iss" is missing', options)
    }
    return new TokenClaimInvalid(`token claim missing: "${claim}"`, options)
  }
  if (reason === 'invalid') {
    return new TokenClaimInvalid(`token claim invalid: "${claim}" must be a number`, options)
  }

  switch (claim) {
    case 'aud':
      return new TokenAudienceInvalid(
        'token audience invalid: "aud" does not contain an accepted audience',
        options,
      )
    case 'iss':
      return new TokenIssuerInvalid(
        'token issuer invalid: "iss" is not the expected issuer',
        options,
      )
    case 'nbf':
      return notYetValid(options)
    case 'typ':
      return new TokenTypeInvalid('token type invalid: "typ" is not accepted', options)
    case 'sub':
      return new TokenSubjectInvalid('token subject invalid: "sub" is not accepted', options)
    default:
      return new TokenClaimInvalid(`token claim invalid: "${claim}" failed its check`, options)
  }
}

function expired(options?: { cause: unknown }): TokenExpired {
  return new TokenExpired('token expired: "exp" is not after the current time', options)
}

function notYetValid(options?: { cause: unknown }): TokenNotYetValid {
  return new TokenNotYetValid('token not yet valid: "nbf" is after the current time', options)
}
