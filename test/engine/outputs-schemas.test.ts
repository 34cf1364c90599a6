import { describe, expect, it } from 'vitest'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from './helpers.js'

describe('outputs', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      {
        name: 'b-allow',
        actions: ['read'],
        effect: 'allow',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.public' }, true] },
        output: { whenMatched: 'public', whenConditionFalse: { ref: 'P.id' } },
      },
      {
        name: 'a-deny',
        actions: ['read'],
        effect: 'deny',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.locked' }, true] },
        output: { whenMatched: { ref: 'R.attr.reason' } },
      },
    ]),
  ])
  const alice = user('alice', ['user'])

  it('emits whenMatched for matching rules and whenConditionFalse for false conditions', () => {
    const decision = decideFor(
      authz,
      alice,
      resource('doc', { public: false, locked: true, reason: 'legal' }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.outputs).toEqual([
      { src: 'resource.doc.vdefault#a-deny', action: 'read', principal: 'alice', val: 'legal' },
      { src: 'resource.doc.vdefault#b-allow', action: 'read', principal: 'alice', val: 'alice' },
    ])
  })

  it('an erroring deny emits whenMatched; an output that errors reports the error', () => {
    const decision = decideFor(authz, alice, resource('doc', { public: true }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.outputs).toHaveLength(2)
    expect(decision.outputs[0]).toMatchObject({ src: 'resource.doc.vdefault#a-deny' })
    expect(decision.outputs[0]).toHaveProperty('error')
    expect(decision.outputs[1]).toMatchObject({ val: 'public' })
  })
})

describe('attribute schemas', () => {
  const policies = (enforcement: string): unknown[] => [
    resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['user'] }], {
      schemas: {
        resource: {
          type: 'object',
          required: ['owner'],
          properties: { owner: { type: 'string' } },
        },
        principal: { type: 'object', properties: { level: { type: 'integer' } } },
        enforcement,
      },
    }),
  ]
  const alice = user('alice', ['user'], { level: 'high' })

  it('none ignores the schemas', () => {
    const decision = decideFor(authorizerFor(policies('none')), alice, resource('doc'), 'read')
    expect(decision).toMatchObject({ allowed: true, validationErrors: [] })
  })

  it('warn decides normally and reports the errors', () => {
    const decision = decideFor(authorizerFor(policies('warn')), alice, resource('doc'), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.validationErrors).toEqual([
      { path: '/level', message: 'must be integer', source: 'principal' },
      { path: '/', message: "must have required property 'owner'", source: 'resource' },
    ])
  })

  it('reject denies every action and reports the errors', () => {
    const decision = decideFor(authorizerFor(policies('reject')), alice, resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['SCHEMA_REJECTED'])
    expect(decision.validationErrors).toHaveLength(2)
  })

  it('valid attributes pass under reject', () => {
    const valid = user('alice', ['user'], { level: 2 })
    const decision = decideFor(
      authorizerFor(policies('reject')),
      valid,
      resource('doc', { owner: 'alice' }),
      'read',
    )
    expect(decision).toMatchObject({ allowed: true, validationErrors: [] })
  })
})

describe('attribute schemas and principal policies', () => {
  it('reject denies before a principal policy decides', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['admin'] }], {
        schemas: { resource: { type: 'object', required: ['owner'] }, enforcement: 'reject' },
      }),
      {
        principalPolicy: {
          principal: 'alice',
          rules: [{ resource: 'doc', actions: [{ action: 'read', effect: 'allow' }] }],
        },
      },
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['SCHEMA_REJECTED'])
    expect(decision.validationErrors).toHaveLength(1)
  })
})
