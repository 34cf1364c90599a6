import { describe, expect, it, vi } from 'vitest'
import { createAuthorizer } from '../src/authorizer.js'
import type { DecisionRecord } from '../src/audit/decision-record.js'
import { PolicyInvalid } from '../src/errors.js'
import { authorizerFor, NOW, resource, resourcePolicy, user } from './engine/helpers.js'

const invoices = resourcePolicy('invoice', [
  { name: 'billing-read', actions: ['read'], effect: 'allow', roles: ['svc:billing'] },
  {
    name: 'user-own-read',
    actions: ['read'],
    effect: 'allow',
    roles: ['user'],
    when: {
      and: [
        { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
        { eq: [{ ref: 'delegation.actor.id' }, 'billing'] },
      ],
    },
  },
])

describe('on-behalf-of checks', () => {
  const authz = authorizerFor([invoices])
  const billing = { id: 'billing', roles: ['svc:billing'], kind: 'workload' as const }
  const alice = user('alice', ['user'])

  it('allows only if both the actor and the subject are allowed', () => {
    const decision = authz.check({
      principal: alice,
      actor: billing,
      resource: resource('invoice', { owner: 'alice' }),
      action: 'read',
    })
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations.map((evaluation) => [evaluation.as, evaluation.principal])).toEqual(
      [
        ['actor', 'billing'],
        ['subject', 'alice'],
      ],
    )
  })

  it('denies when the user lacks the right', () => {
    const decision = authz.check({
      principal: alice,
      actor: billing,
      resource: resource('invoice', { owner: 'bob' }),
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations.map((evaluation) => evaluation.effect)).toEqual(['allow', 'deny'])
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('denies when the workload lacks the right', () => {
    const other = { id: 'reports', roles: ['svc:reports'], kind: 'workload' as const }
    const decision = authz.check({
      principal: alice,
      actor: other,
      resource: resource('invoice', { owner: 'alice' }),
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations.map((evaluation) => evaluation.effect)).toEqual(['deny', 'deny'])
  })

  it('gives a direct call an empty delegation context', () => {
    const direct = authorizerFor([
      resourcePolicy('invoice', [
        {
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: {
            and: [
              { eq: [{ ref: 'delegation.depth' }, 0] },
              { eq: [{ ref: 'delegation.actor' }, null] },
            ],
          },
        },
      ]),
    ])
    const decision = direct.check({
      principal: alice,
      resource: resource('invoice'),
      action: 'read',
    })
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]?.as).toBe('principal')
  })
})

describe('untrusted requests', () => {
  const authz = authorizerFor([invoices])

  it.each([
    ['not an object', 'nope', ''],
    ['no principal', { resource: resource('invoice'), action: 'read' }, '/principal'],
    [
      'roles not a list',
      { principal: { id: 'a', roles: 'user' }, resource: resource('invoice'), action: 'read' },
      '/principal/roles',
    ],
    [
      'empty id',
      { principal: { id: '', roles: [] }, resource: resource('invoice'), action: 'read' },
      '/principal/id',
    ],
    [
      'misspelt field',
      {
        principal: { id: 'a', roles: [], attrs: {} },
        resource: resource('invoice'),
        action: 'read',
      },
      '/principal/attrs',
    ],
    [
      'attr a list',
      {
        principal: user('a', []),
        resource: { kind: 'invoice', id: '1', attr: [] },
        action: 'read',
      },
      '/resource/attr',
    ],
    [
      'bad scope',
      {
        principal: user('a', []),
        resource: { kind: 'invoice', id: '1', scope: 'a..b' },
        action: 'read',
      },
      '/resource/scope',
    ],
    ['no action', { principal: user('a', []), resource: resource('invoice') }, '/action'],
    [
      'forged identity',
      {
        identity: { mode: 'direct', principal: user('a', ['admin']), scopes: null },
        resource: resource('invoice'),
        action: 'read',
      },
      '/identity',
    ],
  ])('%s is denied with REQUEST_INVALID', (_name, request, path) => {
    const decision = authz.check(request as never)
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['REQUEST_INVALID'])
    expect(decision.errors[0]).toMatchObject({ code: 'ERR_REQUEST_INVALID', path })
  })

  it('checkAccess rejects credentials mixed with a principal', async () => {
    const decision = await authz.checkAccess({
      credentials: { user: 'x.y.z' },
      principal: user('a', ['admin']),
      resource: resource('invoice'),
      action: 'read',
    })
    expect(decision.reasons).toEqual(['REQUEST_INVALID'])
  })

  it('a clock that throws denies instead of throwing', () => {
    const broken = authorizerFor([invoices], {
      now: () => {
        throw new Error('clock down')
      },
    })
    const decision = broken.check({
      principal: user('a', ['svc:billing']),
      resource: resource('invoice'),
      action: 'read',
    })
    expect(decision.reasons).toEqual(['REQUEST_INVALID'])
  })
})

describe('one clock read per check', () => {
  it('reads now once, so all conditions see the same instant', () => {
    const now = vi.fn(() => NOW)
    const authz = createAuthorizer({
      now,
      policies: [
        resourcePolicy('doc', [
          {
            actions: ['read'],
            effect: 'allow',
            roles: ['user'],
            when: { lt: [{ ref: 'R.attr.from' }, { ref: 'now' }] },
          },
        ]),
      ],
    })
    now.mockClear()
    authz.check({
      principal: user('a', ['user']),
      resource: resource('doc', { from: { timestamp: ['2026-01-01T00:00:00Z'] } }),
      action: 'read',
    })
    expect(now).toHaveBeenCalledTimes(1)
  })
})

describe('checkResources', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { actions: ['read'], effect: 'allow', roles: ['user'] },
      {
        actions: ['edit'],
        effect: 'allow',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
      },
    ]),
  ])

  it('returns one result per resource in request order, an effect per action', () => {
    const { results } = authz.checkResources({
      principal: user('alice', ['user']),
      resources: [
        {
          resource: { kind: 'doc', id: 'd1', attr: { owner: 'alice' } },
          actions: ['read', 'edit'],
        },
        {
          resource: { kind: 'doc', id: 'd2', attr: { owner: 'bob' } },
          actions: ['edit', 'delete'],
        },
      ],
    })
    expect(results.map((result) => result.resource)).toEqual([
      { kind: 'doc', id: 'd1' },
      { kind: 'doc', id: 'd2' },
    ])
    expect({ ...results[0]?.actions }).toEqual({ read: 'allow', edit: 'allow' })
    expect({ ...results[1]?.actions }).toEqual({ edit: 'deny', delete: 'deny' })
  })

  it('an action named __proto__ is an ordinary key', () => {
    const { results } = authz.checkResources({
      principal: user('alice', ['user']),
      resources: [{ resource: { kind: 'doc', id: 'd1' }, actions: ['__proto__'] }],
    })
    expect(Object.keys(results[0]?.actions ?? {})).toEqual(['__proto__'])
    expect(results[0]?.actions['__proto__']).toBe('deny')
  })
})

describe('updatePolicies', () => {
  it('swaps the set and bumps the revision', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['user'] }]),
    ])
    const alice = user('alice', ['user'])
    expect(authz.revision).toBe(1)
    expect(
      authz.check({ principal: alice, resource: resource('doc'), action: 'read' }),
    ).toMatchObject({ allowed: true, revision: 1 })

    authz.updatePolicies([
      resourcePolicy('doc', [{ actions: ['read'], effect: 'deny', roles: ['user'] }]),
    ])
    expect(authz.revision).toBe(2)
    expect(
      authz.check({ principal: alice, resource: resource('doc'), action: 'read' }),
    ).toMatchObject({ allowed: false, revision: 2 })
  })

  it('keeps the old set and revision when the new set is invalid', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['user'] }]),
    ])
    expect(() => {
      authz.updatePolicies([{ resourcePolicy: { resource: 'doc' } }])
    }).toThrow(PolicyInvalid)
    expect(authz.revision).toBe(1)
    expect(
      authz.check({ principal: user('a', ['user']), resource: resource('doc'), action: 'read' })
        .allowed,
    ).toBe(true)
  })

  it('does not change when the caller mutates its policy objects later', () => {
    const rules = [{ actions: ['read'], effect: 'allow', roles: ['user'] }]
    const authz = authorizerFor([resourcePolicy('doc', rules)])
    ;(rules[0] as { effect: string }).effect = 'deny'
    expect(
      authz.check({ principal: user('a', ['user']), resource: resource('doc'), action: 'read' })
        .allowed,
    ).toBe(true)
  })
})

describe('onDecision', () => {
  it('receives a record of every decision', () => {
    const records: DecisionRecord[] = []
    const authz = authorizerFor([invoices], { onDecision: (record) => records.push(record) })
    authz.check({
      principal: user('alice', ['svc:billing']),
      resource: resource('invoice'),
      action: 'read',
      requestId: 'r1',
    })
    expect(records).toEqual([
      {
        time: new Date(NOW).toISOString(),
        requestId: 'r1',
        principal: 'alice',
        actor: null,
        subject: null,
        kinds: { principal: 'user', actor: null, subject: null },
        chain: [],
        resource: { kind: 'invoice', id: 'invoice-1' },
        action: 'read',
        effect: 'allow',
        policy: 'resource.invoice.vdefault',
        rule: 'billing-read',
        reasons: [],
        cacheHit: false,
        revision: 1,
      },
    ])
  })

  it('a throwing sink never changes a decision', async () => {
    const errors: unknown[] = []
    const authz = authorizerFor([invoices], {
      onDecision: () => {
        throw new Error('sink down')
      },
      onDecisionError: (error) => errors.push(error),
    })
    const decision = authz.check({
      principal: user('a', ['svc:billing']),
      resource: resource('invoice'),
      action: 'read',
    })
    expect(decision.allowed).toBe(true)
    expect(errors).toHaveLength(1)

    const rejecting = authorizerFor([invoices], {
      onDecision: () => Promise.reject(new Error('async sink down')),
    })
    const second = await rejecting.checkAccess({
      principal: user('a', ['svc:billing']),
      resource: resource('invoice'),
      action: 'read',
    })
    expect(second.allowed).toBe(true)
  })
})

describe('createAuthorizer misuse', () => {
  it.each([
    ['no config', undefined, TypeError, 'createAuthorizer: config must be an object'],
    [
      'policies not a list',
      { policies: {} },
      TypeError,
      'createAuthorizer: "policies" must be an array of policy documents',
    ],
    [
      'unknown option',
      { policies: [], lenient: true },
      TypeError,
      'createAuthorizer: unknown option "lenient"',
    ],
    [
      'now not a function',
      { policies: [], now: 5 },
      TypeError,
      'createAuthorizer: "now" must be a function',
    ],
    [
      'cache without bound',
      { policies: [], cache: { ttl: 5 } },
      RangeError,
      'createAuthorizer: "cache.max" must be a positive integer, got undefined',
    ],
    [
      'negative ttl',
      { policies: [], cache: { max: 10, ttl: -1 } },
      RangeError,
      'createAuthorizer: "cache.ttl" must be a positive integer of milliseconds, got -1',
    ],
  ])('%s throws', (_name, config, type, message) => {
    expect(() => createAuthorizer(config as never)).toThrow(type)
    expect(() => createAuthorizer(config as never)).toThrow(message)
  })

  it('invalid policies throw PolicyInvalid with the JSON path', () => {
    try {
      createAuthorizer({
        policies: [
          {
            resourcePolicy: {
              resource: 'doc',
              rules: [{ actions: ['read'], effect: 'maybe', roles: ['u'] }],
            },
          },
        ],
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyInvalid)
      expect((error as PolicyInvalid).issues[0]?.path).toBe('/0/resourcePolicy/rules/0/effect')
    }
  })
})

describe('verified identities', () => {
  it('cannot be changed after verify returns them', async () => {
    const { generateKeyPair, exportJWK, SignJWT } = await import('jose')
    const { privateKey, publicKey } = await generateKeyPair('ES256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
    const authz = authorizerFor([invoices], {
      identity: {
        audience: 'spiffe://acme.test/ns/billing/sa/api',
        trustDomains: { 'acme.test': { jwks: { keys: [jwk] } } },
        workloads: [{ id: 'spiffe://acme.test/ns/reports/sa/api', roles: ['svc:reports'] }],
      },
    })
    const svid = await new SignJWT({ sub: 'spiffe://acme.test/ns/reports/sa/api' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
      .setAudience('spiffe://acme.test/ns/billing/sa/api')
      .setIssuedAt(Math.floor(NOW / 1000))
      .setExpirationTime(Math.floor(NOW / 1000) + 300)
      .sign(privateKey)

    const verified = await authz.verify({ workload: svid })
    expect(verified.ok).toBe(true)
    if (!verified.ok || verified.identity.mode !== 'direct') return

    const roles = verified.identity.principal.roles as string[]
    expect(() => roles.push('svc:billing')).toThrow(TypeError)
    const decision = authz.check({
      identity: verified.identity,
      resource: resource('invoice'),
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
  })
})
