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
import { mapVerifyError } from './claim-checks.js'
import type { IdentityConfig } from './config.js'
import { readCredentials } from './credentials.js'
import { combineIdentity } from './delegation.js'
import type { VerifyResult } from './identity.js'
import { resolveIdentityConfig } from './resolve-config.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { verifyUserToken } from './user-token.js'
import { verifyWorkloadToken } from './workload-token.js'

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

  return {
    verify: async (credentials) => {
      try {
        return await verifyCredentials(credentials, resolved, clock)
      } catch (cause) {
        const error = new CredentialsInvalid('credential verification failed', { cause })
        return failure('CREDENTIALS_INVALID', [toDecisionError(error, '/credentials')])
      }
    },
  }
}

async function verifyCredentials(
  value: unknown,
  config: ResolvedIdentityConfig,
  now: () => number,
): Promise<VerifyResult> {
  let tokens
  try {
    tokens = readCredentials(value)
  } catch (error) {
    return failure('CREDENTIALS_INVALID', [toDecisionError(error, '/credentials')])
  }

  const nowMs = now()
  if (!Number.isFinite(nowMs)) {
    throw new TypeError('now() returned no finite number')
  }
  const [workload, user] = await Promise.all([
    settle(tokens.workload, (token) => verifyWorkloadToken(token, config, nowMs)),
    settle(tokens.user, (token) => verifyUserToken(token, config, nowMs)),
  ])

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

  try {
    const identity = combineIdentity(workload.value, user.value, config)
    return Object.freeze({ ok: true, identity })
  } catch (error) {
    return failure(reasonOf(error), [toDecisionError(error, '/credentials/user')])
  }
}

type Settled<T> = { value: T | undefined; error?: never } | { value?: never; error: AuthzError }

async function settle<T>(
  token: string | undefined,
  verify: (token: string) => Promise<T>,
): Promise<Settled<T>> {
  if (token === undefined) {
    return { value: undefined }
  }
  try {
    return { value: await verify(token) }
  } catch (error) {
    return { error: mapVerifyError(error) }
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
