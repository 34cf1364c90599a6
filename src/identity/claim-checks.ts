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
export function checkTimeClaims(claims: JWTPayload, limits: TimeLimits): void {
  // SECURITY: jose only checks `typeof === 'number'`, and JSON `1e400` parses to Infinity.
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = claims[name]
    if (value !== undefined && !Number.isFinite(value)) {
      throw new TokenClaimInvalid(`token claim invalid: "${name}" must be a finite number`)
    }
  }

  // SECURITY: jose checks `iat` only when `maxTokenAge` is set. A future `iat` would make a
  // long-lived token look short-lived.
  const { exp, iat } = claims
  if (iat !== undefined && iat > limits.now + limits.clockTolerance) {
    throw new TokenIssuedInFuture('token issued in the future: "iat" is after the current time')
  }

  const lifetime = (exp ?? Infinity) - (iat ?? limits.now)
  if (lifetime > limits.maxLifetime) {
    throw new TokenLifetimeTooLong(
      `token lifetime too long: exceeds maxLifetime of ${limits.maxLifetime} s`,
    )
  }
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
    return new TokenExpired('token expired: "exp" is not after the current time', options)
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
      return new TokenNotYetValid('token not yet valid: "nbf" is after the current time', options)
    case 'typ':
      return new TokenTypeInvalid('token type invalid: "typ" is not accepted', options)
    case 'sub':
      return new TokenSubjectInvalid('token subject invalid: "sub" is not accepted', options)
    default:
      return new TokenClaimInvalid(`token claim invalid: "${claim}" failed its check`, options)
  }
}
