import { beforeAll, describe, it } from 'vitest'
import { TOKEN_INVALID_MESSAGE } from '../../src/errors.js'
import {
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectRejected,
  makeKey,
  sharedKeys,
  sign,
  signRaw,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys, TestKey } from './helpers.js'
import type { IdentityConfig } from '../../src/identity/config.js'

const WORKLOAD = '/credentials/workload'

let k: Keys
beforeAll(async () => {
  k = await sharedKeys()
})

function verify(token: string, config: IdentityConfig = baseConfig(k), nowMs = NOW_MS) {
  return verifierFor(config, nowMs).verify({ workload: token })
}

async function expectCode(token: string, code: string, message?: string, config?: IdentityConfig) {
  return expectRejected(await verify(token, config), {
    code,
    path: WORKLOAD,
    ...(message === undefined ? {} : { message }),
  })
}

describe('workload token: trust domains', () => {
  it('rejects an SVID signed by another trust domain key with its own kid', async () => {
    await expectCode(
      await sign(svidClaims(), k.foreign),
      'ERR_KEY_NOT_FOUND',
      'key not found: no key of trust domain "acme.test" matches the token header',
    )
  })

  it('rejects an SVID signed by another trust domain key reusing a victim kid', async () => {
    const token = await sign(svidClaims(), k.foreign, { kid: 'es-1' })
    await expectCode(token, 'ERR_TOKEN_SIGNATURE', TOKEN_INVALID_MESSAGE)
  })

  it('rejects an unknown trust domain before any key lookup', async () => {
    // The kid matches no key anywhere: the trust domain check must come first.
    const claims = svidClaims({ sub: 'spiffe://unknown.test/ns/a' })
    await expectCode(
      await sign(claims, k.es256, { kid: 'no-such-kid' }),
      'ERR_TRUST_DOMAIN_UNKNOWN',
      'trust domain unknown: "unknown.test" is not in identity.trustDomains',
    )
  })

  it('rejects an unmapped SPIFFE ID', async () => {
    const claims = svidClaims({ sub: 'spiffe://acme.test/ns/unknown/sa/x' })
    await expectCode(
      await sign(claims, k.es256),
      'ERR_WORKLOAD_UNKNOWN',
      'workload unknown: "spiffe://acme.test/ns/unknown/sa/x" matches no identity.workloads entry',
    )
  })
})

describe('workload token: kid', () => {
  it.each(['nope', '../../etc/passwd', "' OR 1=1--", 'a'.repeat(4000), 'es-1\u0000'])(
    'rejects hostile kid %#',
    async (kid) => {
      await expectCode(await sign(svidClaims(), k.es256, { kid }), 'ERR_KEY_NOT_FOUND')
    },
  )

  it('rejects a numeric kid', async () => {
    await expectCode(
      await sign(svidClaims(), k.es256, { kid: 1 }),
      'ERR_TOKEN_HEADER',
      'token header invalid: "kid" must be a string',
    )
  })

  it('rejects a missing kid by default', async () => {
    await expectCode(
      await signRaw({ alg: 'ES256' }, svidClaims(), k.es256),
      'ERR_TOKEN_HEADER',
      'token header invalid: "kid" is required',
    )
  })

  it('tries every matching key when kid is optional', async () => {
    const config = baseConfig(k, {
      trustDomains: {
        'acme.test': { jwks: { keys: [k.ps256.jwk, k.rs256.jwk] }, requireKid: false },
      },
    })
    const good = await signRaw({ alg: 'RS256' }, svidClaims(), k.rs256)
    expectAccepted(await verify(good, config))

    const bad = await signRaw({ alg: 'RS256' }, svidClaims(), k.idp)
    await expectCode(bad, 'ERR_TOKEN_SIGNATURE', TOKEN_INVALID_MESSAGE, config)
  })
})

describe('workload token: SPIFFE bundles', () => {
  let x509: TestKey
  let noUse: TestKey
  let upper: TestKey
  let config: IdentityConfig
  beforeAll(async () => {
    x509 = await makeKey('ES256', 'x509-1')
    noUse = await makeKey('ES256', 'nouse-1')
    upper = await makeKey('ES256', 'upper-1')
    config = baseConfig(k, {
      trustDomains: {
        'acme.test': {
          bundle: {
            keys: [
              { ...k.es256.jwk, use: 'jwt-svid' },
              { ...x509.jwk, use: 'x509-svid' },
              noUse.jwk,
              { ...upper.jwk, use: 'JWT-SVID' },
              { kty: 'oct', use: 'jwt-svid', kid: 'unknown-type' },
            ],
            spiffe_refresh_hint: 300,
          },
        },
      },
    })
  })

  it('accepts a jwt-svid key with use stripped', async () => {
    expectAccepted(await verify(await sign(svidClaims(), k.es256), config))
  })

  it.each(['x509', 'noUse', 'upper'] as const)('ignores the %s key', async (name) => {
    const key = { x509, noUse, upper }[name]
    await expectCode(await sign(svidClaims(), key), 'ERR_KEY_NOT_FOUND', undefined, config)
  })

  it('rejects every SVID of a bundle without jwt-svid keys', async () => {
    const empty = baseConfig(k, {
      trustDomains: { 'acme.test': { bundle: { keys: [{ ...k.es256.jwk, use: 'x509-svid' }] } } },
    })
    await expectCode(await sign(svidClaims(), k.es256), 'ERR_KEY_NOT_FOUND', undefined, empty)
  })
})

describe('workload token: header parameters', () => {
  const crit = 'token header invalid: "crit" is not supported'
  const extra = 'token header invalid: a JWT-SVID header may contain only "alg", "kid" and "typ"'

  it.each([
    ['an extension', { crit: ['x-policy'], 'x-policy': 1 }],
    ['an empty list', { crit: [] }],
    ['an absent parameter', { crit: ['x-absent'] }],
    ['b64', { crit: ['b64'], b64: false }],
  ])('rejects crit naming %s', async (_, header) => {
    await expectCode(await sign(svidClaims(), k.es256, header), 'ERR_TOKEN_HEADER', crit)
  })

  it.each([
    ['jku', { jku: 'http://127.0.0.1:1/jwks' }],
    ['x5u', { x5u: 'http://127.0.0.1:1/cert' }],
    ['jwk', { jwk: { kty: 'EC' } }],
    ['x5c', { x5c: ['AAAA'] }],
    ['cty', { cty: 'JWT' }],
  ])('rejects a %s header', async (_, header) => {
    await expectCode(await sign(svidClaims(), k.es256, header), 'ERR_TOKEN_HEADER', extra)
  })

  it('never uses an embedded jwk', async () => {
    const attacker = await makeKey('ES256', 'es-1')
    const config = baseConfig(k, {
      trustDomains: {
        'acme.test': { jwks: { keys: [k.es256.jwk] }, allowExtraHeaderParameters: true },
      },
    })
    const token = await sign(svidClaims(), attacker, { jwk: attacker.jwk })
    await expectCode(token, 'ERR_TOKEN_SIGNATURE', TOKEN_INVALID_MESSAGE, config)
  })

  it('still rejects crit with extra parameters allowed', async () => {
    const config = baseConfig(k, {
      trustDomains: {
        'acme.test': { jwks: { keys: [k.es256.jwk] }, allowExtraHeaderParameters: true },
      },
    })
    await expectCode(
      await sign(svidClaims(), k.es256, { crit: ['x'] }),
      'ERR_TOKEN_HEADER',
      crit,
      config,
    )
  })
})
