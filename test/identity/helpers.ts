import { base64url, exportJWK, generateKeyPair } from 'jose'
import type { CryptoKey, JWK } from 'jose'
import { expect } from 'vitest'
import type { IdentityConfig } from '../../src/identity/config.js'
import type {
  DirectIdentity,
  Identity,
  OnBehalfOfIdentity,
  VerifyResult,
} from '../../src/identity/identity.js'
import { createIdentityVerifier } from '../../src/identity/verifier.js'

/** The fixed instant of every test clock: 2026-01-01T00:00:00Z. */
export const NOW_MS = Date.UTC(2026, 0, 1)
/** {@link NOW_MS} in seconds, the unit of JWT time claims. */
export const NOW = NOW_MS / 1000

export const AUDIENCE = 'spiffe://acme.test/ns/docs/sa/api'
export const USER_AUDIENCE = 'https://docs.acme.test'
export const ISSUER = 'https://idp.acme.test'
export const BILLING = 'spiffe://acme.test/ns/billing/sa/api'
export const AGENT = 'spiffe://acme.test/agents/summarizer'

/** A signing key and its public JWK. */
export interface TestKey {
  readonly alg: string
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly jwk: JWK
}

/** Generates a key pair for an algorithm with jose. */
export async function makeKey(alg: string, kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid }
  return { alg, kid, privateKey, jwk }
}

/** Generates an RS256 key of any modulus length with WebCrypto; jose refuses short ones. */
export async function makeRsaKey(kid: string, modulusLength: number): Promise<TestKey> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )
  const jwk = { ...(await exportJWK(pair.publicKey)), kid }
  return { alg: 'RS256', kid, privateKey: pair.privateKey, jwk }
}

/** Encodes a JSON value, or a raw string, as one base64url segment. */
export function segment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return base64url.encode(new TextEncoder().encode(text))
}

/**
 * Signs any header and payload with WebCrypto, bypassing jose's own checks, so that tests can
 * build tokens jose would refuse to produce (`crit`, `jku`, odd types). `payload` may be a
 * raw string for payloads that are not JSON objects.
 */
export async function signRaw(
  header: Readonly<Record<string, unknown>>,
  payload: unknown,
  key: TestKey,
): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`
  const signature = await crypto.subtle.sign(
    signAlgorithm(typeof header['alg'] === 'string' ? header['alg'] : key.alg, key.privateKey),
    key.privateKey,
    new TextEncoder().encode(input),
  )
  return `${input}.${base64url.encode(new Uint8Array(signature))}`
}

/** Returns the WebCrypto parameters that sign like `alg`, chosen by the key's own algorithm. */
function signAlgorithm(
  alg: string,
  key: CryptoKey,
): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const bits = /\d{3}$/.exec(alg)?.[0] ?? '256'
  switch (key.algorithm.name) {
    case 'RSA-PSS':
      return { name: 'RSA-PSS', saltLength: Number(bits) / 8 }
    case 'ECDSA':
      return { name: 'ECDSA', hash: `SHA-${bits}` }
    default:
      return key.algorithm.name
  }
}

/** Signs a JWT with the key's algorithm and `kid`, and extra header parameters. */
export function sign(
  claims: Readonly<Record<string, unknown>>,
  key: TestKey,
  header: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  return signRaw({ alg: key.alg, kid: key.kid, ...header }, claims, key)
}

/** Returns a copy of a claims set without the named claims. */
export function omit(
  claims: Readonly<Record<string, unknown>>,
  ...names: string[]
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)))
}

/** Claims of a valid JWT-SVID for {@link BILLING}. */
export function svidClaims(
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return { sub: BILLING, aud: AUDIENCE, exp: NOW + 300, iat: NOW, ...overrides }
}

/** Claims of a valid RFC 9068 access token of {@link ISSUER}. */
export function userClaims(
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'alice',
    aud: USER_AUDIENCE,
    exp: NOW + 600,
    iat: NOW,
    jti: 'jti-1',
    client_id: 'web',
    roles: ['user'],
    ...overrides,
  }
}

/** Keys shared by the suites, generated once. */
export interface Keys {
  readonly rs256: TestKey
  readonly es256: TestKey
  readonly ps256: TestKey
  /** A key of another trust domain. */
  readonly foreign: TestKey
  /** The user issuer's key. */
  readonly idp: TestKey
  /** A second issuer's key. */
  readonly otherIdp: TestKey
}

let keys: Promise<Keys> | undefined

/** Returns the shared keys, generating them on first use. */
export function sharedKeys(): Promise<Keys> {
  keys ??= (async () => ({
    rs256: await makeKey('RS256', 'rs-1'),
    es256: await makeKey('ES256', 'es-1'),
    ps256: await makeKey('PS256', 'ps-1'),
    foreign: await makeKey('ES256', 'evil-1'),
    idp: await makeKey('RS256', 'idp-1'),
    otherIdp: await makeKey('RS256', 'idp-2'),
  }))()
  return keys
}

/**
 * Builds a configuration with trust domains `acme.test` and `evil.test`, one issuer and a few
 * workloads. `trustDomains` in the overrides replaces single trust domains, not all of them.
 */
export function baseConfig(k: Keys, overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  const { trustDomains, ...rest } = overrides
  return {
    audience: [AUDIENCE, USER_AUDIENCE],
    trustDomains: {
      'acme.test': { jwks: { keys: [k.rs256.jwk, k.es256.jwk, k.ps256.jwk] } },
      'evil.test': { jwks: { keys: [k.foreign.jwk] } },
      ...trustDomains,
    },
    issuers: [{ issuer: ISSUER, jwks: { keys: [k.idp.jwk] }, attributeClaims: ['department'] }],
    workloads: [
      { id: BILLING, roles: ['svc:billing'], attr: { team: 'billing' } },
      { pattern: 'spiffe://acme.test/agents/*', roles: ['agent'], agent: true },
      { pattern: 'spiffe://evil.test/**', roles: [] },
    ],
    ...rest,
  }
}

/** Creates a verifier for a configuration, its clock fixed at {@link NOW_MS} unless given. */
export function verifierFor(config: IdentityConfig, nowMs: number = NOW_MS) {
  return createIdentityVerifier(config, { now: () => nowMs })
}

/** Asserts a rejection with exactly one error and returns that error. */
export function expectRejected(
  result: VerifyResult,
  expected: { code: string; message?: string; path?: string; reason?: string },
) {
  expect(result.ok).toBe(false)
  if (result.ok) {
    throw new Error('unreachable')
  }
  expect(result.reasons).toEqual([expected.reason ?? 'CREDENTIALS_INVALID'])
  expect(result.errors).toHaveLength(1)
  const [error] = result.errors
  expect(error?.code).toBe(expected.code)
  if (expected.message !== undefined) {
    expect(error?.message).toBe(expected.message)
  }
  if (expected.path !== undefined) {
    expect(error?.path).toBe(expected.path)
  }
  expect(error?.policy).toBeNull()
  expect(error?.rule).toBeNull()
  return error
}

/** Asserts an accepted result and returns its identity. */
export function expectAccepted(result: VerifyResult) {
  if (!result.ok) {
    throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`)
  }
  return result.identity
}

/** Asserts a direct identity and returns it narrowed. */
export function expectDirect(identity: Identity): DirectIdentity {
  expect(identity.mode).toBe('direct')
  if (identity.mode !== 'direct') {
    throw new Error('unreachable')
  }
  return identity
}

/** Asserts an on-behalf-of identity and returns it narrowed. */
export function expectOnBehalfOf(identity: Identity): OnBehalfOfIdentity {
  expect(identity.mode).toBe('onBehalfOf')
  if (identity.mode !== 'onBehalfOf') {
    throw new Error('unreachable')
  }
  return identity
}

/** Asserts that no token, and no segment of one, appears anywhere in a result. */
export function expectNoTokenIn(result: VerifyResult, tokens: readonly string[]): void {
  const text = JSON.stringify(result)
  for (const token of tokens) {
    expect(text).not.toContain(token)
    for (const part of token.split('.')) {
      if (part.length >= 8) {
        expect(text).not.toContain(part)
      }
    }
  }
}

/** Returns a function that creates a verifier for a configuration of any shape. */
export function createFor(config: unknown) {
  return () => createIdentityVerifier(config as IdentityConfig, { now: () => 0 })
}

/** Asserts that creating a verifier throws an error of this type with this message part. */
export function expectConfigError(
  config: unknown,
  type: typeof TypeError | typeof RangeError,
  message: string,
): void {
  expect(createFor(config)).toThrow(type)
  expect(createFor(config)).toThrow(message)
}
