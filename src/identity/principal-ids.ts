import { TokenSubjectInvalid } from '../errors.js'
import { checkKeys, checkString, describeValue, isRecord } from './config-values.js'

/** Derives a principal id from a verified `sub` and claims set. @internal */
export type PrincipalIdFunction = (sub: string, claims: Readonly<Record<string, unknown>>) => string

/** An issuer's checked `principalId` rule. @internal */
export interface PrincipalIdRuleResolved {
  readonly derive: PrincipalIdFunction
  /** The fixed prefix, or null for `'sub'` and for functions. */
  readonly prefix: string | null
}

/**
 * Checks one issuer's `principalId` option.
 *
 * With a single issuer the default keeps `sub`. With several issuers `'sub'` could let two
 * issuers name two different users with one id, so each issuer must set a prefix or a
 * function. {@link checkPrefixesDisjoint} then checks the prefixes against each other.
 * @internal
 */
export function resolvePrincipalIdRule(
  value: unknown,
  where: string,
  issuerCount: number,
): PrincipalIdRuleResolved {
  if (value === undefined || value === 'sub') {
    if (issuerCount > 1) {
      throw new TypeError(
        `${where}: with several issuers, set a { prefix } or a function so that ids of two issuers cannot collide`,
      )
    }
    return { derive: (sub) => sub, prefix: null }
  }

  if (typeof value === 'function') {
    const derive = value as PrincipalIdFunction
    return { derive: (sub, claims) => derive(sub, claims), prefix: null }
  }

  if (isRecord(value)) {
    checkKeys(value, ['prefix'], where)
    const prefix = checkString(value['prefix'], `${where}.prefix`)
    if (/^spiffe:/i.test(prefix)) {
      throw new TypeError(`${where}.prefix: must not start with "spiffe:", which names workloads`)
    }
    return { derive: (sub) => prefix + sub, prefix }
  }
  throw new TypeError(
    `${where}: expected "sub", { prefix } or a function, got ${describeValue(value)}`,
  )
}

/**
 * Throws `TypeError` when one issuer's prefix starts with another's. Prefix-free prefixes make
 * `prefix + sub` name exactly one (issuer, sub) pair.
 * @internal
 */
export function checkPrefixesDisjoint(
  prefixes: readonly { readonly prefix: string; readonly where: string }[],
): void {
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a !== b && b.prefix.startsWith(a.prefix)) {
        throw new TypeError(
          `${b.where}.prefix: ${describeValue(b.prefix)} starts with the prefix ${describeValue(a.prefix)} of ${a.where}`,
        )
      }
    }
  }
}

/**
 * Applies an issuer's rule and checks the resulting id.
 *
 * Throws {@link TokenSubjectInvalid} when the rule throws or returns anything but a non-empty
 * string, or when the id starts with `spiffe:`, so that no user id can pose as a workload.
 * @internal
 */
export function derivePrincipalId(
  derive: PrincipalIdFunction,
  sub: string,
  claims: Readonly<Record<string, unknown>>,
): string {
  let id: unknown
  try {
    id = derive(sub, claims)
  } catch (cause) {
    throw new TokenSubjectInvalid('token subject invalid: the principalId function threw', {
      cause,
    })
  }

  if (typeof id !== 'string' || id === '') {
    throw new TokenSubjectInvalid(
      'token subject invalid: the principalId function returned no non-empty string',
    )
  }
  if (/^spiffe:/i.test(id)) {
    throw new TokenSubjectInvalid(
      'token subject invalid: a user principal id may not be a SPIFFE ID',
    )
  }
  return id
}
