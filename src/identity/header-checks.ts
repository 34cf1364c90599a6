import type { JWSHeaderParameters } from 'jose'
import { TokenAlgorithmNotAllowed, TokenHeaderInvalid } from '../errors.js'

/** Header parameters a JWT-SVID may carry (JWT-SVID standard, section 2). */
const SVID_HEADER_PARAMETERS = ['alg', 'kid', 'typ']

/**
 * Checks that the header's `alg` is exactly one of `allowed`, before any key is looked up.
 * @internal
 */
export function checkAlgorithm(header: JWSHeaderParameters, allowed: readonly string[]): void {
  // SECURITY: exact matching against an allowlist stops `none`, `nOnE`, `RS256 ` and HMAC
  // algorithms before a key is chosen, so a public key can never serve as an HMAC secret.
  if (typeof header.alg !== 'string' || !allowed.includes(header.alg)) {
    throw new TokenAlgorithmNotAllowed(
      `token algorithm not allowed: expected one of ${allowed.join(', ')}`,
    )
  }
}

/**
 * Checks the header parameters that every token path rejects: any `crit`, and a `kid` that
 * is not a string.
 * @internal
 */
export function checkCommonHeader(header: JWSHeaderParameters): void {
  // SECURITY: hopgate understands no JWS extension, so any `crit` makes the token invalid
  // (RFC 7515 section 4.1.11). This also rejects `b64: false` unencoded payloads.
  if (Object.hasOwn(header, 'crit')) {
    throw new TokenHeaderInvalid('token header invalid: "crit" is not supported')
  }
  if (Object.hasOwn(header, 'kid') && typeof header.kid !== 'string') {
    throw new TokenHeaderInvalid('token header invalid: "kid" must be a string')
  }
}

/**
 * Checks the header rules of one trust domain: a required `kid`, and no parameters besides
 * `alg`, `kid` and `typ` unless extra ones are allowed. `jku`, `x5u`, `jwk` and `x5c` are
 * never read in either case, because keys come only from the configured set.
 * @internal
 */
export function checkSvidHeaderParameters(
  header: JWSHeaderParameters,
  rules: { readonly requireKid: boolean; readonly allowExtraHeaderParameters: boolean },
): void {
  if (rules.requireKid && header.kid === undefined) {
    throw new TokenHeaderInvalid('token header invalid: "kid" is required')
  }
  if (rules.allowExtraHeaderParameters) {
    return
  }
  if (Object.keys(header).some((name) => !SVID_HEADER_PARAMETERS.includes(name))) {
    throw new TokenHeaderInvalid(
      'token header invalid: a JWT-SVID header may contain only "alg", "kid" and "typ"',
    )
  }
}
