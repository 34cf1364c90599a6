import { beforeAll, describe, expect, it } from 'vitest'
import { createIdentityVerifier } from '../../src/identity/verifier.js'
import {
  BILLING,
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectNoTokenIn,
  expectRejected,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'

const OBJECT_EXPECTED = 'credentials invalid: expected an object with a "workload" or "user" token'
const TOKEN_EXPECTED = 'credentials invalid: expected a "workload" or "user" token'

let k: Keys
let svid: string
beforeAll(async () => {
  k = await sharedKeys()
  svid = await sign(svidClaims(), k.es256)
})

describe('credentials shape', () => {
  it.each([
    ['null', null, OBJECT_EXPECTED],
    ['undefined', undefined, OBJECT_EXPECTED],
    ['a string', 'eyJ.eyJ.sig', OBJECT_EXPECTED],
    ['a number', 5, OBJECT_EXPECTED],
    ['an array', [svid], OBJECT_EXPECTED],
    ['an empty object', {}, TOKEN_EXPECTED],
    ['undefined tokens', { workload: undefined, user: undefined }, TOKEN_EXPECTED],
    ['a numeric token', { workload: 5 }, 'credentials invalid: "workload" must be a string'],
    ['a null user token', { user: null }, 'credentials invalid: "user" must be a string'],
    [
      'an extra key',
      { workload: 'a.b.c', principal: {} },
      'credentials invalid: only "workload" and "user" are allowed',
    ],
    ['an inherited token', Object.create({ workload: 'a.b.c' }) as unknown, TOKEN_EXPECTED],
  ])('rejects %s', async (_, credentials, message) => {
    expectRejected(await verifierFor(baseConfig(k)).verify(credentials), {
      code: 'ERR_CREDENTIALS_INVALID',
      message,
      path: '/credentials',
    })
  })

  it('reads a getter once', async () => {
    let reads = 0
    const credentials = {
      get workload() {
        reads++
        return svid
      },
    }
    expectAccepted(await verifierFor(baseConfig(k)).verify(credentials))
    expect(reads).toBe(1)
  })

  it('never throws for a hostile proxy', async () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap')
        },
      },
    )
    expectRejected(await verifierFor(baseConfig(k)).verify(hostile), {
      code: 'ERR_CREDENTIALS_INVALID',
      message: 'credential verification failed',
      path: '/credentials',
    })
  })
})

describe('clock failures', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('clock')
      },
    ],
    ['returns NaN', () => NaN],
  ])('denies when now() %s', async (_, now) => {
    const verifier = createIdentityVerifier(baseConfig(k), { now })
    expectRejected(await verifier.verify({ workload: svid }), {
      code: 'ERR_CREDENTIALS_INVALID',
      message: 'credential verification failed',
    })
  })

  it('reads the injected clock on every call', async () => {
    let now = NOW_MS
    const verifier = createIdentityVerifier(baseConfig(k), { now: () => now })
    expectAccepted(await verifier.verify({ workload: svid }))
    now += 400_000
    expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_TOKEN_EXPIRED' })
  })
})

describe('key failures', () => {
  it('denies when a configured key cannot be imported', async () => {
    // The point (0, 0) is not on P-256, so WebCrypto refuses to import it.
    const broken = { kty: 'EC', crv: 'P-256', kid: 'es-1', x: 'A'.repeat(43), y: 'A'.repeat(43) }
    const config = baseConfig(k, { trustDomains: { 'acme.test': { jwks: { keys: [broken] } } } })
    expectRejected(
      await verifierFor(config).verify({ workload: await sign(svidClaims(), k.es256) }),
      {
        code: 'ERR_KEYS_UNAVAILABLE',
        message: 'keys unavailable: key set of trust domain "acme.test" could not be loaded',
      },
    )
  })
})

describe('no raw token in results', () => {
  it('keeps tokens out of every rejection and acceptance', async () => {
    const user = await sign(userClaims(), k.idp, { typ: 'at+jwt' })
    const cases: { workload?: string; user?: string }[] = [
      { workload: svid },
      { user },
      { workload: svid, user },
      { workload: `${svid}x` },
      { workload: svid.replace(/\.[^.]+$/, '.AAAA') },
      { workload: await sign(svidClaims({ exp: 1 }), k.es256) },
      { workload: await sign(svidClaims({ aud: 'x' }), k.es256) },
      { workload: await sign(svidClaims({ sub: 'spiffe://nope.test/a' }), k.es256) },
      { workload: await sign(svidClaims({ sub: 'not-spiffe' }), k.es256) },
      { workload: await sign(svidClaims(), k.es256, { typ: 'at+jwt' }) },
      { workload: user },
      { user: svid },
      {
        workload: svid,
        user: await sign(userClaims({ act: { sub: 'x' } }), k.idp, { typ: 'at+jwt' }),
      },
      { user: await sign(userClaims({ scope: 'a  b' }), k.idp, { typ: 'at+jwt' }) },
      { workload: `${svid}.${svid}` },
    ]

    for (const credentials of cases) {
      const result = await verifierFor(baseConfig(k)).verify(credentials)
      expectNoTokenIn(result, Object.values(credentials))
    }
  })

  it('keeps tokens out of error messages quoting SPIFFE IDs', async () => {
    const sub = `${BILLING}x`
    const token = await sign(svidClaims({ sub }), k.es256)
    const result = await verifierFor(baseConfig(k)).verify({ workload: token })
    expectRejected(result, { code: 'ERR_WORKLOAD_UNKNOWN' })
    expectNoTokenIn(result, [token])
  })
})
