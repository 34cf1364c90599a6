import type { JWTPayload } from 'jose'
import type { Attributes } from '../engine/model.js'
import { TokenClaimInvalid } from '../errors.js'
import { isRecord } from './config-values.js'
import type { VerifiedPrincipal } from './identity.js'
import type { ResolvedIssuer } from './issuers.js'
import { copyClaims } from './json-copy.js'
import { derivePrincipalId } from './principal-ids.js'

/**
 * Builds the user principal of a verified access token: the id from the issuer's
 * `principalId` rule, roles from its roles claim, and null-prototype copies of its attribute
 * claims.
 * @internal
 */
export function userPrincipal(
  sub: string,
  claims: JWTPayload,
  issuer: ResolvedIssuer,
): VerifiedPrincipal {
  return Object.freeze({
    id: derivePrincipalId(issuer.principalId, sub, claims),
    kind: 'user',
    roles: readRoles(claims, issuer.rolesClaim),
    attr: readAttributes(claims, issuer.attributeClaims),
  })
}

function readRoles(claims: JWTPayload, path: readonly string[]): readonly string[] {
  let value: unknown = claims
  for (const name of path) {
    // Own properties only: a roles path never walks into a prototype.
    if (!isRecord(value) || !Object.hasOwn(value, name)) {
      return Object.freeze([])
    }
    value = value[name]
  }

  const valid =
    Array.isArray(value) && value.every((role) => typeof role === 'string' && role !== '')
  if (!valid) {
    throw new TokenClaimInvalid(
      `token claim invalid: "${path.join('.')}" must be an array of non-empty strings`,
    )
  }
  return Object.freeze([...new Set(value as string[])])
}

function readAttributes(claims: JWTPayload, names: readonly string[]): Attributes {
  try {
    return copyClaims(claims, names, '')
  } catch (cause) {
    throw new TokenClaimInvalid('token claim invalid: an attribute claim is nested too deeply', {
      cause,
    })
  }
}
