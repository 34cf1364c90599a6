import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { IdentityConfig } from '../../src/identity/config.js'
import { createIdentityVerifier } from '../../src/identity/verifier.js'
import { propertyParameters } from '../support/seed.js'
import {
  AGENT,
  BILLING,
  NOW,
  NOW_MS,
  baseConfig,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
} from './helpers.js'
import type { Keys } from './helpers.js'

const AT = { typ: 'at+jwt' }

/** One step of a session: present credentials, or move the shared clock. */
type Step =
  | { readonly kind: 'present'; readonly workload: number | null; readonly user: number | null }
  | { readonly kind: 'advance'; readonly ms: number }

let k: Keys
let workloadTokens: readonly string[]
let userTokens: readonly string[]

/**
 * Signs tokens whose validity changes as the clock moves. There are valid ones of several
 * lifetimes, ones valid only from a later `nbf` or `iat`, and one without `iat`, whose
 * lifetime depends on the clock. Malformed and forged strings must never be served.
 */
async function signTokens(keys: Keys) {
  const svid = await sign(svidClaims(), keys.es256)
  const [header, payload, signature] = svid.split('.') as [string, string, string]
  const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`

  const workload = await Promise.all([
    sign(svidClaims({ exp: NOW + 60 }), keys.es256),
    sign(svidClaims({ exp: NOW + 900, iat: NOW - 100 }), keys.es256),
    sign(svidClaims({ nbf: NOW + 120, exp: NOW + 900 }), keys.es256),
    sign(svidClaims({ iat: NOW + 90, exp: NOW + 900 }), keys.es256),
    sign(svidClaims({ iat: undefined, exp: NOW + 3550 }), keys.es256),
    sign(svidClaims({ sub: AGENT }), keys.es256),
    sign(svidClaims({ sub: 'spiffe://acme.test/ns/unknown/sa/x' }), keys.es256),
    sign(svidClaims(), keys.foreign, { kid: keys.es256.kid }),
  ])
  const user = await Promise.all([
    sign(userClaims(), keys.idp, AT),
    sign(userClaims({ exp: NOW + 120, scope: 'docs:read' }), keys.idp, AT),
    sign(userClaims({ act: { sub: AGENT } }), keys.idp, AT),
    sign(userClaims({ act: { sub: BILLING, act: { sub: AGENT } } }), keys.idp, AT),
    sign(userClaims({ nbf: NOW + 200 }), keys.idp, AT),
    sign(userClaims({ iat: NOW + 60 }), keys.idp, AT),
  ])
  return {
    workload: [svid, `${header}.${payload}.${flipped}`, `${svid}\n`, ...workload],
    user: [...user, svid],
  }
}

beforeAll(async () => {
  k = await sharedKeys()
  const tokens = await signTokens(k)
  workloadTokens = tokens.workload
  userTokens = tokens.user
})

function steps(): fc.Arbitrary<Step[]> {
  const token = (count: number) =>
    fc.option(fc.integer({ min: 0, max: count - 1 }), { nil: null, freq: 3 })
  const present = fc
    .record({ workload: token(workloadTokens.length), user: token(userTokens.length) })
    .map((credentials): Step => ({ kind: 'present', ...credentials }))
  const advance = fc
    .oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 120_000 }) },
      { weight: 2, arbitrary: fc.integer({ min: 120_000, max: 1_200_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -200_000, max: 0 }) },
    )
    .map((ms): Step => ({ kind: 'advance', ms }))

  return fc.array(fc.oneof({ weight: 3, arbitrary: present }, { weight: 1, arbitrary: advance }), {
    minLength: 1,
    maxLength: 30,
  })
}

function credentialsOf(step: Extract<Step, { kind: 'present' }>) {
  const credentials: { workload?: string; user?: string } = {}
  if (step.workload !== null) {
    credentials.workload = workloadTokens[step.workload] ?? ''
  }
  if (step.user !== null) {
    credentials.user = userTokens[step.user] ?? ''
  }
  return credentials
}

describe('token cache model', () => {
  it('verifies through the cache exactly as without it', async () => {
    let hits = 0
    const config = (tokenCache: NonNullable<IdentityConfig['tokenCache']>) =>
      baseConfig(k, { tokenCache, maxDelegationDepth: 3 })

    await fc.assert(
      fc.asyncProperty(steps(), async (session) => {
        const clock = { ms: NOW_MS }
        const now = () => clock.ms
        const cached = createIdentityVerifier(config({ max: 4 }), { now })
        const uncached = createIdentityVerifier(config(false), { now })

        for (const step of session) {
          if (step.kind === 'advance') {
            clock.ms += step.ms
            continue
          }
          const credentials = credentialsOf(step)
          expect(await cached.verify(credentials)).toEqual(await uncached.verify(credentials))
        }
        hits += cached.stats().tokenCache?.hits ?? 0
      }),
      propertyParameters(150),
    )

    // The sessions must have exercised the cache, or the equality above proves nothing.
    expect(hits).toBeGreaterThan(0)
  })
})
