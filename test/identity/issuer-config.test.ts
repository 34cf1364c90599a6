import { describe, expect, it } from 'vitest'
import { AUDIENCE, ISSUER, createFor, expectConfigError } from './helpers.js'

describe('issuer configuration', () => {
  const issuers = (list: unknown[]) => ({ audience: AUDIENCE, issuers: list })

  it.each([
    [
      'an empty issuer',
      { issuer: '', jwks: { keys: [] } },
      'identity.issuers[0].issuer: expected a non-empty string, got ""',
    ],
    [
      'no issuer',
      { jwks: { keys: [] } },
      'identity.issuers[0].issuer: expected a non-empty string, got undefined',
    ],
    ['a bundle', { issuer: ISSUER, bundle: { keys: [] } }, 'unknown option "bundle"'],
    [
      'an empty audience',
      { issuer: ISSUER, jwks: { keys: [] }, audience: [] },
      'identity.issuers[0].audience: expected at least one value',
    ],
    [
      'HS256',
      { issuer: ISSUER, jwks: { keys: [] }, algorithms: ['HS256'] },
      '"HS256" is not allowed',
    ],
    [
      'an empty untyped rule',
      { issuer: ISSUER, jwks: { keys: [] }, acceptUntypedTokens: { requireClaims: {} } },
      'name at least one claim that only access tokens carry',
    ],
    [
      'an untyped rule with false',
      {
        issuer: ISSUER,
        jwks: { keys: [] },
        acceptUntypedTokens: { requireClaims: { scp: false } },
      },
      'expected true or a non-empty string, got false',
    ],
    [
      'a bad scope format',
      { issuer: ISSUER, jwks: { keys: [] }, scopeFormat: 'list' },
      'expected "string" or "array", got "list"',
    ],
    [
      'a SPIFFE prefix',
      { issuer: ISSUER, jwks: { keys: [] }, principalId: { prefix: 'SPIFFE://' } },
      'must not start with "spiffe:"',
    ],
  ])('rejects %s', (_, entry, message) => {
    expectConfigError(issuers([entry]), TypeError, message)
  })

  it('rejects a repeated issuer', () => {
    const entry = { issuer: ISSUER, jwks: { keys: [] }, principalId: { prefix: 'a:' } }
    expectConfigError(
      issuers([entry, { ...entry, principalId: { prefix: 'b:' } }]),
      TypeError,
      `identity.issuers[1].issuer: "${ISSUER}" appears twice`,
    )
  })

  it('requires a principalId rule per issuer with several issuers', () => {
    const list = [
      { issuer: ISSUER, jwks: { keys: [] } },
      { issuer: 'https://other.test', jwks: { keys: [] } },
    ]
    expectConfigError(
      issuers(list),
      TypeError,
      'identity.issuers[0].principalId: with several issuers, set a { prefix } or a function',
    )
  })

  it('rejects overlapping prefixes', () => {
    const list = [
      { issuer: ISSUER, jwks: { keys: [] }, principalId: { prefix: 'a' } },
      { issuer: 'https://other.test', jwks: { keys: [] }, principalId: { prefix: 'ab' } },
    ]
    expectConfigError(
      issuers(list),
      TypeError,
      'identity.issuers[1].principalId.prefix: "ab" starts with the prefix "a" of identity.issuers[0].principalId',
    )
  })

  it('accepts distinct prefixes and functions', () => {
    const list = [
      { issuer: ISSUER, jwks: { keys: [] }, principalId: { prefix: 'a:' } },
      { issuer: 'https://b.test', jwks: { keys: [] }, principalId: { prefix: 'b:' } },
      { issuer: 'https://c.test', jwks: { keys: [] }, principalId: (sub: string) => `c/${sub}` },
    ]
    expect(createFor(issuers(list))).not.toThrow()
  })
})
