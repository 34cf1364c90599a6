import { beforeAll, describe, expect, it } from 'vitest'
import type { IdentityConfig } from '../../src/identity/config.js'
import {
  AUDIENCE,
  USER_AUDIENCE,
  baseConfig,
  expectAccepted,
  expectConfigError,
  expectRejected,
  sharedKeys,
  sign,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'

/** Another service of the trust domain, which received an SVID that also names this one. */
const PAYMENTS = 'spiffe://acme.test/ns/payments/sa/api'

let k: Keys
beforeAll(async () => {
  k = await sharedKeys()
})

function singleAudience(requireSingleAudience: unknown = true): IdentityConfig {
  const keys = { keys: [k.es256.jwk] }
  return baseConfig(k, {
    trustDomains: {
      'acme.test': { jwks: keys, requireSingleAudience } as NonNullable<
        IdentityConfig['trustDomains']
      >[string],
    },
  })
}

async function verify(aud: unknown, config: IdentityConfig) {
  const token = await sign(svidClaims({ aud }), k.es256)
  return verifierFor(config).verify({ workload: token })
}

describe('requireSingleAudience', () => {
  it('accepts a multi-audience SVID by default', async () => {
    // The payments service received this SVID and replays it here: without the option, it
    // passes because one of its audiences is this service.
    expectAccepted(await verify([PAYMENTS, AUDIENCE], singleAudience(false)))
    expectAccepted(await verify([PAYMENTS, AUDIENCE], baseConfig(k)))
  })

  it('rejects an SVID replayed by another of its audiences', async () => {
    expectRejected(await verify([PAYMENTS, AUDIENCE], singleAudience()), {
      code: 'ERR_TOKEN_AUDIENCE',
      message: 'token audience invalid: "aud" must contain exactly one audience',
      path: '/credentials/workload',
    })
  })

  it.each([
    ['a string', AUDIENCE],
    ['an array of one', [AUDIENCE]],
    ['another audience of this service', USER_AUDIENCE],
  ])('accepts %s', async (_, aud) => {
    expectAccepted(await verify(aud, singleAudience()))
  })

  it('rejects one audience that is not this service', async () => {
    expectRejected(await verify(PAYMENTS, singleAudience()), {
      code: 'ERR_TOKEN_AUDIENCE',
      message: 'token audience invalid: "aud" does not contain an accepted audience',
    })
  })

  it('rejects this service named twice', async () => {
    expectRejected(await verify([AUDIENCE, AUDIENCE], singleAudience()), {
      code: 'ERR_TOKEN_AUDIENCE',
      message: 'token audience invalid: "aud" must contain exactly one audience',
    })
  })

  it('rejects a non-boolean setting', () => {
    expectConfigError(
      singleAudience('yes'),
      TypeError,
      'identity.trustDomains["acme.test"].requireSingleAudience: expected a boolean, got "yes"',
    )
  })

  it('applies to its own trust domain only', async () => {
    const config = singleAudience()
    const foreign = await sign(
      svidClaims({ sub: 'spiffe://evil.test/x', aud: [PAYMENTS, AUDIENCE] }),
      k.foreign,
    )
    const result = await verifierFor(config).verify({ workload: foreign })
    expect(result.ok).toBe(true)
  })
})
