import type { DecisionError, ReasonCode } from '../engine/decision.js'
import {
  AgentWithoutUser,
  AuthzError,
  CredentialsInvalid,
  DelegationActorMismatch,
  DelegationCycle,
  DelegationDepthExceeded,
  DelegationInvalid,
} from '../errors.js'
import type { TokenCacheStats } from '../cache/token-cache.js'
import { createVerifiedTokenCache } from './cached-tokens.js'
import type { VerifiedTokenCache } from './cached-tokens.js'
import type { IdentityConfig } from './config.js'
import { readCredentials } from './credentials.js'
import { combineIdentity } from './delegation.js'
import type { VerifyResult } from './identity.js'
import { resolveIdentityConfig } from './resolve-config.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { settleToken } from './settle-token.js'
import type { Settled } from './settle-token.js'
import type { VerifiedUser } from './user-token.js'
import type { VerifiedWorkload } from './workload-token.js'

/** Options of {@link createIdentityVerifier}. */
export interface IdentityVerifierOptions {
  /** The clock in milliseconds since the epoch, the only time source of verification. */
  readonly now: () => number
}

/** Turns raw credentials into a verified identity. */
export interface IdentityVerifier {
  /**
   * Verifies the tokens of a request and returns the identity they establish, or the reasons
   * and coded errors of the rejection. Never throws for untrusted input, and no result or
   * message ever contains a token.
   */
  verify(credentials: unknown): Promise<VerifyResult>
  /** Returns a snapshot of the verifier's counters, for metrics. */
  stats(): IdentityVerifierStats
}

/** Counters of an {@link IdentityVerifier}. */
export interface IdentityVerifierStats {
  /** Counters of the verified-token cache, or null when `tokenCache` is `false`. */
  readonly tokenCache: TokenCacheStats | null
}

/**
 * Checks an identity configuration and returns a verifier for it.
 *
 * Throws `TypeError` or `RangeError` on misuse and on settings that would fail open. Examples
 * are an empty audience or issuer, a clock tolerance over 60 s, a workload pattern that is
 * not a SPIFFE ID pattern, and a key set that is not a JWKS or holds a private or weak key.
 *
 * @example
 * const verifier = createIdentityVerifier(
 *   {
 *     audience: 'spiffe://acme.test/ns/docs/sa/api',
 *     trustDomains: { 'acme.test': { jwks } },
 *     workloads: [{ id: 'spiffe://acme.test/ns/billing/sa/api', roles: ['svc:billing'] }],
 *   },
 *   { now: () => Date.now() },
 * )
 * const result = await verifier.verify({ workload: svid })
 */
export function createIdentityVerifier(
  config: IdentityConfig,
  options: IdentityVerifierOptions,
): IdentityVerifier {
  const now: unknown = (options as Partial<IdentityVerifierOptions> | undefined)?.now
  if (typeof now !== 'function') {
    throw new TypeError('options.now: expected a function returning milliseconds')
  }
  const clock = () => (now as () => number)()
  const resolved = resolveIdentityConfig(config, clock)
  const cache = createVerifiedTokenCache(resolved, clock)

  return {
    verify: async (credentials) => {
      try {
        return await verifyCredentials(credentials, resolved, cache, clock)
      } catch (cause) {
        const error = new CredentialsInvalid('credential verification failed', { cause })
        return failure('CREDENTIALS_INVALID', [toDecisionError(error, '/credentials')])
      }
    },
    stats: () => ({ tokenCache: cache === null ? null : cache.stats() }),
  }
}

/**
 * Verifies the credentials of one request. Returns the result itself when every token was
 * served from the cache, and a promise otherwise, so that a request of cache hits waits
 * for no promise but the caller's own.
 */
function verifyCredentials(
  value: unknown,
  config: ResolvedIdentityConfig,
  cache: VerifiedTokenCache | null,
  now: () => number,
): VerifyResult | Promise<VerifyResult> {
  let tokens
  try {
    tokens = readCredentials(value)
  } catch (error) {
    return failure('CREDENTIALS_INVALID', [toDecisionError(error, '/credentials')])
  }

  // The range of `Date`: jose reads the clock through `new Date(nowMs)`.
  const nowMs = now()
  if (!Number.isFinite(nowMs) || Math.abs(nowMs) > 8.64e15) {
    throw new TypeError('now() returned no valid time')
  }

  // Both paths start before either is awaited, so the two tokens verify concurrently.
  const verification = { config, cache, nowMs }
  const workload = settleToken('workload', tokens.workload, verification)
  const user = settleToken('user', tokens.user, verification)
  if (workload instanceof Promise || user instanceof Promise) {
    return settleBoth(workload, user, config)
  }
  return buildResult(workload, user, config)
}

async function settleBoth(
  workload: Settled<VerifiedWorkload> | Promise<Settled<VerifiedWorkload>>,
  user: Settled<VerifiedUser> | Promise<Settled<VerifiedUser>>,
  config: ResolvedIdentityConfig,
): Promise<VerifyResult> {
  return buildResult(await workload, await user, config)
}

/** Combines the settled tokens of a request into an identity, or reports their errors. */
function buildResult(
  workload: Settled<VerifiedWorkload>,
  user: Settled<VerifiedUser>,
  config: ResolvedIdentityConfig,
): VerifyResult {
  const errors: DecisionError[] = []
  if (workload.error !== undefined) {
    errors.push(toDecisionError(workload.error, '/credentials/workload'))
  }
  if (user.error !== undefined) {
    errors.push(toDecisionError(user.error, '/credentials/user'))
  }
  if (errors.length > 0) {
    return failure('CREDENTIALS_INVALID', errors)
  }

  // SECURITY: the delegation binding runs on every request, cache hit or not, because a
  // cached user token may arrive with another workload token than the last time.
  try {
    const identity = combineIdentity(workload.value, user.value, config)
    return Object.freeze({ ok: true, identity })
  } catch (error) {
    return failure(reasonOf(error), [toDecisionError(error, '/credentials/user')])
  }
}

function reasonOf(error: unknown): ReasonCode {
  if (error instanceof AgentWithoutUser) {
    return 'AGENT_WITHOUT_USER'
  }
  const delegation =
    error instanceof DelegationInvalid ||
    error instanceof DelegationActorMismatch ||
    error instanceof DelegationDepthExceeded ||
    error instanceof DelegationCycle
  return delegation ? 'DELEGATION_INVALID' : 'CREDENTIALS_INVALID'
}

function toDecisionError(error: unknown, path: string): DecisionError {
  const coded =
    error instanceof AuthzError
      ? error
      : new CredentialsInvalid('credential verification failed', { cause: error })
  return Object.freeze({
    code: coded.code,
    policy: null,
    rule: null,
    path,
    message: coded.message,
  })
}

function failure(reason: ReasonCode, errors: readonly DecisionError[]): VerifyResult {
  return Object.freeze({
    ok: false,
    reasons: Object.freeze([reason]),
    errors: Object.freeze([...errors]),
  })
}
