import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { IdentityConfig, RemoteKeySetOptions } from '../../src/identity/config.js'
import { createIdentityVerifier } from '../../src/identity/verifier.js'
import {
  ISSUER,
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectRejected,
  makeKey,
  makeRsaKey,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
} from './helpers.js'
import type { Keys } from './helpers.js'
import { closedPort, json, sleep, startJwksServer } from './jwks-server.js'
import type { JwksServer } from './jwks-server.js'

const OWNER = 'keys unavailable: key set of trust domain "acme.test"'

let k: Keys
let server: JwksServer
let svid: string
let clockMs = NOW_MS

beforeAll(async () => {
  k = await sharedKeys()
  server = await startJwksServer(json({ keys: [k.es256.jwk] }))
  svid = await sign(svidClaims(), k.es256)
})

afterAll(async () => {
  await server.close()
})

afterEach(() => {
  server.hits.clear()
  server.handle(json({ keys: [k.es256.jwk] }))
  clockMs = NOW_MS
})

/** Creates a verifier whose `acme.test` keys come from the test server. */
function remoteVerifier(path = '/jwks', remoteKeySets: RemoteKeySetOptions = {}, uri?: string) {
  const config: IdentityConfig = baseConfig(k, {
    trustDomains: { 'acme.test': { jwksUri: uri ?? `${server.url}${path}` } },
    remoteKeySets: { timeout: 1000, ...remoteKeySets },
  })
  return createIdentityVerifier(config, { now: () => clockMs })
}

describe('remote key sets', () => {
  it('verifies with fetched keys and caches them', async () => {
    const verifier = remoteVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(server.count()).toBe(1)
  })

  it('fetches once for 200 concurrent verifications at cold start', async () => {
    const verifier = remoteVerifier()
    const results = await Promise.all(
      Array.from({ length: 200 }, () => verifier.verify({ workload: svid })),
    )
    expect(results.every((result) => result.ok)).toBe(true)
    expect(server.count()).toBe(1)
  })

  it('never fetches for an unknown trust domain', async () => {
    const verifier = remoteVerifier()
    const token = await sign(svidClaims({ sub: 'spiffe://unknown.test/a' }), k.es256)
    expectRejected(await verifier.verify({ workload: token }), { code: 'ERR_TRUST_DOMAIN_UNKNOWN' })
    expect(server.count()).toBe(0)
  })

  it('verifies user tokens with an issuer jwksUri', async () => {
    server.handle(json({ keys: [k.idp.jwk] }))
    const config = baseConfig(k, { issuers: [{ issuer: ISSUER, jwksUri: `${server.url}/idp` }] })
    const verifier = createIdentityVerifier(config, { now: () => clockMs })
    const token = await sign(userClaims(), k.idp, { typ: 'at+jwt' })
    expectAccepted(await verifier.verify({ user: token }))
    expect(server.hits.get('/idp')).toBe(1)
  })
})

describe('remote key sets: failing endpoints', () => {
  it('reports an endpoint that refuses connections', async () => {
    const verifier = remoteVerifier('', {}, `http://127.0.0.1:${await closedPort()}/jwks`)
    expectRejected(await verifier.verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: fetch failed`,
      path: '/credentials/workload',
    })
  })

  it('times out a slow response', async () => {
    server.handle((request, response) => {
      setTimeout(() => {
        json({ keys: [k.es256.jwk] })(request, response)
      }, 1500)
    })
    const result = await remoteVerifier('/jwks', { timeout: 300 }).verify({ workload: svid })
    expectRejected(result, { code: 'ERR_KEYS_UNAVAILABLE', message: `${OWNER}: fetch timed out` })
  })

  it('times out a slow-drip body', async () => {
    server.handle((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"keys":[')
      const timer = setInterval(() => response.write(' '), 100)
      setTimeout(() => {
        clearInterval(timer)
        response.end(']}')
      }, 3000)
      response.on('close', () => {
        clearInterval(timer)
      })
    })
    const result = await remoteVerifier('/jwks', { timeout: 500 }).verify({ workload: svid })
    expectRejected(result, { code: 'ERR_KEYS_UNAVAILABLE', message: `${OWNER}: fetch timed out` })
  })

  it('reports a server error', async () => {
    server.handle(json({ error: 'down' }, 500))
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: server responded with HTTP 500`,
    })
  })

  it('never follows a redirect', async () => {
    server.handle((request, response) => {
      if (request.url === '/moved') {
        json({ keys: [k.es256.jwk] })(request, response)
        return
      }
      response.writeHead(302, { location: `${server.url}/moved` })
      response.end()
    })
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: server responded with HTTP 302`,
    })
    expect(server.hits.get('/moved')).toBeUndefined()
  })

  it('rejects an HTML response', async () => {
    server.handle((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end('<html><body>login</body></html>')
    })
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: response is not JSON`,
    })
  })

  it('rejects JSON that is not a key set', async () => {
    server.handle(json({ keys: 'nope' }))
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: key set rejected: response: expected a JSON Web Key Set with a "keys" array`,
    })
  })

  it('cuts off a huge response with a content-length', async () => {
    server.handle(json({ keys: [k.es256.jwk], pad: 'x'.repeat(2 * 1024 * 1024) }))
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: response larger than 65536 bytes`,
    })
  })

  it('cuts off a huge chunked response', async () => {
    server.handle((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"keys":[],"pad":"')
      for (let index = 0; index < 64; index++) {
        response.write('x'.repeat(32 * 1024))
      }
      response.end('"}')
    })
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: response larger than 65536 bytes`,
    })
  })

  it('rejects a set with too many keys', async () => {
    const keys = Array.from({ length: 101 }, (_, index) => ({ ...k.es256.jwk, kid: `k${index}` }))
    server.handle(json({ keys }))
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: key set rejected: response: 101 keys exceed the maximum of 100`,
    })
  })

  it('rejects a set with a weak RSA key', async () => {
    const weak = await makeRsaKey('weak', 1024)
    server.handle(json({ keys: [weak.jwk, k.es256.jwk] }))
    expectRejected(await remoteVerifier().verify({ workload: svid }), {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: key set rejected: response.keys[0]: RSA modulus of 1024 bits is shorter than 2048`,
    })
  })

  it('backs off after a failed fetch, on the injected clock', async () => {
    server.handle(json({ error: 'down' }, 500))
    const verifier = remoteVerifier('/jwks', { failureBackoff: 5000 })
    for (let attempt = 0; attempt < 50; attempt++) {
      expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_KEYS_UNAVAILABLE' })
    }
    expect(server.count()).toBe(1)

    const last = await verifier.verify({ workload: svid })
    expectRejected(last, {
      code: 'ERR_KEYS_UNAVAILABLE',
      message: `${OWNER}: the last fetch failed, retrying after the failure backoff`,
    })

    server.handle(json({ keys: [k.es256.jwk] }))
    clockMs += 5000
    expectAccepted(await verifier.verify({ workload: svid }))
    expect(server.count()).toBe(2)
  })

  it('keeps an outage apart from an invalid token', async () => {
    const verifier = remoteVerifier()
    expectAccepted(await verifier.verify({ workload: svid }))
    server.handle(json({ error: 'down' }, 503))
    const forged = await sign(svidClaims(), k.foreign, { kid: 'es-1' })
    expectRejected(await verifier.verify({ workload: forged }), { code: 'ERR_TOKEN_SIGNATURE' })
  })
})

describe('remote key sets: rotation', () => {
  it('accepts a new kid only after the cooldown', async () => {
    const next = await makeKey('ES256', 'es-2')
    const token = await sign(svidClaims(), next)
    const verifier = remoteVerifier('/jwks', { cooldown: 300 })
    expectAccepted(await verifier.verify({ workload: svid }))

    server.handle(json({ keys: [k.es256.jwk, next.jwk] }))
    expectRejected(await verifier.verify({ workload: token }), { code: 'ERR_KEY_NOT_FOUND' })
    expect(server.count()).toBe(1)

    await sleep(350)
    expectAccepted(await verifier.verify({ workload: token }))
    expect(server.count()).toBe(2)
  })

  it('sends no fetch for a flood of unknown kids inside the cooldown', async () => {
    const verifier = remoteVerifier('/jwks', { cooldown: 60_000 })
    expectAccepted(await verifier.verify({ workload: svid }))
    const tokens = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        sign(svidClaims(), k.es256, { kid: `random-${index}` }),
      ),
    )
    for (const token of tokens) {
      expectRejected(await verifier.verify({ workload: token }), { code: 'ERR_KEY_NOT_FOUND' })
    }
    expect(server.count()).toBe(1)
  })

  it('drops a removed key once the cache expires', async () => {
    const verifier = remoteVerifier('/jwks', { cacheMaxAge: 1000 })
    expectAccepted(await verifier.verify({ workload: svid }))
    server.handle(json({ keys: [k.rs256.jwk] }))
    await sleep(1050)
    expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_KEY_NOT_FOUND' })
  })

  it('serves no stale keys once the cache expires during an outage', async () => {
    const verifier = remoteVerifier('/jwks', { cacheMaxAge: 1000 })
    expectAccepted(await verifier.verify({ workload: svid }))
    server.handle(json({ error: 'down' }, 500))
    await sleep(1050)
    expectRejected(await verifier.verify({ workload: svid }), { code: 'ERR_KEYS_UNAVAILABLE' })
  })
})
