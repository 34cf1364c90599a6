import { buildRecord, deliver } from './audit/decision-record.js'
import type { TokenCacheStats } from './cache/token-cache.js'
import type { RecordFacts } from './audit/decision-record.js'
import { resolveConfig } from './config.js'
import type { AuthorizerConfig, ResolvedConfig } from './config.js'
import { decide, rejected } from './engine/decide.js'
import type { Decision, DecisionError } from './engine/decision.js'
import type { ResourceValue } from './engine/model.js'
import { agentGate } from './engine/agent-gate.js'
import { deepFreeze } from './engine/deep-freeze.js'
import { kindsOf, readParties } from './engine/participants.js'
import type { Parties } from './engine/participants.js'
import { isPlainObject, readAction, readResource } from './engine/request-values.js'
import type { RequestProblem } from './engine/request-values.js'
import type { VerifyResult } from './identity/identity.js'
import { createIdentityVerifier } from './identity/verifier.js'
import type { IdentityVerifier } from './identity/verifier.js'
import { PolicySet } from './policy-set.js'
import type {
  AccessRequest,
  CheckRequest,
  CheckResourcesRequest,
  CheckResourcesResult,
} from './requests.js'
import { checkBatch } from './check-batch.js'

/** Decides access requests against a compiled policy set. */
export interface Authorizer {
  /** Revision of the policy set in force; starts at 1. */
  readonly revision: number
  /**
   * Verifies credentials, then decides. Never throws for untrusted input: a bad token,
   * request or attribute gives `allowed: false` with a coded reason.
   */
  checkAccess(request: AccessRequest): Promise<Decision>
  /** Verifies raw tokens into an identity for {@link Authorizer.check}. Never throws for untrusted input. */
  verify(credentials: unknown): Promise<VerifyResult>
  /** Decides for a caller-supplied principal or a verified identity. Never throws for untrusted input. */
  check(request: CheckRequest): Decision
  /** Decides many actions on many resources for one principal or identity. */
  checkResources(request: CheckResourcesRequest): CheckResourcesResult
  /**
   * Swaps in a new policy set atomically and bumps the revision. Throws `PolicyInvalid` and
   * keeps the old set when the new one is invalid.
   */
  updatePolicies(policies: readonly unknown[]): void
  /** Counters for metrics: hits, misses and evictions of the verified-token cache. */
  stats(): AuthorizerStats
}

/** Counters an authorizer exposes for metrics. */
export interface AuthorizerStats {
  /** The verified-token cache, or null without an identity configuration or with the cache off. */
  readonly tokenCache: TokenCacheStats | null
}

/**
 * Creates an authorizer: checks the configuration, validates and compiles the policies.
 * Throws `TypeError` or `RangeError` on misuse and `PolicyInvalid` on invalid policies.
 * @example
 * ```ts
 * const authz = createAuthorizer({ policies: [documents] })
 * const decision = authz.check({
 *   principal: { id: 'alice', roles: ['user'] },
 *   resource: { kind: 'document', id: 'd1', attr: { status: 'published' } },
 *   action: 'read',
 * })
 * ```
 */
export function createAuthorizer(config: AuthorizerConfig): Authorizer {
  return new AuthorizerImpl(resolveConfig(config))
}

class AuthorizerImpl implements Authorizer {
  readonly #config: ResolvedConfig
  readonly #verifier: IdentityVerifier | undefined
  readonly #verified = new WeakSet<object>()
  #policies: PolicySet

  constructor(config: ResolvedConfig) {
    this.#config = config
    this.#verifier =
      config.identity === undefined
        ? undefined
        : createIdentityVerifier(config.identity, { now: config.now })
    this.#policies = PolicySet.load(config.policies, 1)
  }

  stats(): AuthorizerStats {
    return { tokenCache: this.#verifier?.stats().tokenCache ?? null }
  }

  get revision(): number {
    return this.#policies.revision
  }

  updatePolicies(policies: readonly unknown[]): void {
    if (!Array.isArray(policies)) {
      throw new TypeError('updatePolicies: policies must be an array of policy documents')
    }
    this.#policies = PolicySet.load(policies, this.#policies.revision + 1)
  }

  async verify(credentials: unknown): Promise<VerifyResult> {
    if (this.#verifier === undefined) {
      const message = 'no identity configuration: credentials cannot be verified'
      return credentialsRejected(message)
    }

    const result = await this.#verifier.verify(credentials)
    if (result.ok) this.#verified.add(deepFreeze(result.identity))
    return result
  }

  async checkAccess(request: AccessRequest): Promise<Decision> {
    const policies = this.#policies

    // Every field is read once, so a getter cannot return a different value later.
    let credentials: unknown
    let rest: Record<string, unknown>
    try {
      if (!isPlainObject(request)) return this.#invalid(policies, '', 'request must be an object')
      ;({ credentials, ...rest } = request as Record<string, unknown>)
    } catch {
      return this.#invalid(policies, '', 'request could not be read')
    }
    if (credentials === undefined) return this.check(rest as unknown as CheckRequest)

    // SECURITY: caller-supplied roles are never merged with verified ones.
    for (const key of ['principal', 'actor', 'chain', 'scopes', 'identity']) {
      if (rest[key] !== undefined) {
        return this.#invalid(policies, `/${key}`, `${key} cannot be combined with credentials`)
      }
    }

    const verified = await this.verify(credentials)
    if (!verified.ok) {
      const decision = rejected(verified.reasons, verified.errors, this.#policies.revision)
      this.#record(decision, NO_FACTS, this.#readClock())
      return decision
    }
    return this.check({ ...(rest as Omit<CheckRequest, 'identity'>), identity: verified.identity })
  }

  check(request: CheckRequest): Decision {
    const policies = this.#policies
    const now = this.#readClock()

    const parsed = this.#readRequest(request)
    if ('message' in parsed) {
      const decision = problemDecision(parsed, policies.revision)
      this.#record(decision, NO_FACTS, now)
      return decision
    }

    const { parties, resource, action, requestId } = parsed
    const decision = this.#decide(policies, parties, resource, action, now)
    const facts = { requestId, resource: { kind: resource.kind, id: resource.id }, action }
    const chain = parties.delegation.chain
    this.#record(decision, { ...facts, chain, kinds: kindsOf(parties) }, now)
    return decision
  }

  checkResources(request: CheckResourcesRequest): CheckResourcesResult {
    const now = this.#readClock()
    return checkBatch(request, {
      policies: this.#policies,
      readParties: (input) => readParties(input, (identity) => this.#isVerified(identity)),
      decide: (policies, parties, resource, action) =>
        this.#decide(policies, parties, resource, action, now),
      invalid: (problem) => problemDecision(problem, this.#policies.revision),
      record: (decision, facts) => {
        this.#record(decision, facts, now)
      },
    })
  }

  // Reading never throws: a request whose getters or proxy traps throw is a problem.
  #readRequest(
    request: unknown,
  ):
    | { parties: Parties; resource: ResourceValue; action: string; requestId: string | null }
    | RequestProblem {
    try {
      if (!isPlainObject(request)) return { path: '', message: 'request must be an object' }
      const input: Record<string, unknown> = request

      const parties = readParties(input, (identity) => this.#isVerified(identity))
      if ('message' in parties) return parties

      const resource = readResource(input['resource'], '/resource')
      if ('message' in resource) return resource

      const action = readAction(input['action'], '/action')
      if (typeof action !== 'string') return action

      const requestId = input['requestId']
      if (requestId !== undefined && typeof requestId !== 'string') {
        return { path: '/requestId', message: 'requestId must be a string' }
      }
      return { parties, resource, action, requestId: requestId ?? null }
    } catch {
      return { path: '', message: 'request could not be read' }
    }
  }

  #decide(
    policies: PolicySet,
    parties: Parties,
    resource: ResourceValue,
    action: string,
    now: number | RequestProblem,
  ): Decision {
    if (typeof now !== 'number') return problemDecision(now, policies.revision)
    try {
      return this.#evaluate(policies, parties, resource, action, now)
    } catch {
      // SECURITY: a fault the engine did not foresee denies; it never escapes as a throw.
      const problem = { path: '', message: 'request could not be evaluated' }
      return problemDecision(problem, policies.revision)
    }
  }

  #evaluate(
    policies: PolicySet,
    parties: Parties,
    resource: ResourceValue,
    action: string,
    now: number,
  ): Decision {
    const gate = agentGate(parties.identity, this.#config, resource.kind, action)
    if (gate !== undefined) return rejected([gate.reason], [gate.error], policies.revision)

    return decide({
      set: policies.compiled,
      revision: policies.revision,
      participants: parties.participants,
      resource,
      delegation: parties.delegation,
      action,
      now,
      options: { lenientScopeSearch: this.#config.lenientScopeSearch },
    })
  }

  #readClock(): number | RequestProblem {
    let now: unknown
    try {
      now = this.#config.now()
    } catch {
      return { path: '', message: 'the clock failed' }
    }
    // The Date range: every instant a check runs at must print as an RFC 3339 time.
    if (typeof now !== 'number' || !Number.isFinite(now) || Math.abs(now) > 8.64e15) {
      return { path: '', message: 'the clock returned an invalid time' }
    }
    return now
  }

  #isVerified(identity: unknown): boolean {
    return typeof identity === 'object' && identity !== null && this.#verified.has(identity)
  }

  #invalid(policies: PolicySet, path: string, message: string): Decision {
    const decision = problemDecision({ path, message }, policies.revision)
    this.#record(decision, NO_FACTS, this.#readClock())
    return decision
  }

  #record(decision: Decision, facts: RequestFacts, now: number | RequestProblem): void {
    const { onDecision, onDecisionError } = this.#config
    if (onDecision === undefined) return

    const time = typeof now === 'number' ? now : 0
    deliver(onDecision, () => buildRecord(decision, { ...facts, now: time }), onDecisionError)
  }
}

/** @internal What a decision record keeps of the request, read once when it was checked. */
export type RequestFacts = Omit<RecordFacts, 'now'>

const NO_FACTS: RequestFacts = {
  requestId: null,
  resource: null,
  action: null,
  chain: [],
  kinds: { principal: null, actor: null, subject: null },
}

function problemDecision(problem: RequestProblem, revision: number): Decision {
  const error: DecisionError = {
    code: 'ERR_REQUEST_INVALID',
    policy: null,
    rule: null,
    path: problem.path,
    message: problem.message,
  }
  return rejected(['REQUEST_INVALID'], [error], revision)
}

function credentialsRejected(message: string): VerifyResult {
  const error: DecisionError = {
    code: 'ERR_CREDENTIALS_INVALID',
    policy: null,
    rule: null,
    path: '/credentials',
    message,
  }
  return { ok: false, reasons: ['CREDENTIALS_INVALID'], errors: [error] }
}
