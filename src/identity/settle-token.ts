import type { AuthzError } from '../errors.js'
import { findVerified, storeVerified } from './cached-tokens.js'
import type { TokenPath, VerifiedTokenCache, VerifiedTokens } from './cached-tokens.js'
import { mapVerifyError } from './claim-checks.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { verifyUserToken } from './user-token.js'
import { verifyWorkloadToken } from './workload-token.js'

/** The inputs of verifying the tokens of one request. @internal */
export interface Verification {
  readonly config: ResolvedIdentityConfig
  readonly cache: VerifiedTokenCache | null
  readonly nowMs: number
}

/** The full verification of each token path. */
const VERIFY_TOKEN: {
  readonly [P in TokenPath]: (
    token: string,
    config: ResolvedIdentityConfig,
    nowMs: number,
  ) => Promise<VerifiedTokens[P]>
} = { workload: verifyWorkloadToken, user: verifyUserToken }

/**
 * The outcome of one token path: its verified result, none without a token, or its error.
 * @internal
 */
export type Settled<T> =
  | { readonly value: T | undefined; readonly error?: never }
  | { readonly value?: never; readonly error: AuthzError }

const NO_TOKEN = Object.freeze({ value: undefined })

/**
 * Verifies the token of one path, or reads it from the cache, and settles with its verified
 * result or its coded error. Returns synchronously on a cache hit and when the token is
 * absent, so that a hit costs no promise.
 * @internal
 */
export function settleToken<P extends TokenPath>(
  path: P,
  token: string | undefined,
  verification: Verification,
): Settled<VerifiedTokens[P]> | Promise<Settled<VerifiedTokens[P]>> {
  if (token === undefined) {
    return NO_TOKEN
  }

  const { cache, config, nowMs } = verification
  if (cache !== null) {
    try {
      const cached = findVerified(cache, path, token, nowMs, config)
      if (cached !== undefined) {
        return { value: cached }
      }
    } catch (error) {
      return { error: mapVerifyError(error) }
    }
  }
  return verifyToken(path, token, verification)
}

async function verifyToken<P extends TokenPath>(
  path: P,
  token: string,
  verification: Verification,
): Promise<Settled<VerifiedTokens[P]>> {
  const { cache, config, nowMs } = verification
  let verified: VerifiedTokens[P]
  try {
    verified = await VERIFY_TOKEN[path](token, config, nowMs)
  } catch (error) {
    return { error: mapVerifyError(error) }
  }

  if (cache !== null) {
    storeVerified(cache, path, token, verified, nowMs, config)
  }
  return { value: verified }
}
