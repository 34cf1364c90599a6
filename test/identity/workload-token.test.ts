import { base64url, exportSPKI, importJWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_INVALID_MESSAGE } from '../../src/errors.js'
import {
  AUDIENCE,
  BILLING,
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectDirect,
  expectRejected,
  makeKey,
  omit,
  segment,
  sharedKeys,
  sign,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'
import type { IdentityConfig } from '../../src/identity/config.js'

const ALL_SVID_ALGORITHMS = 'RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512'
const ALGORITHM_NOT_ALLOWED = `token algorithm not allowed: expected one of ${ALL_SVID_ALGORITHMS}`
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

describe('workload token: accepted', () => {
  it.each(['rs256', 'es256', 'ps256'] as const)('accepts a %s JWT-SVID', async (name) => {
    const identity = expectAccepted(await verify(await sign(svidClaims(), k[name])))
    expect(identity).toEqual({
      mode: 'direct',
      principal: {
        id: BILLING,
        kind: 'workload',
        roles: ['svc:billing'],
        attr: { team: 'billing' },
      },
      scopes: null,
    })
  })

  it('copies attributes into frozen null-prototype objects', async () => {
    const identity = expectAccepted(await verify(await sign(svidClaims(), k.es256)))
    const { principal } = expectDirect(identity)
    expect(Object.getPrototypeOf(principal.attr)).toBeNull()
    expect(Object.isFrozen(principal.attr)).toBe(true)
    expect(Object.isFrozen(principal.roles)).toBe(true)
  })

  it.each(['JWT', 'JOSE'])('accepts typ %s', async (typ) => {
    expectAccepted(await verify(await sign(svidClaims(), k.es256, { typ })))
  })

  it('accepts an aud array containing this audience', async () => {
    const claims = svidClaims({ aud: ['spiffe://acme.test/ns/other/sa/x', AUDIENCE] })
    expectAccepted(await verify(await sign(claims, k.es256)))
  })

  it('maps a SPIFFE ID of another trust domain with that domain key', async () => {
    const claims = svidClaims({ sub: 'spiffe://evil.test/x' })
    const identity = expectAccepted(await verify(await sign(claims, k.foreign)))
    expect(expectDirect(identity).principal.roles).toEqual([])
  })
})

describe('workload token: algorithms', () => {
  it('rejects alg none with an empty signature as malformed', async () => {
    const token = `${segment({ alg: 'none' })}.${segment(svidClaims())}.`
    await expectCode(token, 'ERR_TOKEN_MALFORMED', TOKEN_INVALID_MESSAGE)
  })

  it.each(['none', 'nOnE', 'NONE', 'RS256 ', '', 'HS256'])('rejects alg %j', async (alg) => {
    const token = `${segment({ alg, kid: 'rs-1' })}.${segment(svidClaims())}.AAAA`
    await expectCode(token, 'ERR_TOKEN_ALGORITHM', ALGORITHM_NOT_ALLOWED)
  })

  it('rejects a missing or non-string alg', async () => {
    await expectCode(
      `${segment({ kid: 'rs-1' })}.${segment(svidClaims())}.AAAA`,
      'ERR_TOKEN_ALGORITHM',
    )
    await expectCode(`${segment({ alg: 1 })}.${segment(svidClaims())}.AAAA`, 'ERR_TOKEN_ALGORITHM')
  })

  it('rejects HS256 signed with the RSA public key as secret', async () => {
    const publicKey = await importJWK(k.rs256.jwk, 'RS256', { extractable: true })
    const pem = await exportSPKI(publicKey as CryptoKey)
    const secret = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(pem),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const input = `${segment({ alg: 'HS256', kid: 'rs-1' })}.${segment(svidClaims())}`
    const mac = await crypto.subtle.sign('HMAC', secret, new TextEncoder().encode(input))
    const token = `${input}.${base64url.encode(new Uint8Array(mac))}`
    await expectCode(token, 'ERR_TOKEN_ALGORITHM', ALGORITHM_NOT_ALLOWED)
  })

  it('rejects an EdDSA JWT-SVID', async () => {
    const ed = await makeKey('EdDSA', 'ed-1')
    await expectCode(await sign(svidClaims(), ed), 'ERR_TOKEN_ALGORITHM', ALGORITHM_NOT_ALLOWED)
  })

  it('rejects an algorithm outside the trust domain allowlist', async () => {
    const config = baseConfig(k, {
      trustDomains: { 'acme.test': { jwks: { keys: [k.rs256.jwk] }, algorithms: ['ES256'] } },
    })
    const token = await sign(svidClaims(), k.rs256)
    await expectCode(
      token,
      'ERR_TOKEN_ALGORITHM',
      'token algorithm not allowed: expected one of ES256',
      config,
    )
  })
})

describe('workload token: key binding', () => {
  const withKeys = (keys: unknown[]) =>
    baseConfig(k, { trustDomains: { 'acme.test': { jwks: { keys } } as never } })

  it('rejects a JWK whose alg differs from the header alg', async () => {
    const config = withKeys([{ ...k.ps256.jwk, alg: 'RS256' }])
    await expectCode(
      await sign(svidClaims(), k.ps256),
      'ERR_KEY_NOT_FOUND',
      'key not found: no key of trust domain "acme.test" matches the token header',
      config,
    )
  })

  it('rejects a P-384 key for an ES256 token', async () => {
    const p384 = await makeKey('ES384', 'es-1')
    await expectCode(
      await sign(svidClaims(), k.es256),
      'ERR_KEY_NOT_FOUND',
      undefined,
      withKeys([p384.jwk]),
    )
  })

  it('rejects a key whose key_ops exclude verify', async () => {
    const config = withKeys([{ ...k.es256.jwk, key_ops: ['sign'] }])
    await expectCode(await sign(svidClaims(), k.es256), 'ERR_KEY_NOT_FOUND', undefined, config)
  })
})

describe('workload token: required and audience claims', () => {
  it('rejects a missing aud', async () => {
    const claims = omit(svidClaims(), 'aud')
    await expectCode(
      await sign(claims, k.es256),
      'ERR_TOKEN_AUDIENCE',
      'token audience invalid: "aud" is missing',
    )
  })

  it('rejects a missing exp', async () => {
    const claims = omit(svidClaims(), 'exp')
    await expectCode(await sign(claims, k.es256), 'ERR_TOKEN_CLAIM', 'token claim missing: "exp"')
  })

  it('rejects a missing sub', async () => {
    const claims = omit(svidClaims(), 'sub')
    await expectCode(await sign(claims, k.es256), 'ERR_TOKEN_CLAIM', 'token claim missing: "sub"')
  })

  it.each([
    ['another service', 'spiffe://acme.test/ns/other/sa/api'],
    ['uppercased', AUDIENCE.toUpperCase()],
    ['suffixed', `${AUDIENCE}-admin`],
    ['a prefix', 'spiffe://acme.test/ns/docs'],
    ['empty array', []],
  ])('rejects aud %s', async (_, aud) => {
    await expectCode(
      await sign(svidClaims({ aud }), k.es256),
      'ERR_TOKEN_AUDIENCE',
      'token audience invalid: "aud" does not contain an accepted audience',
    )
  })

  it('rejects an aud array with a non-string member', async () => {
    await expectCode(
      await sign(svidClaims({ aud: [AUDIENCE, 5] }), k.es256),
      'ERR_TOKEN_AUDIENCE',
      'token audience invalid: "aud" must be a string or strings',
    )
  })
})
