import { base64url } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_INVALID_MESSAGE } from '../../src/errors.js'
import type { IdentityConfig, IssuerConfig } from '../../src/identity/config.js'
import {
  AUDIENCE,
  BILLING,
  ISSUER,
  NOW,
  USER_AUDIENCE,
  baseConfig,
  expectAccepted,
  expectDirect,
  expectRejected,
  omit,
  segment,
  sharedKeys,
  sign,
  signRaw,
  userClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'
import type { Identity } from '../../src/identity/identity.js'

const USER = '/credentials/user'
const AT = { typ: 'at+jwt' }

let k: Keys
beforeAll(async () => {
  k = await sharedKeys()
})

function withIssuer(overrides: Partial<IssuerConfig>, extra: Partial<IdentityConfig> = {}) {
  const issuer = { issuer: ISSUER, jwks: { keys: [k.idp.jwk] }, ...overrides } as IssuerConfig
  return baseConfig(k, { issuers: [issuer], ...extra })
}

async function verifyUser(token: string, config: IdentityConfig = baseConfig(k)) {
  return verifierFor(config).verify({ user: token })
}

async function expectCode(token: string, code: string, message?: string, config?: IdentityConfig) {
  return expectRejected(await verifyUser(token, config), {
    code,
    path: USER,
    ...(message === undefined ? {} : { message }),
  })
}

function principalOf(identity: Identity) {
  return expectDirect(identity).principal
}

describe('user token: claims', () => {
  it.each(['client_id', 'iat', 'jti', 'exp', 'sub'])('requires %s', async (name) => {
    const claims = omit(userClaims(), name)
    await expectCode(
      await sign(claims, k.idp, AT),
      'ERR_TOKEN_CLAIM',
      `token claim missing: "${name}"`,
    )
  })

  it('accepts fewer claims with requiredClaims: []', async () => {
    const claims = omit(userClaims(), 'client_id', 'jti', 'iat')
    expectAccepted(
      await verifyUser(await sign(claims, k.idp, AT), withIssuer({ requiredClaims: [] })),
    )
  })

  it('rejects a wrong aud', async () => {
    await expectCode(
      await sign(userClaims({ aud: 'https://other.acme.test' }), k.idp, AT),
      'ERR_TOKEN_AUDIENCE',
      'token audience invalid: "aud" does not contain an accepted audience',
    )
  })

  it('uses the issuer audience in place of the identity audience', async () => {
    const config = withIssuer({ audience: USER_AUDIENCE })
    await expectCode(
      await sign(userClaims({ aud: AUDIENCE }), k.idp, AT),
      'ERR_TOKEN_AUDIENCE',
      undefined,
      config,
    )
  })

  it('rejects a lifetime over the issuer maxLifetime', async () => {
    await expectCode(
      await sign(userClaims({ exp: NOW + 86_401 }), k.idp, AT),
      'ERR_TOKEN_LIFETIME',
      'token lifetime too long: exceeds maxLifetime of 86400 s',
    )
  })

  it.each([
    ['a SPIFFE ID', BILLING],
    ['an uppercase SPIFFE scheme', 'SPIFFE://acme.test/x'],
    ['an invalid SPIFFE ID', 'spiffe:x'],
  ])('rejects a sub that is %s', async (_, sub) => {
    await expectCode(
      await sign(userClaims({ sub }), k.idp, AT),
      'ERR_TOKEN_SUBJECT',
      'token subject invalid: a SPIFFE ID is not a user',
    )
  })

  it.each([
    ['empty', ''],
    ['a number', 7],
  ])('rejects a sub that is %s', async (_, sub) => {
    await expectCode(
      await sign(userClaims({ sub }), k.idp, AT),
      'ERR_TOKEN_CLAIM',
      'token claim invalid: "sub" must be a non-empty string',
    )
  })

  it('rejects a client_id that is not a string', async () => {
    await expectCode(
      await sign(userClaims({ client_id: 1 }), k.idp, AT),
      'ERR_TOKEN_CLAIM',
      'token claim invalid: "client_id" must be a string',
    )
  })
})

describe('user token: roles and attributes', () => {
  it('reads a nested roles claim', async () => {
    const config = withIssuer({ rolesClaim: ['realm_access', 'roles'] })
    const token = await sign(userClaims({ realm_access: { roles: ['a', 'b', 'a'] } }), k.idp, AT)
    expect(principalOf(expectAccepted(await verifyUser(token, config))).roles).toEqual(['a', 'b'])
  })

  it('gives no roles without the claim', async () => {
    const claims = omit(userClaims(), 'roles')
    expect(
      principalOf(expectAccepted(await verifyUser(await sign(claims, k.idp, AT)))).roles,
    ).toEqual([])
  })

  it('never reads roles from a prototype', async () => {
    const config = withIssuer({ rolesClaim: ['constructor', 'name'] })
    expect(
      principalOf(expectAccepted(await verifyUser(await sign(userClaims(), k.idp, AT), config)))
        .roles,
    ).toEqual([])
  })

  it.each([
    ['a string', 'admin'],
    ['an object', { admin: true }],
    ['with an empty role', ['']],
  ])('rejects roles as %s', async (_, roles) => {
    await expectCode(
      await sign(userClaims({ roles }), k.idp, AT),
      'ERR_TOKEN_CLAIM',
      'token claim invalid: "roles" must be an array of non-empty strings',
    )
  })

  it('keeps __proto__ keys as data in null-prototype copies', async () => {
    const config = withIssuer({ attributeClaims: ['profile'] })
    const payload = JSON.stringify(userClaims()).replace(
      /}$/,
      ',"profile":{"__proto__":{"admin":true},"tags":[{"constructor":1}]}}',
    )
    const token = await signRaw({ alg: 'RS256', kid: 'idp-1', typ: 'at+jwt' }, payload, k.idp)
    const { attr } = principalOf(expectAccepted(await verifyUser(token, config)))
    const profile = attr['profile'] as Record<string, unknown>

    expect(Object.getPrototypeOf(profile)).toBeNull()
    expect(Object.hasOwn(profile, '__proto__')).toBe(true)
    expect(Object.keys(profile)).toEqual(['__proto__', 'tags'])
    expect(profile['__proto__']).toEqual({ admin: true })
    expect(Object.isFrozen(profile)).toBe(true)
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined()
  })

  it('rejects an attribute nested too deeply', async () => {
    const config = withIssuer({ attributeClaims: ['deep'] })
    const deep = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) as unknown
    await expectCode(
      await sign(userClaims({ deep }), k.idp, AT),
      'ERR_TOKEN_CLAIM',
      'token claim invalid: an attribute claim is nested too deeply',
      config,
    )
  })
})

describe('user token: principal ids', () => {
  it('prefixes ids per issuer', async () => {
    const config = withIssuer({ principalId: { prefix: 'idp:' } })
    expect(
      principalOf(expectAccepted(await verifyUser(await sign(userClaims(), k.idp, AT), config))).id,
    ).toBe('idp:alice')
  })

  it('derives ids with a function of the claims', async () => {
    const config = withIssuer({ principalId: (sub, claims) => `${String(claims['iss'])}#${sub}` })
    expect(
      principalOf(expectAccepted(await verifyUser(await sign(userClaims(), k.idp, AT), config))).id,
    ).toBe(`${ISSUER}#alice`)
  })

  it('rejects a function that throws or returns no string', async () => {
    const token = await sign(userClaims(), k.idp, AT)
    const throwing = withIssuer({
      principalId: () => {
        throw new Error('boom')
      },
    })
    await expectCode(
      token,
      'ERR_TOKEN_SUBJECT',
      'token subject invalid: the principalId function threw',
      throwing,
    )
    const empty = withIssuer({ principalId: () => '' })
    await expectCode(
      token,
      'ERR_TOKEN_SUBJECT',
      'token subject invalid: the principalId function returned no non-empty string',
      empty,
    )
  })

  it('rejects a derived id that reads as a SPIFFE ID', async () => {
    const config = withIssuer({ principalId: { prefix: 'spif' } })
    await expectCode(
      await sign(userClaims({ sub: 'fe://acme.test/ns/x' }), k.idp, AT),
      'ERR_TOKEN_SUBJECT',
      'token subject invalid: a user principal id may not be a SPIFFE ID',
      config,
    )
  })
})

describe('user token: scopes', () => {
  const scopesOf = async (claims: Record<string, unknown>, config?: IdentityConfig) =>
    expectAccepted(await verifyUser(await sign(userClaims(claims), k.idp, AT), config)).scopes

  it('parses space-separated scopes', async () => {
    expect(await scopesOf({ scope: 'read write read' })).toEqual(['read', 'write'])
    expect(await scopesOf({ scope: 'Read read' })).toEqual(['Read', 'read'])
    expect(await scopesOf({ scope: 'a:b/c!#$%&()*+,-./~' })).toEqual(['a:b/c!#$%&()*+,-./~'])
  })

  it.each([
    ['a double space', 'read  write'],
    ['a leading space', ' read'],
    ['a trailing space', 'read '],
    ['a tab', 'read\twrite'],
    ['a no-break space', 'read\u00a0write'],
    ['an empty string', ''],
    ['a quote', 'read"'],
    ['a backslash', 'read\\'],
    ['non-ASCII', 'lés'],
    ['an array', ['read']],
    ['a number', 5],
  ])('rejects a scope with %s', async (_, scope) => {
    await expectCode(
      await sign(userClaims({ scope }), k.idp, AT),
      'ERR_SCOPE_INVALID',
      'scope invalid: expected scope tokens separated by single spaces (RFC 6749 section 3.3)',
    )
  })

  it('reads an array claim when configured', async () => {
    const config = withIssuer({ scopeClaim: 'scp', scopeFormat: 'array' })
    expect(await scopesOf({ scp: ['read', 'write'] }, config)).toEqual(['read', 'write'])
    await expectCode(
      await sign(userClaims({ scp: 'read' }), k.idp, AT),
      'ERR_SCOPE_INVALID',
      'scope invalid: expected an array of scope tokens (RFC 6749 section 3.3)',
      config,
    )
  })
})

describe('user token: encoding', () => {
  it('rejects a payload that is not UTF-8', async () => {
    const header = segment({ alg: 'RS256', kid: 'idp-1', typ: 'at+jwt' })
    const payload = base64url.encode(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))
    await expectCode(`${header}.${payload}.AAAA`, 'ERR_TOKEN_MALFORMED', TOKEN_INVALID_MESSAGE)
  })
})
