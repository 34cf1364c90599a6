// Verified identities as an attacker would abuse them: tokens echoed back, identities forged
// or mutated after verify, and caller-supplied principals mixed with credentials.
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import type { CryptoKey } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAuthorizer } from '../../src/authorizer.js'
import type { Authorizer } from '../../src/authorizer.js'
import type { DecisionRecord } from '../../src/audit/decision-record.js'
import type { Identity } from '../../src/identity/identity.js'
import { resourcePolicy } from '../engine/helpers.js'

const NOW_MS = Date.UTC(2026, 0, 1)
const NOW = NOW_MS / 1000
const SERVICE = 'spiffe://acme.test/ns/docs/sa/api'
const USER_AUDIENCE = 'https://docs.acme.test'
const ISSUER = 'https://idp.acme.test'
const BILLING = 'spiffe://acme.test/ns/billing/sa/api'

const documents = resourcePolicy('doc', [
  { name: 'read', actions: ['read'], effect: 'allow', roles: ['user', 'svc:billing'] },
  { name: 'admin-edit', actions: ['edit'], effect: 'allow', roles: ['admin'] },
])
const doc = { kind: 'doc', id: 'd1' }

let workloadKey: CryptoKey
let userKey: CryptoKey
let authz: Authorizer
const records: DecisionRecord[] = []

beforeAll(async () => {
  const workload = await generateKeyPair('ES256', { extractable: true })
  const issuer = await generateKeyPair('RS256', { extractable: true })
  workloadKey = workload.privateKey
  userKey = issuer.privateKey
  authz = createAuthorizer({
    now: () => NOW_MS,
    policies: [documents],
    identity: {
      audience: [SERVICE, USER_AUDIENCE],
      trustDomains: {
        'acme.test': { jwks: { keys: [{ ...(await exportJWK(workload.publicKey)), kid: 'w1' }] } },
      },
      issuers: [
        {
          issuer: ISSUER,
          jwks: { keys: [{ ...(await exportJWK(issuer.publicKey)), kid: 'u1' }] },
          attributeClaims: ['department'],
        },
      ],
      workloads: [{ id: BILLING, roles: ['svc:billing'], attr: { team: { name: 'billing' } } }],
    },
    onDecision: (record) => {
      records.push(record)
    },
  })
})

function svid(claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ sub: BILLING, aud: SERVICE, exp: NOW + 300, iat: NOW, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'w1' })
    .sign(workloadKey)
}

function accessToken(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const payload = {
    iss: ISSUER,
    sub: 'alice',
    aud: USER_AUDIENCE,
    exp: NOW + 600,
    iat: NOW,
    jti: 'jti-1',
    client_id: 'web',
    roles: ['user'],
    department: { name: 'sales', tags: ['a'] },
    ...claims,
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'u1', typ: 'at+jwt', ...header })
    .sign(userKey)
}

/** Lists the dot-separated parts of `token` of more than 8 characters that occur in `text`. */
function leakedParts(token: string, text: string): string[] {
  const parts = [token, ...token.split('.')].filter((part) => part.length > 8)
  return parts.filter((part) => text.includes(part))
}

async function verified(): Promise<Identity> {
  const result = await authz.verify({ workload: await svid(), user: await accessToken() })
  if (!result.ok) throw new Error(`verify failed: ${JSON.stringify(result.errors)}`)
  return result.identity
}

describe('raw tokens never leak', () => {
  const cases: Record<string, () => Promise<{ workload?: string; user?: string }>> = {
    valid: async () => ({ workload: await svid(), user: await accessToken() }),
    'expired user token': async () => ({
      user: await accessToken({ exp: NOW - 1000, iat: NOW - 2000 }),
    }),
    'wrong audience': async () => ({ user: await accessToken({ aud: 'https://other.test' }) }),
    'bad signature': async () => ({ user: `${(await accessToken()).slice(0, -6)}AAAAAA` }),
    'wrong typ': async () => ({ user: await accessToken({}, { typ: 'JWT' }) }),
    'expired svid': async () => ({ workload: await svid({ exp: NOW - 100, iat: NOW - 200 }) }),
    'four segments': async () => ({ user: `${await accessToken()}.extra-segment-here` }),
    'not a JWT': () => Promise.resolve({ user: 'not-a-jwt-but-a-secret-value-0123456789' }),
  }

  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: not in decision, verify result or record`, async () => {
      const credentials = await make()
      records.length = 0
      const decision = await authz.checkAccess({ credentials, resource: doc, action: 'read' })
      const result = await authz.verify(credentials)
      const text = JSON.stringify([decision, result, records])
      for (const token of [credentials.workload, credentials.user]) {
        if (token !== undefined) expect(leakedParts(token, text)).toEqual([])
      }
      expect(records).toHaveLength(1)
    })
  }
})

describe('verified identities', () => {
  it('are frozen all the way down', async () => {
    const identity = await verified()
    const unfrozen: string[] = []
    const walk = (value: unknown, path: string) => {
      if (typeof value !== 'object' || value === null) return
      if (!Object.isFrozen(value)) unfrozen.push(path)
      for (const key of Reflect.ownKeys(value)) {
        walk((value as Record<PropertyKey, unknown>)[key], `${path}/${String(key)}`)
      }
    }
    walk(identity, '')
    expect(unfrozen).toEqual([])
  })

  it('cannot gain roles after verify', async () => {
    const identity = await verified()
    if (identity.mode !== 'onBehalfOf') throw new Error('expected on-behalf-of')
    expect(() => {
      ;(identity.subject.roles as string[]).push('admin')
    }).toThrow(TypeError)
    expect(authz.check({ identity, resource: doc, action: 'edit' }).allowed).toBe(false)
  })

  it('copies are rejected', async () => {
    const identity = await verified()
    const copies = [
      structuredClone(identity),
      { ...identity },
      new Proxy(identity, {}),
      Object.create(identity) as Identity,
    ]
    for (const copy of copies) {
      const decision = authz.check({ identity: copy, resource: doc, action: 'read' })
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['REQUEST_INVALID'])
    }
  })

  it('another authorizer rejects them', async () => {
    const identity = await verified()
    const other = createAuthorizer({ policies: [documents] })
    const decision = other.check({ identity, resource: doc, action: 'read' })
    expect(decision.reasons).toEqual(['REQUEST_INVALID'])
    expect(authz.check({ identity, resource: doc, action: 'read' }).allowed).toBe(true)
  })

  it('cannot be combined with caller-supplied parties', async () => {
    const identity = await verified()
    const extras = [
      { principal: { id: 'alice', roles: ['admin'] } },
      { actor: { id: 'x', roles: ['admin'] } },
      { chain: ['x'] },
      { scopes: ['admin'] },
    ]
    for (const extra of extras) {
      const decision = authz.check({ identity, resource: doc, action: 'edit', ...extra })
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['REQUEST_INVALID'])
    }
  })
})

describe('checkAccess never merges caller roles', () => {
  for (const key of ['principal', 'actor', 'chain', 'scopes', 'identity']) {
    it(`credentials with ${key} are rejected`, async () => {
      const values: Record<string, unknown> = {
        principal: { id: 'alice', roles: ['admin'] },
        actor: { id: 'x', roles: ['admin'] },
        chain: ['x'],
        scopes: ['admin'],
        identity: await verified(),
      }
      const decision = await authz.checkAccess({
        credentials: { user: await accessToken() },
        resource: doc,
        action: 'edit',
        [key]: values[key],
      })
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['REQUEST_INVALID'])
      expect(decision.errors[0]?.path).toBe(`/${key}`)
    })
  }

  it('hostile credentials object is a coded deny', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile credentials')
        },
        ownKeys() {
          throw new Error('hostile credentials')
        },
        getPrototypeOf() {
          throw new Error('hostile credentials')
        },
      },
    )
    const decision = await authz.checkAccess({
      credentials: hostile,
      resource: doc,
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['CREDENTIALS_INVALID'])
  })
})
