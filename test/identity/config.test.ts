import { beforeAll, describe, expect, it } from 'vitest'
import { createIdentityVerifier } from '../../src/identity/verifier.js'
import {
  AUDIENCE,
  baseConfig,
  makeKey,
  makeRsaKey,
  sharedKeys,
  createFor,
  expectConfigError,
} from './helpers.js'
import type { Keys } from './helpers.js'

let k: Keys
beforeAll(async () => {
  k = await sharedKeys()
})

describe('identity configuration', () => {
  it('accepts the base configuration', () => {
    expect(createFor(baseConfig(k))).not.toThrow()
  })

  it('requires a clock', () => {
    expect(() => createIdentityVerifier(baseConfig(k), {} as never)).toThrow(
      new TypeError('options.now: expected a function returning milliseconds'),
    )
  })

  it.each([
    ['undefined', undefined, 'identity.audience: expected an array of strings, got undefined'],
    ['empty', '', 'identity.audience[0]: expected a non-empty string, got ""'],
    ['an empty list', [], 'identity.audience: expected at least one value, got an empty array'],
    [
      'a list with an empty string',
      [AUDIENCE, ''],
      'identity.audience[1]: expected a non-empty string, got ""',
    ],
    [
      'an invalid SPIFFE ID',
      'spiffe://acme.test/a/../b',
      'identity.audience: "spiffe://acme.test/a/../b": SPIFFE ID invalid: path has a "." or ".." segment',
    ],
  ])('rejects an audience that is %s', (_, audience, message) => {
    expectConfigError({ ...baseConfig(k), audience }, TypeError, message)
  })

  it.each([
    [
      'clockTolerance',
      Number.MAX_SAFE_INTEGER,
      'identity.clockTolerance: expected a number from 0 to 60, got 9007199254740991',
    ],
    ['clockTolerance', -1, 'identity.clockTolerance: expected a number from 0 to 60, got -1'],
    [
      'clockTolerance',
      Infinity,
      'identity.clockTolerance: expected a number from 0 to 60, got Infinity',
    ],
    [
      'maxTokenSize',
      1_000_000,
      'identity.maxTokenSize: expected a number from 1024 to 65536, got 1000000',
    ],
    ['maxDelegationDepth', 9, 'identity.maxDelegationDepth: expected a number from 1 to 8, got 9'],
    ['maxDelegationDepth', 0, 'identity.maxDelegationDepth: expected a number from 1 to 8, got 0'],
    ['maxDelegationDepth', 2.5, 'identity.maxDelegationDepth: expected an integer, got 2.5'],
  ])('rejects %s %s', (option, value, message) => {
    expectConfigError({ ...baseConfig(k), [option]: value }, RangeError, message)
  })

  it.each([
    ['clockTolerance', '100 years', 'identity.clockTolerance: expected a number, got "100 years"'],
    ['requireAct', 'yes', 'identity.requireAct: expected a boolean, got "yes"'],
    ['typo', 1, 'identity: unknown option "typo"'],
  ])('rejects %s %j', (option, value, message) => {
    expectConfigError({ ...baseConfig(k), [option]: value }, TypeError, message)
  })
})

describe('trust domain configuration', () => {
  const td = (entry: unknown, name = 'acme.test') => ({
    audience: AUDIENCE,
    trustDomains: { [name]: entry },
  })

  it.each([
    [
      'no key source',
      {},
      'identity.trustDomains["acme.test"]: set exactly one of "jwks", "bundle", "jwksUri"',
    ],
    [
      'a string key',
      { jwks: '-----BEGIN PUBLIC KEY-----' },
      'identity.trustDomains["acme.test"].jwks: expected a JSON Web Key Set with a "keys" array',
    ],
    [
      'an object with toString',
      { jwks: { toString: (): string => 'x' } },
      'identity.trustDomains["acme.test"].jwks: expected a JSON Web Key Set with a "keys" array',
    ],
    [
      'a non-object key',
      { jwks: { keys: ['x'] } },
      'identity.trustDomains["acme.test"].jwks.keys[0]: expected a JSON Web Key object',
    ],
    [
      'a symmetric key',
      { jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      'contains private or symmetric key material ("k")',
    ],
    [
      'an OKP key',
      { jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AA' }] } },
      'kty must be one of RSA, EC, got "OKP"',
    ],
    [
      'a non-string kid',
      { jwks: { keys: [{ kty: 'EC', kid: 1 }] } },
      'kid must be a string, got 1',
    ],
    [
      'an unknown algorithm',
      { jwks: { keys: [] }, algorithms: ['EdDSA'] },
      'identity.trustDomains["acme.test"].algorithms: "EdDSA" is not allowed',
    ],
    ['HS256', { jwks: { keys: [] }, algorithms: ['HS256'] }, '"HS256" is not allowed'],
    ['none', { jwks: { keys: [] }, algorithms: ['none'] }, '"none" is not allowed'],
    [
      'an empty allowlist',
      { jwks: { keys: [] }, algorithms: [] },
      'expected a non-empty array of algorithms',
    ],
    ['an unknown option', { jwks: { keys: [] }, jku: 'x' }, 'unknown option "jku"'],
    [
      'two key sources',
      { jwks: { keys: [] }, jwksUri: 'https://x.test/keys' },
      'set exactly one of',
    ],
    [
      'a plain http URI',
      { jwksUri: 'http://keys.acme.test/jwks' },
      'must be an https: URL, got "http://keys.acme.test/jwks"',
    ],
    [
      'a URI with credentials',
      { jwksUri: 'https://u:p@keys.acme.test/jwks' },
      'must not contain credentials',
    ],
    [
      'a jwt-svid key without kid',
      { bundle: { keys: [{ kty: 'EC', use: 'jwt-svid' }] } },
      'a jwt-svid key must have a kid',
    ],
  ])('rejects %s', (_, entry, message) => {
    expectConfigError(td(entry), TypeError, message)
  })

  it('rejects a private key', async () => {
    const key = await makeKey('ES256', 'priv')
    const { exportJWK } = await import('jose')
    const privateJwk = await exportJWK(key.privateKey)
    expectConfigError(
      td({ jwks: { keys: [privateJwk] } }),
      TypeError,
      'contains private or symmetric key material ("d")',
    )
  })

  it('rejects an RSA key under 2048 bits', async () => {
    const weak = await makeRsaKey('weak', 1024)
    expectConfigError(
      td({ jwks: { keys: [weak.jwk] } }),
      RangeError,
      'identity.trustDomains["acme.test"].jwks.keys[0]: RSA modulus of 1024 bits is shorter than 2048',
    )
  })

  it('rejects a repeated kid', () => {
    const keys = [k.es256.jwk, { ...k.rs256.jwk, kid: k.es256.kid }]
    expectConfigError(td({ jwks: { keys } }), TypeError, 'kid "es-1" appears twice')
  })

  it('rejects more than 100 keys', () => {
    const keys = Array.from({ length: 101 }, (_, index) => ({ ...k.es256.jwk, kid: `k${index}` }))
    expectConfigError(td({ jwks: { keys } }), RangeError, '101 keys exceed the maximum of 100')
  })

  it.each(['Acme.test', 'acme.test:443', '', 'a b'])('rejects trust domain name %j', (name) => {
    expectConfigError(td({ jwks: { keys: [] } }, name), TypeError, 'not a trust domain name')
  })

  it('accepts loopback http URIs for local key servers', () => {
    expect(createFor(td({ jwksUri: 'http://127.0.0.1:8080/jwks' }))).not.toThrow()
  })
})
