import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { IdentityConfig } from '../../src/identity/config.js'
import { createIdentityVerifier } from '../../src/identity/verifier.js'
import {
  AGENT,
  NOW,
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectConfigError,
  expectOnBehalfOf,
  expectRejected,
  makeKey,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
} from './helpers.js'
import type { Keys, TestKey } from './helpers.js'
import { json, sleep, startJwksServer } from './jwks-server.js'
import type { JwksServer } from './jwks-server.js'

const AT = { typ: 'at+jwt' }

let k: Keys
let svid: string
beforeAll(async () => {
  k = await sharedKeys()
  svid = await sign(svidClaims(), k.es256)
})

/** Creates a verifier on a clock the test moves through `clock.ms`. */
function cachedVerifier(config: IdentityConfig = baseConfig(k), startMs = NOW_MS) {
  const clock = { ms: startMs }
  const verifier = createIdentityVerifier(config, { now: () => clock.ms })
  const hits = () => verifier.stats().tokenCache?.hits
  return { verifier, clock, hits }
}

describe('token cache: hits', () => {
  it('returns the same identity on a hit', async () => {
    const { verifier } = cachedVerifier()
    const first = expectAccepted(await verifier.verify({ workload: svid }))
    const second = expectAccepted(await verifier.verify({ workload: svid }))

    expect(second).toEqual(first)
    expect(verifier.stats().tokenCache).toEqual({
      hits: 1,
      misses: 1,
      invalidations: 0,
      evictions: 0,
      size: 1,
      bytes: svid.length,
    })
  })

  it('caches each token of a two-token request', async () => {
    const { verifier } = cachedVerifier()
    const user = await sign(userClaims(), k.idp, AT)
    const first = expectAccepted(await verifier.verify({ workload: svid, user }))
    const second = expectAccepted(await verifier.verify({ workload: svid, user }))

    expect(second).toEqual(first)
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 2, misses: 2, size: 2 })
  })

  it('never serves a workload entry on the user path', async () => {
    const { verifier } = cachedVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))
    expectRejected(await verifier.verify({ user: svid }), {
      code: 'ERR_TOKEN_ISSUER',
      path: '/credentials/user',
    })
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 1, misses: 2 })
  })

  it('checks the delegation binding on every request', async () => {
    const { verifier, hits } = cachedVerifier()
    const agentSvid = await sign(svidClaims({ sub: AGENT }), k.es256)
    const exchanged = await sign(userClaims({ act: { sub: AGENT } }), k.idp, AT)

    const identity = expectOnBehalfOf(
      expectAccepted(await verifier.verify({ workload: agentSvid, user: exchanged })),
    )
    expect(identity.chain).toEqual([AGENT])

    // The exchanged token is now cached, but it names the agent, not the billing workload.
    expectRejected(await verifier.verify({ workload: svid, user: exchanged }), {
      code: 'ERR_DELEGATION_ACTOR_MISMATCH',
      reason: 'DELEGATION_INVALID',
      path: '/credentials/user',
    })
    expect(hits()).toBe(1)
  })

  it('reports no cache when tokenCache is false', async () => {
    const { verifier } = cachedVerifier(baseConfig(k, { tokenCache: false }))
    expectAccepted(await verifier.verify({ workload: svid }))
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(verifier.stats()).toEqual({ tokenCache: null })
  })
})

describe('token cache: time claims', () => {
  it('rejects a cached token once it expires', async () => {
    const { verifier, clock, hits } = cachedVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))

    // exp is NOW + 300 and the clock tolerance 30 s, so NOW + 329.999 s still accepts.
    clock.ms = NOW_MS + 329_999
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(hits()).toBe(1)

    clock.ms = NOW_MS + 330_000
    expectRejected(await verifier.verify({ workload: svid }), {
      code: 'ERR_TOKEN_EXPIRED',
      message: 'token expired: "exp" is not after the current time',
      path: '/credentials/workload',
    })
  })

  it('enforces expiry with a clock at the epoch', async () => {
    // lru-cache ignores the TTL of an entry stored at time 0, so only the time checks of
    // the hit itself can reject the token.
    const { verifier, clock, hits } = cachedVerifier(baseConfig(k, { clockTolerance: 0 }), 0)
    const token = await sign(svidClaims({ iat: 0, exp: 300 }), k.es256)
    expectAccepted(await verifier.verify({ workload: token }))

    clock.ms = 300_000
    expectRejected(await verifier.verify({ workload: token }), { code: 'ERR_TOKEN_EXPIRED' })
    expect(hits()).toBe(1)
    expect(verifier.stats().tokenCache?.size).toBe(0)
  })

  it('rejects a cached token before nbf when the clock moves back', async () => {
    const { verifier, clock, hits } = cachedVerifier()
    const token = await sign(svidClaims({ nbf: NOW, iat: NOW }), k.es256)
    expectAccepted(await verifier.verify({ workload: token }))

    clock.ms = NOW_MS - 31_000
    expectRejected(await verifier.verify({ workload: token }), {
      code: 'ERR_TOKEN_NOT_YET_VALID',
      message: 'token not yet valid: "nbf" is after the current time',
    })
    expect(hits()).toBe(1)
  })

  it('rejects a cached token issued in the future when the clock moves back', async () => {
    const { verifier, clock } = cachedVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))

    clock.ms = NOW_MS - 31_000
    expectRejected(await verifier.verify({ workload: svid }), {
      code: 'ERR_TOKEN_ISSUED_IN_FUTURE',
    })
  })

  it('rechecks the lifetime of a token without iat', async () => {
    // Without iat the lifetime is exp - now, which grows when the clock moves back.
    const { verifier, clock } = cachedVerifier()
    const token = await sign(svidClaims({ iat: undefined, exp: NOW + 3500 }), k.es256)
    expectAccepted(await verifier.verify({ workload: token }))

    clock.ms = NOW_MS - 101_000
    expectRejected(await verifier.verify({ workload: token }), { code: 'ERR_TOKEN_LIFETIME' })
  })

  it('keeps an entry no longer than tokenCache.ttl', async () => {
    const { verifier, clock } = cachedVerifier(baseConfig(k, { tokenCache: { ttl: 1000 } }))
    expectAccepted(await verifier.verify({ workload: svid }))
    clock.ms = NOW_MS + 1000
    expectAccepted(await verifier.verify({ workload: svid }))
    clock.ms = NOW_MS + 1001
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 1, misses: 2 })
  })
})

describe('token cache: token strings', () => {
  it('does not serve a token with whitespace inserted', async () => {
    const { verifier, hits } = cachedVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))

    const [header, payload, signature] = svid.split('.') as [string, string, string]
    const variants = [
      `${svid}\n`,
      ` ${svid}`,
      `${header}.${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`,
      `${header}. ${payload}.${signature}`,
    ]
    for (const variant of variants) {
      expectRejected(await verifier.verify({ workload: variant }), {
        code: 'ERR_TOKEN_MALFORMED',
      })
    }
    expect(hits()).toBe(0)
    expect(verifier.stats().tokenCache?.size).toBe(1)
  })

  it('does not serve a forged signature of a cached token', async () => {
    const { verifier, hits } = cachedVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))

    // The same header and claims signed by a key of another trust domain.
    const forged = await sign(svidClaims(), k.foreign, { kid: k.es256.kid })
    expect(forged.slice(0, forged.lastIndexOf('.'))).toBe(svid.slice(0, svid.lastIndexOf('.')))
    expect(forged).not.toBe(svid)

    expectRejected(await verifier.verify({ workload: forged }), { code: 'ERR_TOKEN_SIGNATURE' })
    expect(hits()).toBe(0)
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(hits()).toBe(1)
  })

  it('rejects an oversized token without a lookup', async () => {
    const { verifier } = cachedVerifier()
    const huge = `${svid}${'A'.repeat(8192)}`
    expectRejected(await verifier.verify({ workload: huge }), { code: 'ERR_TOKEN_TOO_LARGE' })
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 0, misses: 0 })
  })
})

describe('token cache: remote key sets', () => {
  let server: JwksServer
  let next: TestKey

  beforeAll(async () => {
    server = await startJwksServer(json({ keys: [k.es256.jwk] }))
    next = await makeKey('ES256', 'es-2')
  })

  afterAll(async () => {
    await server.close()
  })

  afterEach(() => {
    server.hits.clear()
    server.handle(json({ keys: [k.es256.jwk] }))
  })

  function remoteVerifier(cacheMaxAge = 600_000) {
    return cachedVerifier(
      baseConfig(k, {
        trustDomains: { 'acme.test': { jwksUri: `${server.url}/jwks` } },
        remoteKeySets: { timeout: 1000, cooldown: 0, cacheMaxAge },
      }),
    )
  }

  /**
   * Verifies a token until it is served from the cache. The first verification with a
   * remote set is not cached, because the set was not fetched when it began.
   */
  async function warm(verifier: ReturnType<typeof remoteVerifier>['verifier'], token: string) {
    expectAccepted(await verifier.verify({ workload: token }))
    expectAccepted(await verifier.verify({ workload: token }))
    expectAccepted(await verifier.verify({ workload: token }))
    expect(verifier.stats().tokenCache?.hits).toBe(1)
  }

  it('invalidates entries when the key set rotates', async () => {
    const { verifier } = remoteVerifier()
    await warm(verifier, svid)

    // The endpoint replaces es-1 with es-2; a token signed with es-2 makes jose refetch.
    server.handle(json({ keys: [next.jwk] }))
    expectAccepted(await verifier.verify({ workload: await sign(svidClaims(), next) }))
    expect(server.count()).toBe(2)

    expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_KEY_NOT_FOUND' })
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 1, invalidations: 1 })
  })

  it('keeps entries when a refetch returns the same keys', async () => {
    const { verifier } = remoteVerifier()
    await warm(verifier, svid)

    // An unknown kid makes jose refetch, and the endpoint still serves es-1 alone.
    const unknown = await sign(svidClaims(), k.es256, { kid: 'unknown' })
    expectRejected(await verifier.verify({ workload: unknown }), { code: 'ERR_KEY_NOT_FOUND' })
    expect(server.count()).toBe(2)

    expectAccepted(await verifier.verify({ workload: svid }))
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 2, invalidations: 0 })
  })

  it('serves no entry past cacheMaxAge while the endpoint is down', async () => {
    const { verifier } = remoteVerifier(1000)
    await warm(verifier, svid)

    server.handle(json({ error: 'down' }, 503))
    await sleep(1050)
    expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_KEYS_UNAVAILABLE' })
    expect(verifier.stats().tokenCache).toMatchObject({ hits: 1, invalidations: 1 })
  })
})

describe('token cache: configuration', () => {
  const withCache = (tokenCache: unknown) =>
    baseConfig(k, { tokenCache: tokenCache as NonNullable<IdentityConfig['tokenCache']> })

  it('is on by default', () => {
    const { verifier } = cachedVerifier()
    expect(verifier.stats().tokenCache).toEqual({
      hits: 0,
      misses: 0,
      invalidations: 0,
      evictions: 0,
      size: 0,
      bytes: 0,
    })
  })

  it('bounds the number of tokens by max', async () => {
    const { verifier } = cachedVerifier(withCache({ max: 1 }))
    const other = await sign(svidClaims({ jti: 'other' }), k.es256)
    expectAccepted(await verifier.verify({ workload: svid }))
    expectAccepted(await verifier.verify({ workload: other }))
    expect(verifier.stats().tokenCache).toMatchObject({ evictions: 1, size: 1 })
  })

  it.each([
    [true, TypeError, 'identity.tokenCache: expected false or an object, got true'],
    [null, TypeError, 'identity.tokenCache: expected false or an object, got null'],
    [[], TypeError, 'identity.tokenCache: expected false or an object, got an array'],
    [{ size: 10 }, TypeError, 'identity.tokenCache: unknown option "size"'],
    [{ max: '10' }, TypeError, 'identity.tokenCache.max: expected a number, got "10"'],
    [{ max: 0 }, RangeError, 'identity.tokenCache.max: expected a number from 1 to 1000000'],
    [{ max: 1.5 }, RangeError, 'identity.tokenCache.max: expected an integer, got 1.5'],
    [{ max: Infinity }, RangeError, 'identity.tokenCache.max: expected a number from 1'],
    [
      { maxSize: 4096 },
      RangeError,
      'identity.tokenCache.maxSize: expected a number from 8192 to 1073741824, got 4096',
    ],
    [{ ttl: 0 }, RangeError, 'identity.tokenCache.ttl: expected a number from 1 to 2592000000'],
    [{ ttl: -1 }, RangeError, 'identity.tokenCache.ttl: expected a number from 1'],
    [{ ttl: 0.5 }, RangeError, 'identity.tokenCache.ttl: expected a number from 1'],
    [{ ttl: 1.5 }, RangeError, 'identity.tokenCache.ttl: expected an integer, got 1.5'],
    [{ ttl: NaN }, TypeError, 'identity.tokenCache.ttl: expected a number, got NaN'],
  ])('rejects tokenCache %o', (tokenCache, type, message) => {
    expectConfigError(withCache(tokenCache), type, message)
  })

  it('needs maxSize of at least maxTokenSize', () => {
    expectConfigError(
      baseConfig(k, { maxTokenSize: 16_384, tokenCache: { maxSize: 10_000 } }),
      RangeError,
      'identity.tokenCache.maxSize: expected a number from 16384',
    )
  })
})
