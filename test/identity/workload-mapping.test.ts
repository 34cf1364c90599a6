import { beforeAll, describe, expect, it } from 'vitest'
import {
  BILLING,
  NOW_MS,
  baseConfig,
  expectConfigError,
  expectAccepted,
  expectDirect,
  expectRejected,
  sharedKeys,
  sign,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'
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

describe('workload token: subjects and token kinds', () => {
  it('rejects an access token on the workload path', async () => {
    const claims = svidClaims({ sub: 'user-123' })
    await expectCode(
      await sign(claims, k.es256, { typ: 'at+jwt' }),
      'ERR_TOKEN_TYPE',
      'token type invalid: a JWT-SVID "typ" must be absent, "JWT" or "JOSE"',
    )
  })

  it('compares typ case-sensitively', async () => {
    await expectCode(await sign(svidClaims(), k.es256, { typ: 'jwt' }), 'ERR_TOKEN_TYPE')
  })

  it('rejects a sub that is not a SPIFFE ID', async () => {
    await expectCode(
      await sign(svidClaims({ sub: 'user-123' }), k.es256),
      'ERR_SPIFFE_ID_INVALID',
      'SPIFFE ID invalid: must start with "spiffe://"',
    )
  })

  it('rejects a sub with dot segments', async () => {
    await expectCode(
      await sign(svidClaims({ sub: 'spiffe://acme.test/ns/x/../billing/sa/api' }), k.es256),
      'ERR_SPIFFE_ID_INVALID',
      'SPIFFE ID invalid: path has a "." or ".." segment',
    )
  })

  it('rejects a path-less SPIFFE ID', async () => {
    await expectCode(
      await sign(svidClaims({ sub: 'spiffe://acme.test' }), k.es256),
      'ERR_TOKEN_SUBJECT',
      'token subject invalid: a workload SPIFFE ID must have a path',
    )
  })
})

describe('workload mapping', () => {
  const config = (workloads: NonNullable<IdentityConfig['workloads']>) =>
    baseConfig(k, { workloads })
  const roles = async (sub: string, cfg: IdentityConfig) => {
    const identity = expectAccepted(await verify(await sign(svidClaims({ sub }), k.es256), cfg))
    return expectDirect(identity).principal.roles
  }

  it('prefers an exact id over a pattern', async () => {
    const cfg = config([
      { pattern: 'spiffe://acme.test/ns/**', roles: ['broad'] },
      { id: BILLING, roles: ['exact'] },
    ])
    expect(await roles(BILLING, cfg)).toEqual(['exact'])
  })

  it('prefers the most specific pattern in any order', async () => {
    const broad = { pattern: 'spiffe://acme.test/ns/**', roles: ['broad'] }
    const narrow = { pattern: 'spiffe://acme.test/ns/billing/sa/*', roles: ['narrow'] }
    expect(await roles(BILLING, config([broad, narrow]))).toEqual(['narrow'])
    expect(await roles(BILLING, config([narrow, broad]))).toEqual(['narrow'])
    expect(await roles('spiffe://acme.test/ns/other/sa/x', config([narrow, broad]))).toEqual([
      'broad',
    ])
  })

  it('marks agents', async () => {
    const cfg = config([{ pattern: 'spiffe://acme.test/agents/*', agent: true, mayActAlone: true }])
    const sub = 'spiffe://acme.test/agents/a1'
    const identity = expectAccepted(await verify(await sign(svidClaims({ sub }), k.es256), cfg))
    expect(expectDirect(identity).principal.kind).toBe('agent')
  })
})

describe('workload configuration', () => {
  const workloads = (list: unknown) => ({ ...baseConfig(k), workloads: list })

  it.each([
    ['not a list', {}, 'identity.workloads: expected an array, got a object'],
    [
      'id and pattern',
      [{ id: 'spiffe://acme.test/a', pattern: 'spiffe://acme.test/*' }],
      'identity.workloads[0]: set exactly one of "id" and "pattern"',
    ],
    ['neither', [{ roles: [] }], 'identity.workloads[0]: set exactly one of "id" and "pattern"'],
    [
      'an invalid id',
      [{ id: 'spiffe://acme.test/a/' }],
      'identity.workloads[0].id: "spiffe://acme.test/a/": SPIFFE ID invalid: path has an empty segment or a trailing "/"',
    ],
    [
      'a path-less id',
      [{ id: 'spiffe://acme.test' }],
      'identity.workloads[0].id: "spiffe://acme.test" names a trust domain, not a workload',
    ],
    [
      'an invalid pattern',
      [{ pattern: 'spiffe://acme.test/a*' }],
      'identity.workloads[0].pattern: pattern "spiffe://acme.test/a*" has a segment',
    ],
    [
      'an unknown trust domain',
      [{ id: 'spiffe://other.test/a' }],
      'identity.workloads[0]: trust domain "other.test" is not in identity.trustDomains',
    ],
    [
      'mayActAlone without agent',
      [{ id: 'spiffe://acme.test/a', mayActAlone: true }],
      'identity.workloads[0].mayActAlone: applies only to entries with agent: true',
    ],
    [
      'roles not a list',
      [{ id: 'spiffe://acme.test/a', roles: 'admin' }],
      'identity.workloads[0].roles: expected an array of strings, got "admin"',
    ],
    [
      'an empty role',
      [{ id: 'spiffe://acme.test/a', roles: [''] }],
      'identity.workloads[0].roles[0]: expected a non-empty string, got ""',
    ],
    [
      'attr not JSON',
      [{ id: 'spiffe://acme.test/a', attr: { when: new Date(0) } }],
      'identity.workloads[0].attr/when: not a JSON value',
    ],
    [
      'a repeated id',
      [{ id: 'spiffe://acme.test/a' }, { id: 'spiffe://acme.test/a' }],
      'identity.workloads[1]: id "spiffe://acme.test/a" appears twice',
    ],
    [
      'an unknown key',
      [{ id: 'spiffe://acme.test/a', role: ['x'] }],
      'identity.workloads[0]: unknown option "role"',
    ],
  ])('rejects %s', (_, list, message) => {
    expectConfigError(workloads(list), TypeError, message)
  })
})
