import { describe, expect, it } from 'vitest'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from './helpers.js'

describe('action patterns', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { actions: ['view:*'], effect: 'allow', roles: ['user'] },
      { actions: ['share:link'], effect: 'allow', roles: ['user'] },
    ]),
  ])
  const alice = user('alice', ['user'])

  it.each([
    ['view:a', true],
    ['view:', true],
    ['view', false],
    ['view:a:b', false],
    ['viewer:a', false],
    ['share:link', true],
    ['share:other', false],
  ])('view:* and share:link against %s', (action, allowed) => {
    expect(decideFor(authz, alice, resource('doc'), action).allowed).toBe(allowed)
  })

  it('lone * matches every action including multi-segment ones', () => {
    const all = authorizerFor([
      resourcePolicy('doc', [{ actions: ['*'], effect: 'allow', roles: ['admin'] }]),
    ])
    const admin = user('root', ['admin'])
    for (const action of ['read', 'a:b:c', 'x:']) {
      expect(decideFor(all, admin, resource('doc'), action).allowed).toBe(true)
    }
  })
})

describe('roles', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { name: 'any-read', actions: ['read'], effect: 'allow', roles: ['*'] },
      { name: 'user-edit', actions: ['edit'], effect: 'allow', roles: ['user'] },
    ]),
  ])

  it('* matches a principal with no roles', () => {
    const decision = decideFor(authz, user('anon', []), resource('doc'), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]?.rule).toBe('any-read')
  })

  it('a role not held grants nothing', () => {
    const decision = decideFor(authz, user('bob', ['guest']), resource('doc'), 'edit')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
    expect(decision.evaluations[0]).toMatchObject({ policy: null, rule: null })
  })
})

describe('deny overrides', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { name: 'admin-all', actions: ['*'], effect: 'allow', roles: ['admin'] },
      { name: 'user-no-delete', actions: ['delete'], effect: 'deny', roles: ['user'] },
    ]),
  ])

  it('a deny for one role beats an allow for another role', () => {
    const decision = decideFor(authz, user('carol', ['admin', 'user']), resource('doc'), 'delete')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
    expect(decision.evaluations[0]).toMatchObject({
      effect: 'deny',
      policy: 'resource.doc.vdefault',
      rule: 'user-no-delete',
    })
  })

  it('role order does not matter', () => {
    const decision = decideFor(authz, user('carol', ['user', 'admin']), resource('doc'), 'delete')
    expect(decision.allowed).toBe(false)
  })

  it('the deciding allow is the lowest rule name', () => {
    const twoAllows = authorizerFor([
      resourcePolicy('doc', [
        { name: 'zeta', actions: ['read'], effect: 'allow', roles: ['user'] },
        { name: 'alpha', actions: ['read'], effect: 'allow', roles: ['user'] },
      ]),
    ])
    const decision = decideFor(twoAllows, user('a', ['user']), resource('doc'), 'read')
    expect(decision.evaluations[0]?.rule).toBe('alpha')
  })

  it('unnamed rules get rule-001 names by position', () => {
    const unnamed = authorizerFor([
      resourcePolicy('doc', [
        { actions: ['read'], effect: 'allow', roles: ['x'] },
        { actions: ['read'], effect: 'allow', roles: ['user'] },
      ]),
    ])
    const decision = decideFor(unnamed, user('a', ['user']), resource('doc'), 'read')
    expect(decision.evaluations[0]?.rule).toBe('rule-002')
  })
})

describe('condition errors', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      {
        name: 'deny-archived',
        actions: ['edit'],
        effect: 'deny',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.archived' }, true] },
      },
      { name: 'allow-edit', actions: ['edit'], effect: 'allow', roles: ['user'] },
      {
        name: 'allow-owner',
        actions: ['read'],
        effect: 'allow',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
      },
      {
        name: 'allow-public',
        actions: ['read'],
        effect: 'allow',
        roles: ['user'],
        when: { eq: [{ ref: 'R.attr.public' }, true] },
      },
    ]),
  ])
  const alice = user('alice', ['user'])

  it('an erroring deny rule denies', () => {
    const decision = decideFor(authz, alice, resource('doc', {}), 'edit')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
    expect(decision.evaluations[0]?.rule).toBe('deny-archived')
    expect(decision.errors).toEqual([
      {
        code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
        policy: 'resource.doc.vdefault',
        rule: 'deny-archived',
        path: expect.stringMatching(/^\/resourcePolicy\/rules\/0\/when/) as unknown,
        message: expect.stringContaining('R.attr.archived') as unknown,
      },
    ])
  })

  it('an erroring allow grants nothing while another allow still grants', () => {
    const decision = decideFor(authz, alice, resource('doc', { public: true }), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]?.rule).toBe('allow-public')
    expect(decision.errors).toHaveLength(1)
    expect(decision.errors[0]?.rule).toBe('allow-owner')
  })

  it('an erroring allow alone denies with NO_MATCH and CONDITION_ERROR', () => {
    const decision = decideFor(authz, alice, resource('doc', { public: false }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'CONDITION_ERROR'])
  })

  it('null is a value, distinct from a missing attribute and from false', () => {
    const nullable = authorizerFor([
      resourcePolicy('doc', [
        {
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { eq: [{ ref: 'R.attr.flag' }, null] },
        },
      ]),
    ])
    expect(decideFor(nullable, alice, resource('doc', { flag: null }), 'read').allowed).toBe(true)
    expect(decideFor(nullable, alice, resource('doc', { flag: false }), 'read')).toMatchObject({
      allowed: false,
      reasons: ['NO_MATCH'],
      errors: [],
    })
    expect(decideFor(nullable, alice, resource('doc', {}), 'read')).toMatchObject({
      allowed: false,
      reasons: ['NO_MATCH', 'CONDITION_ERROR'],
    })
  })

  it('"5" is not 5', () => {
    const typed = authorizerFor([
      resourcePolicy('doc', [
        {
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { eq: [{ ref: 'R.attr.n' }, 5] },
        },
      ]),
    ])
    expect(decideFor(typed, alice, resource('doc', { n: 5 }), 'read').allowed).toBe(true)
    expect(decideFor(typed, alice, resource('doc', { n: '5' }), 'read').allowed).toBe(false)
  })

  it('true || error is true, so the rule grants', () => {
    const absorbing = authorizerFor([
      resourcePolicy('doc', [
        {
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: {
            or: [{ eq: [{ ref: 'R.attr.missing' }, 1] }, { eq: [{ ref: 'P.id' }, 'alice'] }],
          },
        },
      ]),
    ])
    const decision = decideFor(absorbing, alice, resource('doc'), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.errors).toEqual([])
  })

  it('a condition that is not a boolean is a type error', () => {
    const notBoolean = authorizerFor([
      resourcePolicy('doc', [
        { actions: ['read'], effect: 'allow', roles: ['user'], when: { ref: 'R.attr.name' } },
      ]),
    ])
    const decision = decideFor(notBoolean, alice, resource('doc', { name: 'x' }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.errors[0]?.code).toBe('ERR_CONDITION_TYPE')
    expect(decision.errors[0]?.message).toBe('condition must be a boolean, got string')
  })
})

describe('prototype keys in attributes', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      {
        actions: ['read'],
        effect: 'allow',
        roles: ['user'],
        when: { eq: [{ ref: ['R', 'attr', '__proto__'] }, 'x'] },
      },
      {
        actions: ['edit'],
        effect: 'allow',
        roles: ['user'],
        when: { has: [{ ref: 'R.attr.constructor' }] },
      },
    ]),
  ])
  const alice = user('alice', ['user'])

  it('reads __proto__ as an own data key', () => {
    const attr = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>
    expect(decideFor(authz, alice, resource('doc', attr), 'read').allowed).toBe(true)
  })

  it('does not find __proto__ through the prototype', () => {
    const decision = decideFor(authz, alice, resource('doc', {}), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.errors[0]?.code).toBe('ERR_CONDITION_MISSING_ATTRIBUTE')
  })

  it('has(constructor) is false unless it is an own key', () => {
    expect(decideFor(authz, alice, resource('doc', {}), 'edit').allowed).toBe(false)
    const attr = JSON.parse('{"constructor": 1}') as Record<string, unknown>
    expect(decideFor(authz, alice, resource('doc', attr), 'edit').allowed).toBe(true)
  })
})
