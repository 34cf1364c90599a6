import { beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_INVALID_MESSAGE } from '../../src/errors.js'
import type { IdentityConfig, IssuerConfig } from '../../src/identity/config.js'
import {
  ISSUER,
  NOW,
  USER_AUDIENCE,
  baseConfig,
  expectAccepted,
  expectRejected,
  makeKey,
  segment,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'

const USER = '/credentials/user'
const AT = { typ: 'at+jwt' }
const USER_ALGORITHMS =
  'RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512, EdDSA, Ed25519'

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

describe('user token: accepted', () => {
  it('accepts an RFC 9068 access token', async () => {
    const token = await sign(userClaims({ department: 'sales' }), k.idp, AT)
    const identity = expectAccepted(await verifyUser(token))
    expect(identity).toEqual({
      mode: 'direct',
      principal: { id: 'alice', kind: 'user', roles: ['user'], attr: { department: 'sales' } },
      scopes: null,
    })
  })

  it.each(['application/at+jwt', 'application/AT+JWT', 'AT+JWT'])('accepts typ %s', async (typ) => {
    expectAccepted(await verifyUser(await sign(userClaims(), k.idp, { typ })))
  })

  it('accepts an EdDSA token when the issuer allows it', async () => {
    const ed = await makeKey('EdDSA', 'ed-1')
    const config = baseConfig(k, {
      issuers: [{ issuer: ISSUER, jwks: { keys: [ed.jwk] }, algorithms: ['EdDSA'] }],
    })
    expectAccepted(await verifyUser(await sign(userClaims(), ed, AT), config))
  })
})

describe('user token: token kinds', () => {
  const expected = 'token type invalid: expected "typ" "at+jwt"'

  it('rejects typ JWT and a missing typ', async () => {
    await expectCode(await sign(userClaims(), k.idp, { typ: 'JWT' }), 'ERR_TOKEN_TYPE', expected)
    await expectCode(await sign(userClaims(), k.idp), 'ERR_TOKEN_TYPE', expected)
  })

  it('rejects an OIDC ID token', async () => {
    const idToken = userClaims({ aud: USER_AUDIENCE, nonce: 'n', auth_time: NOW })
    await expectCode(await sign(idToken, k.idp, { typ: 'JWT' }), 'ERR_TOKEN_TYPE', expected)
  })

  it('rejects a JWT-SVID without iss', async () => {
    await expectCode(
      await sign(svidClaims({ aud: USER_AUDIENCE }), k.es256, { typ: 'JWT' }),
      'ERR_TOKEN_ISSUER',
      'token issuer invalid: "iss" is missing',
    )
  })

  it('rejects a JWT-SVID naming the issuer and signed with its key', async () => {
    const svid = svidClaims({ iss: ISSUER, aud: USER_AUDIENCE })
    await expectCode(await sign(svid, k.idp, { typ: 'JWT' }), 'ERR_TOKEN_TYPE', expected)
  })

  describe('with acceptUntypedTokens', () => {
    let config: IdentityConfig
    beforeAll(() => {
      config = withIssuer({ acceptUntypedTokens: { requireClaims: { token_use: 'access' } } })
    })

    it('accepts typ JWT or none with the distinguishing claim', async () => {
      const claims = userClaims({ token_use: 'access' })
      expectAccepted(await verifyUser(await sign(claims, k.idp, { typ: 'JWT' }), config))
      expectAccepted(await verifyUser(await sign(claims, k.idp), config))
    })

    it('accepts at+jwt without the distinguishing claim', async () => {
      expectAccepted(await verifyUser(await sign(userClaims(), k.idp, AT), config))
    })

    it('rejects an untyped token without the distinguishing claim', async () => {
      const message = `token type invalid: an untyped token of issuer "${ISSUER}" must carry claim "token_use" equal to "access"`
      await expectCode(
        await sign(userClaims(), k.idp, { typ: 'JWT' }),
        'ERR_TOKEN_TYPE',
        message,
        config,
      )
      const idToken = userClaims({ token_use: 'id' })
      await expectCode(await sign(idToken, k.idp), 'ERR_TOKEN_TYPE', message, config)
    })

    it('accepts a presence rule', async () => {
      const presence = withIssuer({ acceptUntypedTokens: { requireClaims: { scp: true } } })
      expectAccepted(await verifyUser(await sign(userClaims({ scp: 'x' }), k.idp), presence))
      await expectCode(
        await sign(userClaims(), k.idp),
        'ERR_TOKEN_TYPE',
        `token type invalid: an untyped token of issuer "${ISSUER}" must carry claim "scp"`,
        presence,
      )
    })

    it('still rejects other types', async () => {
      await expectCode(
        await sign(userClaims({ token_use: 'access' }), k.idp, { typ: 'dpop+jwt' }),
        'ERR_TOKEN_TYPE',
        'token type invalid: expected "typ" "at+jwt", "JWT" or none',
        config,
      )
    })
  })
})

describe('user token: algorithms', () => {
  it('rejects an algorithm the issuer does not allow', async () => {
    const es = await makeKey('ES256', 'idp-es')
    const config = withIssuer({ jwks: { keys: [es.jwk] }, algorithms: ['RS256'] })
    await expectCode(
      await sign(userClaims(), es, AT),
      'ERR_TOKEN_ALGORITHM',
      'token algorithm not allowed: expected one of RS256',
      config,
    )
  })

  it.each(['none', 'HS256'])('rejects alg %s', async (alg) => {
    const token = `${segment({ alg, typ: 'at+jwt' })}.${segment(userClaims())}.AAAA`
    await expectCode(
      token,
      'ERR_TOKEN_ALGORITHM',
      `token algorithm not allowed: expected one of ${USER_ALGORITHMS}`,
    )
  })

  it('rejects crit', async () => {
    await expectCode(
      await sign(userClaims(), k.idp, { ...AT, crit: ['exp'] }),
      'ERR_TOKEN_HEADER',
      'token header invalid: "crit" is not supported',
    )
  })

  it('ignores jku and x5u without fetching them', async () => {
    const header = { ...AT, jku: 'http://127.0.0.1:1/jwks', x5u: 'http://127.0.0.1:1/x' }
    expectAccepted(await verifyUser(await sign(userClaims(), k.idp, header)))
  })
})

describe('user token: issuers and keys', () => {
  it.each([
    ['another issuer', 'https://evil.test'],
    ['a trailing slash', `${ISSUER}/`],
    ['a different case', ISSUER.toUpperCase()],
    ['a number', 5],
  ])('rejects iss of %s', async (_, iss) => {
    await expectCode(
      await sign(userClaims({ iss }), k.idp, AT),
      'ERR_TOKEN_ISSUER',
      'token issuer invalid: "iss" is not a configured issuer',
    )
  })

  it('rejects a token of issuer A signed with issuer B key', async () => {
    const config = baseConfig(k, {
      issuers: [
        { issuer: ISSUER, jwks: { keys: [k.idp.jwk] }, principalId: { prefix: 'a:' } },
        {
          issuer: 'https://other.test',
          jwks: { keys: [k.otherIdp.jwk] },
          principalId: { prefix: 'b:' },
        },
      ],
    })
    await expectCode(
      await sign(userClaims(), k.otherIdp, AT),
      'ERR_KEY_NOT_FOUND',
      undefined,
      config,
    )
    const reusedKid = await sign(userClaims(), k.otherIdp, { ...AT, kid: 'idp-1' })
    await expectCode(reusedKid, 'ERR_TOKEN_SIGNATURE', TOKEN_INVALID_MESSAGE, config)
  })
})
