import type { JWSHeaderParameters, JWTPayload } from 'jose'
import {
  TokenClaimInvalid,
  TokenSubjectInvalid,
  TokenTypeInvalid,
  TrustDomainUnknown,
  WorkloadUnknown,
} from '../errors.js'
import type { VerificationBasis } from './cached-tokens.js'
import { checkAudienceClaim, checkSingleAudience, checkTimeClaims } from './claim-checks.js'
import { checkAlgorithm, checkCommonHeader, checkSvidHeaderParameters } from './header-checks.js'
import type { VerifiedPrincipal } from './identity.js'
import { verifyWithKeySet } from './key-sets.js'
import type { ResolvedIdentityConfig } from './resolve-config.js'
import { parseSpiffeId } from './spiffe-id.js'
import type { SpiffeId } from './spiffe-id.js'
import { decodeUnverified } from './token-format.js'
import { SVID_ALGORITHMS } from './trust-domains.js'
import type { ResolvedTrustDomain } from './trust-domains.js'
import { workloadPrincipal } from './workloads.js'
import type { WorkloadMapping } from './workloads.js'

/** A verified JWT-SVID and the workload principal it maps to. @internal */
export interface VerifiedWorkload {
  readonly principal: VerifiedPrincipal
  readonly mapping: WorkloadMapping
  readonly basis: VerificationBasis
}

/**
 * Verifies a JWT-SVID and maps its SPIFFE ID to a workload or agent principal.
 *
 * Each step throws a coded error:
 *
 * 1. size and format, then `alg` in the JWT-SVID allowlist, no `crit`, and `typ` absent,
 *    `JWT` or `JOSE`;
 * 2. `sub` a SPIFFE ID with a path, whose configured trust domain selects the one key set
 *    that may verify the token;
 * 3. the trust domain's algorithms and header rules;
 * 4. the signature, `aud` and `exp`, through jose;
 * 5. finite dates, `iat`, lifetime, `aud` members, a single `aud` when the trust domain
 *    requires one, and an unchanged `sub`, which jose leaves unchecked;
 * 6. a matching workload entry.
 * @internal
 */
export async function verifyWorkloadToken(
  token: string,
  config: ResolvedIdentityConfig,
  nowMs: number,
): Promise<VerifiedWorkload> {
  const { header, claims } = decodeUnverified(token, config.maxTokenSize)
  checkAlgorithm(header, SVID_ALGORITHMS)
  checkCommonHeader(header)
  checkSvidType(header)

  const spiffeId = readSubject(claims)

  // SECURITY: the trust domain of `sub` picks the key set, so a key of one trust domain never
  // verifies an SVID of another. An unknown trust domain is rejected before any key lookup.
  const trustDomain = config.trustDomains.get(spiffeId.trustDomain)
  if (trustDomain === undefined) {
    throw new TrustDomainUnknown(
      `trust domain unknown: "${spiffeId.trustDomain}" is not in identity.trustDomains`,
    )
  }
  checkAlgorithm(header, trustDomain.algorithms)
  checkSvidHeaderParameters(header, trustDomain)

  // Read before the key lookup, so that a key rotation during verification leaves the
  // result marked with the older generation.
  const generation = trustDomain.keySet.generation()
  const verified = await verifySignature(token, header, trustDomain, config, nowMs)
  if (verified.sub !== spiffeId.id) {
    throw new TokenSubjectInvalid('token subject invalid: "sub" changed during verification')
  }

  const mapping = config.workloads.find(spiffeId)
  if (mapping === undefined) {
    throw new WorkloadUnknown(
      `workload unknown: "${spiffeId.id}" matches no identity.workloads entry`,
    )
  }
  return {
    principal: workloadPrincipal(spiffeId, mapping),
    mapping,
    basis: {
      keySet: trustDomain.keySet,
      generation,
      timeClaims: { exp: verified.exp, nbf: verified.nbf, iat: verified.iat },
      maxLifetime: trustDomain.maxLifetime,
    },
  }
}

function checkSvidType(header: JWSHeaderParameters): void {
  // SECURITY: this keeps access tokens (`at+jwt`) and other typed JWTs off the workload path.
  // The comparison is case-sensitive, as in the SPIFFE reference implementation.
  const { typ } = header
  if (typ !== undefined && typ !== 'JWT' && typ !== 'JOSE') {
    throw new TokenTypeInvalid(
      'token type invalid: a JWT-SVID "typ" must be absent, "JWT" or "JOSE"',
    )
  }
}

function readSubject(claims: JWTPayload): SpiffeId {
  if (!Object.hasOwn(claims, 'sub')) {
    throw new TokenClaimInvalid('token claim missing: "sub"')
  }
  const spiffeId = parseSpiffeId(claims.sub)

  // A SPIFFE ID without a path names the trust domain's signing authority, not a workload
  // (SPIFFE ID standard, section 3.1).
  if (spiffeId.path === '') {
    throw new TokenSubjectInvalid('token subject invalid: a workload SPIFFE ID must have a path')
  }
  return spiffeId
}

async function verifySignature(
  token: string,
  header: JWSHeaderParameters,
  trustDomain: ResolvedTrustDomain,
  config: ResolvedIdentityConfig,
  nowMs: number,
): Promise<JWTPayload> {
  const claims = await verifyWithKeySet(token, header, trustDomain.keySet, {
    algorithms: [...trustDomain.algorithms],
    audience: [...config.audience],
    requiredClaims: ['exp', 'sub', 'aud'],
    clockTolerance: config.clockTolerance,
    currentDate: new Date(nowMs),
  })

  checkAudienceClaim(claims)
  if (trustDomain.requireSingleAudience) {
    checkSingleAudience(claims)
  }
  checkTimeClaims(claims, {
    now: Math.floor(nowMs / 1000),
    clockTolerance: config.clockTolerance,
    maxLifetime: trustDomain.maxLifetime,
  })
  return claims
}
