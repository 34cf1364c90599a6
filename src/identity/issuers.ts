import {
  checkKeys,
  checkNumber,
  checkOneOrMore,
  checkRecord,
  checkString,
  checkStringList,
  describeValue,
} from './config-values.js'
import type { KeySet } from './key-sets.js'
import { resolveKeySource } from './key-source.js'
import { checkPrefixesDisjoint, resolvePrincipalIdRule } from './principal-ids.js'
import type { PrincipalIdFunction } from './principal-ids.js'
import type { RemoteKeySetLimits } from './remote-key-set.js'
import { checkAlgorithms, MAX_LIFETIME_LIMIT, SVID_ALGORITHMS } from './trust-domains.js'

/** An issuer's checked configuration. @internal */
export interface ResolvedIssuer {
  readonly issuer: string
  readonly keySet: KeySet
  readonly audience: readonly string[]
  readonly algorithms: readonly string[]
  /** Path of the roles claim: one name, or the names of nested claims. */
  readonly rolesClaim: readonly string[]
  readonly attributeClaims: readonly string[]
  readonly principalId: PrincipalIdFunction
  readonly requiredClaims: readonly string[]
  /** Claims that tell an untyped access token from an ID token, or null for `at+jwt` only. */
  readonly untypedTokenClaims: ReadonlyMap<string, string | true> | null
  readonly scopeClaim: string
  readonly scopeFormat: 'string' | 'array'
  readonly maxLifetime: number
}

/** Asymmetric algorithms a user token may use: the JWT-SVID set plus EdDSA. */
export const USER_TOKEN_ALGORITHMS: readonly string[] = Object.freeze([
  ...SVID_ALGORITHMS,
  'EdDSA',
  'Ed25519',
])

/** Claims that every user token must carry, in addition to `requiredClaims`. */
const ALWAYS_REQUIRED = ['iss', 'sub', 'aud', 'exp']

const ISSUER_KEYS = [
  'issuer',
  'jwks',
  'jwksUri',
  'audience',
  'algorithms',
  'rolesClaim',
  'attributeClaims',
  'principalId',
  'requiredClaims',
  'acceptUntypedTokens',
  'scopeClaim',
  'scopeFormat',
  'maxLifetime',
]

/** Identity-wide values an issuer falls back to. @internal */
export interface IssuerDefaults {
  readonly audience: readonly string[]
  readonly limits: RemoteKeySetLimits
  readonly now: () => number
}

/**
 * Checks the `issuers` option and builds one key set per issuer. Issuers are keyed by their
 * exact `iss`, so a repeated issuer is an error.
 * @internal
 */
export function resolveIssuers(
  value: unknown,
  defaults: IssuerDefaults,
): ReadonlyMap<string, ResolvedIssuer> {
  const resolved = new Map<string, ResolvedIssuer>()
  if (value === undefined) {
    return resolved
  }
  if (!Array.isArray(value)) {
    throw new TypeError(`identity.issuers: expected an array, got ${describeValue(value)}`)
  }

  const prefixes: { prefix: string; where: string }[] = []
  for (const [index, item] of (value as unknown[]).entries()) {
    const where = `identity.issuers[${index}]`
    const entry = checkRecord(item, where)
    checkKeys(entry, ISSUER_KEYS, where)

    const issuer = checkString(entry['issuer'], `${where}.issuer`)
    if (resolved.has(issuer)) {
      throw new TypeError(`${where}.issuer: ${describeValue(issuer)} appears twice`)
    }
    const rule = resolvePrincipalIdRule(entry['principalId'], `${where}.principalId`, value.length)
    if (rule.prefix !== null) {
      prefixes.push({ prefix: rule.prefix, where: `${where}.principalId` })
    }
    resolved.set(issuer, resolveIssuer(entry, where, issuer, rule.derive, defaults))
  }

  checkPrefixesDisjoint(prefixes)
  return resolved
}

function resolveIssuer(
  entry: Readonly<Record<string, unknown>>,
  where: string,
  issuer: string,
  principalId: PrincipalIdFunction,
  defaults: IssuerDefaults,
): ResolvedIssuer {
  const keySet = resolveKeySource(entry, {
    where,
    owner: `issuer ${JSON.stringify(issuer)}`,
    allowBundle: false,
    keyTypes: ['RSA', 'EC', 'OKP'],
    limits: defaults.limits,
    now: defaults.now,
  })

  const extra = entry['requiredClaims'] ?? ['iat', 'client_id', 'jti']
  const requiredClaims = [
    ...new Set([...ALWAYS_REQUIRED, ...checkStringList(extra, `${where}.requiredClaims`)]),
  ]

  return {
    issuer,
    keySet,
    audience:
      entry['audience'] === undefined
        ? defaults.audience
        : checkOneOrMore(entry['audience'], `${where}.audience`),
    algorithms: checkAlgorithms(entry['algorithms'], USER_TOKEN_ALGORITHMS, `${where}.algorithms`),
    rolesClaim: checkOneOrMore(entry['rolesClaim'] ?? 'roles', `${where}.rolesClaim`),
    attributeClaims: checkStringList(entry['attributeClaims'] ?? [], `${where}.attributeClaims`),
    principalId,
    requiredClaims: Object.freeze(requiredClaims),
    untypedTokenClaims: checkUntypedRule(entry['acceptUntypedTokens'], where),
    scopeClaim: checkString(entry['scopeClaim'] ?? 'scope', `${where}.scopeClaim`),
    scopeFormat: checkScopeFormat(entry['scopeFormat'], `${where}.scopeFormat`),
    maxLifetime: checkNumber(
      entry['maxLifetime'],
      { min: 1, max: MAX_LIFETIME_LIMIT, fallback: 86_400 },
      `${where}.maxLifetime`,
    ),
  }
}

function checkUntypedRule(
  value: unknown,
  where: string,
): ReadonlyMap<string, string | true> | null {
  if (value === undefined) {
    return null
  }
  const optionWhere = `${where}.acceptUntypedTokens`
  const rule = checkRecord(value, optionWhere)
  checkKeys(rule, ['requireClaims'], optionWhere)
  const claims = checkRecord(rule['requireClaims'], `${optionWhere}.requireClaims`)

  // SECURITY: without a claim that only access tokens carry, an ID token of the same issuer
  // would pass as an access token (RFC 8725 section 3.12).
  const entries = Object.entries(claims)
  if (entries.length === 0) {
    throw new TypeError(
      `${optionWhere}.requireClaims: name at least one claim that only access tokens carry`,
    )
  }
  for (const [name, expected] of entries) {
    if (expected !== true && (typeof expected !== 'string' || expected === '')) {
      throw new TypeError(
        `${optionWhere}.requireClaims[${JSON.stringify(name)}]: expected true or a non-empty string, got ${describeValue(expected)}`,
      )
    }
  }
  return new Map(entries as [string, string | true][])
}

function checkScopeFormat(value: unknown, where: string): 'string' | 'array' {
  if (value === undefined || value === 'string' || value === 'array') {
    return value ?? 'string'
  }
  throw new TypeError(`${where}: expected "string" or "array", got ${describeValue(value)}`)
}
