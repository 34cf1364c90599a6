import {
  checkBoolean,
  checkKeys,
  checkNumber,
  checkRecord,
  describeValue,
} from './config-values.js'
import type { SvidAlgorithm } from './config.js'
import type { KeySet } from './key-sets.js'
import { resolveKeySource } from './key-source.js'
import type { RemoteKeySetLimits } from './remote-key-set.js'
import { isTrustDomainName } from './spiffe-id.js'

/** The algorithms the JWT-SVID standard allows (section 2.1), in a fixed order. */
export const SVID_ALGORITHMS: readonly SvidAlgorithm[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
])

/** A trust domain's checked configuration. @internal */
export interface ResolvedTrustDomain {
  readonly name: string
  readonly keySet: KeySet
  readonly algorithms: readonly string[]
  readonly requireKid: boolean
  readonly allowExtraHeaderParameters: boolean
  readonly maxLifetime: number
  readonly requireSingleAudience: boolean
}

const TRUST_DOMAIN_KEYS = [
  'jwks',
  'bundle',
  'jwksUri',
  'algorithms',
  'requireKid',
  'allowExtraHeaderParameters',
  'maxLifetime',
  'requireSingleAudience',
]

/** Maximum value of a `maxLifetime` option in seconds: 30 days. */
export const MAX_LIFETIME_LIMIT = 30 * 24 * 3600

/**
 * Checks the `trustDomains` option and builds one key set per trust domain.
 * @internal
 */
export function resolveTrustDomains(
  value: unknown,
  limits: RemoteKeySetLimits,
  now: () => number,
): ReadonlyMap<string, ResolvedTrustDomain> {
  const resolved = new Map<string, ResolvedTrustDomain>()
  if (value === undefined) {
    return resolved
  }

  for (const [name, item] of Object.entries(checkRecord(value, 'identity.trustDomains'))) {
    const where = `identity.trustDomains[${JSON.stringify(name)}]`
    if (!isTrustDomainName(name)) {
      throw new TypeError(
        `${where}: not a trust domain name: use lowercase a-z, 0-9, ".", "-" and "_", at most 255`,
      )
    }
    const entry = checkRecord(item, where)
    checkKeys(entry, TRUST_DOMAIN_KEYS, where)

    const keySet = resolveKeySource(entry, {
      where,
      owner: `trust domain "${name}"`,
      allowBundle: true,
      keyTypes: ['RSA', 'EC'],
      limits,
      now,
    })
    resolved.set(name, {
      name,
      keySet,
      algorithms: checkAlgorithms(entry['algorithms'], SVID_ALGORITHMS, `${where}.algorithms`),
      requireKid: checkBoolean(entry['requireKid'], true, `${where}.requireKid`),
      allowExtraHeaderParameters: checkBoolean(
        entry['allowExtraHeaderParameters'],
        false,
        `${where}.allowExtraHeaderParameters`,
      ),
      maxLifetime: checkNumber(
        entry['maxLifetime'],
        { min: 1, max: MAX_LIFETIME_LIMIT, fallback: 3600 },
        `${where}.maxLifetime`,
      ),
      requireSingleAudience: checkBoolean(
        entry['requireSingleAudience'],
        false,
        `${where}.requireSingleAudience`,
      ),
    })
  }
  return resolved
}

/**
 * Checks an optional algorithm allowlist against the algorithms a profile permits, and
 * returns it or the whole permitted list.
 * @internal
 */
export function checkAlgorithms(
  value: unknown,
  permitted: readonly string[],
  where: string,
): readonly string[] {
  if (value === undefined) {
    return permitted
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${where}: expected a non-empty array of algorithms`)
  }

  // SECURITY: an allowlist, never a blocklist: `none`, HMAC and unknown names are rejected.
  for (const algorithm of value as unknown[]) {
    if (typeof algorithm !== 'string' || !permitted.includes(algorithm)) {
      throw new TypeError(
        `${where}: ${describeValue(algorithm)} is not allowed: use ${permitted.join(', ')}`,
      )
    }
  }
  return Object.freeze([...new Set(value as string[])])
}
