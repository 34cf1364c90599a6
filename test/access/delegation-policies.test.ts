import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import type { CryptoKey, JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAuthorizer } from '../../src/authorizer.js'
import type { Authorizer } from '../../src/authorizer.js'
import type { DecisionRecord } from '../../src/audit/decision-record.js'
import { NOW } from '../engine/helpers.js'

// Policies that constrain delegation, decided through checkAccess with real signed tokens.
const GATEWAY = 'spiffe://acme.test/ns/edge/sa/gateway'
const REPORTS = 'spiffe://acme.test/ns/analytics/sa/reports'
const AGENT = 'spiffe://acme.test/agents/assistant'
const BILLING = 'spiffe://acme.test/ns/billing/sa/api'
const ISSUER = 'https://id.acme.test'
const API = 'https://api.acme.test'
const seconds = Math.floor(NOW / 1000)

const invoices = {
  resourcePolicy: {
    resource: 'invoice',
    rules: [
      {
        name: 'gateway-only-for-users',
        actions: ['read'],
        effect: 'allow',
        roles: ['svc:gateway', 'agent'],
        when: { ne: [{ ref: 'delegation.subject' }, null] },
      },
      {
        name: 'customers-through-gateway-or-agent',
        actions: ['read'],
        effect: 'allow',
        roles: ['user'],
        when: {
          and: [
            { eq: [{ ref: 'R.attr.customerId' }, { ref: 'P.id' }] },
            { in: [{ ref: 'delegation.actor.id' }, [GATEWAY, AGENT]] },
          ],
        },
      },
    ],
  },
}

let svidKey: CryptoKey
let userKey: CryptoKey
let authz: Authorizer
const records: DecisionRecord[] = []

function svid(sub: string): Promise<string> {
  return new SignJWT({ sub })
    .setProtectedHeader({ alg: 'ES256', kid: 'td-1', typ: 'JWT' })
    .setAudience(BILLING)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + 300)
    .sign(svidKey)
}

function accessToken(sub: string, extra: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ roles: ['user'], client_id: 'web', jti: `${sub}-1`, ...extra })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1', typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setSubject(sub)
    .setAudience(API)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + 600)
    .sign(userKey)
}

async function publicJwk(key: CryptoKey, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg }
}

beforeAll(async () => {
  const td = await generateKeyPair('ES256')
  const idp = await generateKeyPair('RS256')
  svidKey = td.privateKey
  userKey = idp.privateKey

  authz = createAuthorizer({
    now: () => NOW,
    policies: [invoices],
    onDecision: (record) => records.push(record),
    identity: {
      audience: BILLING,
      trustDomains: {
        'acme.test': { jwks: { keys: [await publicJwk(td.publicKey, 'td-1', 'ES256')] } },
      },
      issuers: [
        {
          issuer: ISSUER,
          audience: API,
          jwks: { keys: [await publicJwk(idp.publicKey, 'idp-1', 'RS256')] },
        },
      ],
      workloads: [
        { id: GATEWAY, roles: ['svc:gateway'] },
        { id: REPORTS, roles: ['svc:reports', 'svc:gateway-like'] },
        { pattern: 'spiffe://acme.test/agents/*', roles: ['agent'], agent: true },
      ],
      requiredScopes: { invoice: { read: 'invoices:read' } },
    },
  })
})

const invoice = { kind: 'invoice', id: 'i1', attr: { customerId: 'alice' } }

describe('policies over delegation', () => {
  it('a workload may read only on behalf of a user', async () => {
    const alone = await authz.checkAccess({
      credentials: { workload: await svid(GATEWAY) },
      resource: invoice,
      action: 'read',
    })
    expect(alone.allowed).toBe(false)
    expect(alone.reasons).toEqual(['NO_MATCH'])

    const forAlice = await authz.checkAccess({
      credentials: { workload: await svid(GATEWAY), user: await accessToken('alice') },
      resource: invoice,
      action: 'read',
    })
    expect(forAlice.allowed).toBe(true)
    expect(forAlice.evaluations.map((evaluation) => [evaluation.as, evaluation.rule])).toEqual([
      ['actor', 'gateway-only-for-users'],
      ['subject', 'customers-through-gateway-or-agent'],
    ])
  })

  it('a user reaches invoices only through the gateway', async () => {
    const direct = await authz.checkAccess({
      credentials: { user: await accessToken('alice') },
      resource: invoice,
      action: 'read',
    })
    expect(direct.allowed).toBe(false)
    expect(direct.evaluations[0]).toMatchObject({ as: 'principal', effect: 'deny' })

    const viaReports = await authz.checkAccess({
      credentials: { workload: await svid(REPORTS), user: await accessToken('alice') },
      resource: invoice,
      action: 'read',
    })
    expect(viaReports.allowed).toBe(false)
    expect(viaReports.evaluations.map((evaluation) => evaluation.effect)).toEqual(['deny', 'deny'])
  })

  it('an agent needs the delegated scope', async () => {
    const exchanged = (scope: string) => accessToken('alice', { scope, act: { sub: AGENT } })
    const withScope = await authz.checkAccess({
      credentials: { workload: await svid(AGENT), user: await exchanged('invoices:read') },
      resource: invoice,
      action: 'read',
    })
    expect(withScope.allowed).toBe(true)

    const without = await authz.checkAccess({
      credentials: { workload: await svid(AGENT), user: await exchanged('profile') },
      resource: invoice,
      action: 'read',
    })
    expect(without.allowed).toBe(false)
    expect(without.reasons).toEqual(['SCOPE_MISSING'])
    expect(without.errors[0]).toMatchObject({
      code: 'ERR_SCOPE_MISSING',
      message: 'scope "invoices:read" is required for "read" on "invoice"',
    })
  })

  it('records name the kinds and never hold a token', async () => {
    records.length = 0
    const token = await accessToken('alice', { scope: 'invoices:read', act: { sub: AGENT } })
    const workload = await svid(AGENT)
    const decision = await authz.checkAccess({
      credentials: { workload, user: token },
      resource: invoice,
      action: 'read',
    })

    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      actor: AGENT,
      subject: 'alice',
      chain: [AGENT],
      kinds: { principal: null, actor: 'agent', subject: 'user' },
    })
    const text = JSON.stringify([decision, records])
    for (const part of [...token.split('.'), ...workload.split('.')])
      expect(text).not.toContain(part)
  })
})

describe('token cache counters', () => {
  it('count a hit when the same tokens come again', async () => {
    const workload = await svid(GATEWAY)
    // A jti of its own: RS256 signatures are deterministic, so equal claims give equal tokens.
    const user = await accessToken('alice', { jti: 'cache-counters' })
    const before = authz.stats().tokenCache
    expect(before).not.toBeNull()

    await authz.checkAccess({ credentials: { workload, user }, resource: invoice, action: 'read' })
    const second = await authz.checkAccess({
      credentials: { workload, user },
      resource: invoice,
      action: 'read',
    })

    expect(second.allowed).toBe(true)
    const after = authz.stats().tokenCache
    expect((after?.hits ?? 0) - (before?.hits ?? 0)).toBe(2)
  })
})
