import { SpiffeIdInvalid } from '../errors.js'
import {
  checkBoolean,
  checkInteger,
  checkKeys,
  checkNumber,
  checkOneOrMore,
  checkRecord,
  describeValue,
  isRecord,
} from './config-values.js'
import { resolveIssuers } from './issuers.js'
import type { ResolvedIssuer } from './issuers.js'
import type { RemoteKeySetLimits } from './remote-key-set.js'
import { checkRequiredScopes } from './scopes.js'
import type { RequiredScopes } from './scopes.js'
import { parseSpiffeId } from './spiffe-id.js'
import { MAX_LIFETIME_LIMIT, resolveTrustDomains } from './trust-domains.js'
import type { ResolvedTrustDomain } from './trust-domains.js'
import { createWorkloadRegistry } from './workloads.js'
import type { WorkloadRegistry } from './workloads.js'

/** The identity configuration, checked, with every default filled in. @internal */
export interface ResolvedIdentityConfig {
  readonly audience: readonly string[]
  readonly trustDomains: ReadonlyMap<string, ResolvedTrustDomain>
  readonly issuers: ReadonlyMap<string, ResolvedIssuer>
  readonly workloads: WorkloadRegistry
  readonly maxDelegationDepth: number
  readonly requireAct: boolean
  /** In seconds. */
  readonly clockTolerance: number
  /** In bytes. */
  readonly maxTokenSize: number
  readonly requiredScopes: RequiredScopes
  readonly tokenCache: TokenCacheLimits | false
}

/** Bounds of the verified-token cache, every default filled in. @internal */
export interface TokenCacheLimits {
  readonly max: number
  /** In bytes. */
  readonly maxSize: number
  /** In ms, or undefined to keep entries until their tokens expire. */
  readonly ttl: number | undefined
}

/** Maximum number of nested `act` claims read, and so the maximum `maxDelegationDepth`. */
export const MAX_ACT_NESTING = 8

/** Maximum `tokenCache.ttl` in ms: the longest `maxLifetime` a token may have. */
const MAX_TTL = MAX_LIFETIME_LIMIT * 1000

const IDENTITY_KEYS = [
  'audience',
  'trustDomains',
  'issuers',
  'workloads',
  'maxDelegationDepth',
  'requireAct',
  'clockTolerance',
  'maxTokenSize',
  'requiredScopes',
  'remoteKeySets',
  'tokenCache',
]

/**
 * Checks an identity configuration, throwing `TypeError` for a wrong type or a setting that
 * would fail open, and `RangeError` for a number out of range.
 * @internal
 */
export function resolveIdentityConfig(value: unknown, now: () => number): ResolvedIdentityConfig {
  const config = checkRecord(value, 'identity')
  checkKeys(config, IDENTITY_KEYS, 'identity')

  // SECURITY: jose skips the audience check when `audience` is undefined, so an empty
  // audience must never reach it.
  const audience = checkOneOrMore(config['audience'], 'identity.audience')
  audience.forEach(checkAudienceValue)

  const limits = resolveRemoteLimits(config['remoteKeySets'])
  const trustDomains = resolveTrustDomains(config['trustDomains'], limits, now)
  const maxTokenSize = checkInteger(
    config['maxTokenSize'],
    { min: 1024, max: 65_536, fallback: 8192 },
    'identity.maxTokenSize',
  )

  return {
    audience,
    trustDomains,
    issuers: resolveIssuers(config['issuers'], { audience, limits, now }),
    workloads: createWorkloadRegistry(config['workloads'], new Set(trustDomains.keys())),
    maxDelegationDepth: checkInteger(
      config['maxDelegationDepth'],
      { min: 1, max: MAX_ACT_NESTING, fallback: 3 },
      'identity.maxDelegationDepth',
    ),
    requireAct: checkBoolean(config['requireAct'], false, 'identity.requireAct'),
    clockTolerance: checkNumber(
      config['clockTolerance'],
      { min: 0, max: 60, fallback: 30 },
      'identity.clockTolerance',
    ),
    maxTokenSize,
    requiredScopes: checkRequiredScopes(config['requiredScopes']),
    tokenCache: resolveTokenCache(config['tokenCache'], maxTokenSize),
  }
}

function checkAudienceValue(audience: string): void {
  if (!/^spiffe:/i.test(audience)) {
    return
  }
  try {
    parseSpiffeId(audience)
  } catch (error) {
    const reason = error instanceof SpiffeIdInvalid ? error.message : 'SPIFFE ID invalid'
    throw new TypeError(`identity.audience: ${JSON.stringify(audience)}: ${reason}`)
  }
}

function resolveRemoteLimits(value: unknown): RemoteKeySetLimits {
  const where = 'identity.remoteKeySets'
  const options = value === undefined ? {} : checkRecord(value, where)
  checkKeys(
    options,
    ['timeout', 'cooldown', 'cacheMaxAge', 'failureBackoff', 'maxResponseBytes', 'maxKeys'],
    where,
  )
  const integer = (name: string, min: number, max: number, fallback: number) =>
    checkInteger(options[name], { min, max, fallback }, `${where}.${name}`)

  return {
    timeout: integer('timeout', 1, 60_000, 5000),
    cooldown: integer('cooldown', 0, 3_600_000, 30_000),
    cacheMaxAge: integer('cacheMaxAge', 1000, 86_400_000, 600_000),
    failureBackoff: integer('failureBackoff', 0, 3_600_000, 5000),
    maxResponseBytes: integer('maxResponseBytes', 1024, 1_048_576, 65_536),
    maxKeys: integer('maxKeys', 1, 1000, 100),
  }
}

function resolveTokenCache(value: unknown, maxTokenSize: number): TokenCacheLimits | false {
  const where = 'identity.tokenCache'
  if (value === false) {
    return false
  }
  if (value !== undefined && !isRecord(value)) {
    throw new TypeError(`${where}: expected false or an object, got ${describeValue(value)}`)
  }
  const options = value ?? {}
  checkKeys(options, ['max', 'maxSize', 'ttl'], where)

  // A cache smaller than the largest accepted token would silently never hold such a token.
  const maxSize = checkInteger(
    options['maxSize'],
    { min: maxTokenSize, max: 1_073_741_824, fallback: 16_777_216 },
    `${where}.maxSize`,
  )
  const ttl =
    options['ttl'] === undefined
      ? undefined
      : checkInteger(options['ttl'], { min: 1, max: MAX_TTL, fallback: 0 }, `${where}.ttl`)

  return {
    max: checkInteger(options['max'], { min: 1, max: 1_000_000, fallback: 10_000 }, `${where}.max`),
    maxSize,
    ttl,
  }
}
