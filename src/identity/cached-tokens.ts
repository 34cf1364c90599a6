import { TokenCache } from '../cache/token-cache.js'
import { recheckTimeClaims } from './claim-checks.js'
import type { TimeClaims } from './claim-checks.js'
import type { KeySet } from './key-sets.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { checkTokenSize } from './token-format.js'
import type { VerifiedUser } from './user-token.js'
import type { VerifiedWorkload } from './workload-token.js'

/**
 * The facts a verification rests on besides the token string, kept so that a cached result
 * can be checked again. @internal
 */
export interface VerificationBasis {
  /** The key set that verified the signature. */
  readonly keySet: KeySet
  /** The set's generation read before the key lookup, undefined if a refetch was due. */
  readonly generation: number | undefined
  readonly timeClaims: TimeClaims
  /** The `maxLifetime` of the token's trust domain or issuer, in seconds. */
  readonly maxLifetime: number
}

/** The verified result of one token, by the path it was verified on. @internal */
export interface VerifiedTokens {
  readonly workload: VerifiedWorkload
  readonly user: VerifiedUser
}

/** A token path: `workload` for JWT-SVIDs, `user` for access tokens. @internal */
export type TokenPath = keyof VerifiedTokens

/** The verified-token cache of one verifier. @internal */
export type VerifiedTokenCache = TokenCache<VerifiedTokens>

/**
 * Creates the verified-token cache of a configuration, or returns null when it is off.
 * @internal
 */
export function createVerifiedTokenCache(
  config: ResolvedIdentityConfig,
  now: () => number,
): VerifiedTokenCache | null {
  if (config.tokenCache === false) {
    return null
  }
  return new TokenCache<VerifiedTokens>({ ...config.tokenCache, now })
}

/**
 * Returns the cached result of a token on one path, or undefined on a miss.
 *
 * An entry exists only for a string that passed every check of a full verification, and
 * each check before the signature is a function of the string and the configuration alone.
 * So a hit needs only the size check, which keeps huge strings from being hashed, and the
 * time checks, which this repeats at `nowMs`. A failing time check deletes the entry and
 * throws the error a full verification would throw.
 * @internal
 */
export function findVerified<P extends TokenPath>(
  cache: VerifiedTokenCache,
  path: P,
  token: string,
  nowMs: number,
  config: ResolvedIdentityConfig,
): VerifiedTokens[P] | undefined {
  checkTokenSize(token, config.maxTokenSize)
  const cached = cache.get(path, token)
  if (cached === undefined) {
    return undefined
  }

  const { basis } = cached
  try {
    recheckTimeClaims(basis.timeClaims, nowMs, config.clockTolerance, basis.maxLifetime)
  } catch (error) {
    cache.delete(token)
    throw error
  }
  return cached
}

/**
 * Stores a verified result until the token expires: `exp` plus the clock tolerance, the
 * instant a full verification starts to reject it. A result whose key set was due for a
 * refetch when verification began is not stored, because it is unknown which keys verified
 * it. The next presentation verifies it again and is stored.
 * @internal
 */
export function storeVerified<P extends TokenPath>(
  cache: VerifiedTokenCache,
  path: P,
  token: string,
  verified: VerifiedTokens[P],
  nowMs: number,
  config: ResolvedIdentityConfig,
): void {
  const { keySet, generation, timeClaims } = verified.basis
  if (generation === undefined || timeClaims.exp === undefined) {
    return
  }

  cache.set(path, token, {
    value: verified,
    keys: keySet,
    generation,
    now: nowMs,
    expiresAt: (timeClaims.exp + config.clockTolerance) * 1000,
  })
}
