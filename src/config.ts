import type { DecisionRecord } from './audit/decision-record.js'
import type { IdentityConfig } from './identity/config.js'
import type { Policy } from './policy/document.js'

/** Bounds of the decision cache. */
export interface CacheConfig {
  /** Maximum number of cached decisions. */
  readonly max: number
  /**
   * Time to live of a cached decision, in milliseconds.
   * @defaultValue `60_000`
   */
  readonly ttl?: number
}

/** Options of {@link createAuthorizer}. */
export interface AuthorizerConfig {
  /** The policy set: typed policies from the kit, or JSON documents. */
  readonly policies: readonly Policy[] | readonly unknown[]
  /** How tokens are verified and mapped to principals; required by `verify` and `checkAccess`. */
  readonly identity?: IdentityConfig
  /**
   * Decision cache bounds, or `false` for none. The bounds are validated; decisions are not
   * cached yet, so every check is evaluated afresh.
   * @defaultValue `false`
   */
  readonly cache?: CacheConfig | false
  /**
   * The one clock, in milliseconds since the epoch. It is read once per check.
   * @defaultValue `() => Date.now()`
   */
  readonly now?: () => number
  /**
   * When true, a request whose leaf scope has no policy is decided by the nearest ancestor
   * scope that has one; when false, it is denied with `NO_MATCH`.
   * @defaultValue `false`
   */
  readonly lenientScopeSearch?: boolean
  /** Receives the record of every decision. A throwing sink never changes a decision. */
  readonly onDecision?: (record: DecisionRecord) => unknown
  /** Receives errors thrown or rejected by `onDecision`. */
  readonly onDecisionError?: (error: unknown) => void
}

/** @internal The configuration after its checks, with defaults filled in. */
export interface ResolvedConfig {
  readonly policies: readonly unknown[]
  readonly identity: IdentityConfig | undefined
  readonly cache: Required<CacheConfig> | false
  readonly now: () => number
  readonly lenientScopeSearch: boolean
  readonly onDecision: ((record: DecisionRecord) => unknown) | undefined
  readonly onDecisionError: ((error: unknown) => void) | undefined
}

const KNOWN_OPTIONS = new Set([
  'policies',
  'identity',
  'cache',
  'now',
  'lenientScopeSearch',
  'onDecision',
  'onDecisionError',
])

/**
 * Checks the configuration of an authorizer. Misuse throws `TypeError`, or `RangeError` for
 * numbers out of range, so a wrong setting fails at start-up and never at check time.
 * @internal
 */
export function resolveConfig(config: unknown): ResolvedConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError('createAuthorizer: config must be an object')
  }
  const options = config as Record<string, unknown>
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`createAuthorizer: unknown option "${key}"`)
  }

  const { policies, identity, now, lenientScopeSearch, onDecision, onDecisionError } = options
  if (!Array.isArray(policies)) {
    throw new TypeError('createAuthorizer: "policies" must be an array of policy documents')
  }
  if (identity !== undefined && (typeof identity !== 'object' || identity === null)) {
    throw new TypeError('createAuthorizer: "identity" must be an object')
  }
  checkFunction(now, 'now')
  checkFunction(onDecision, 'onDecision')
  checkFunction(onDecisionError, 'onDecisionError')
  if (lenientScopeSearch !== undefined && typeof lenientScopeSearch !== 'boolean') {
    throw new TypeError('createAuthorizer: "lenientScopeSearch" must be a boolean')
  }

  return {
    policies,
    identity: identity as IdentityConfig | undefined,
    cache: resolveCache(options['cache']),
    now: (now as (() => number) | undefined) ?? (() => Date.now()),
    lenientScopeSearch: lenientScopeSearch ?? false,
    onDecision: onDecision as ResolvedConfig['onDecision'],
    onDecisionError: onDecisionError as ResolvedConfig['onDecisionError'],
  }
}

// NOTE: decisions are not cached yet. The bounds are checked so that a configuration written
// for the decision cache fails fast when it is wrong, and every check is evaluated afresh.
function resolveCache(cache: unknown): Required<CacheConfig> | false {
  if (cache === undefined || cache === false) return false
  if (typeof cache !== 'object' || cache === null) {
    throw new TypeError('createAuthorizer: "cache" must be false or { max, ttl }')
  }

  const { max, ttl = 60_000 } = cache as Record<string, unknown>
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(
      `createAuthorizer: "cache.max" must be a positive integer, got ${String(max)}`,
    )
  }
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 1) {
    throw new RangeError(
      `createAuthorizer: "cache.ttl" must be a positive integer of milliseconds, got ${String(ttl)}`,
    )
  }
  return { max, ttl }
}

function checkFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`createAuthorizer: "${name}" must be a function`)
  }
}
