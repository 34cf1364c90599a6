// Attempts to get an allow out of the engine where the evaluation rules require a deny, and checks
// that the decision's shape does not depend on rule or policy order.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from '../engine/helpers.js'
import { propertyParameters } from '../support/seed.js'

const allowRead = (roles: string[], extra: Record<string, unknown> = {}) => ({
  actions: ['read'],
  effect: 'allow',
  roles,
  ...extra,
})
const denyRead = (roles: string[], extra: Record<string, unknown> = {}) => ({
  actions: ['read'],
  effect: 'deny',
  roles,
  ...extra,
})

describe('deny overrides', () => {
  it('deny for one role beats allow for another', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['admin'], { name: 'a-admin' }),
        denyRead(['user'], { name: 'z-user' }),
      ]),
    ])
    const decision = decideFor(authz, user('alice', ['admin', 'user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
    expect(decision.evaluations[0]?.rule).toBe('z-user')
  })

  it('erroring deny denies', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user']),
        denyRead(['user'], { when: { eq: [{ ref: 'R.attr.locked' }, true] } }),
      ]),
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
    expect(decision.errors).toEqual([
      {
        code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
        policy: 'resource.doc.vdefault',
        rule: 'rule-002',
        path: '/resourcePolicy/rules/1/when/eq/0',
        message: 'no such attribute: R.attr.locked',
      },
    ])
  })

  it('erroring allow grants nothing', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [allowRead(['user'], { when: { gt: [{ ref: 'R.attr.n' }, 'x'] } })]),
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc', { n: 1 }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'CONDITION_ERROR'])
  })

  it('or absorbs an error only with true', () => {
    const when = { or: [{ ref: 'R.attr.missing' }, { eq: [{ ref: 'R.attr.n' }, 1] }] }
    const authz = authorizerFor([resourcePolicy('doc', [allowRead(['user'], { when })])])
    expect(decideFor(authz, user('a', ['user']), resource('doc', { n: 1 }), 'read').allowed).toBe(
      true,
    )
    const denied = decideFor(authz, user('a', ['user']), resource('doc', { n: 2 }), 'read')
    expect(denied.allowed).toBe(false)
    expect(denied.reasons).toEqual(['NO_MATCH', 'CONDITION_ERROR'])
  })

  it('erroring derived role fails a deny closed', () => {
    const authz = authorizerFor([
      {
        derivedRoles: {
          name: 'common',
          definitions: [
            { name: 'owner', parentRoles: ['user'], when: { eq: [{ ref: 'R.attr.ownerId' }, 1] } },
          ],
        },
      },
      resourcePolicy(
        'doc',
        [allowRead(['user']), { actions: ['read'], effect: 'deny', derivedRoles: ['owner'] }],
        {
          importDerivedRoles: ['common'],
        },
      ),
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
  })
})

describe('scopes', () => {
  const root = resourcePolicy('doc', [allowRead(['user'])])

  it('strict search denies a missing leaf scope', () => {
    const authz = authorizerFor([root])
    const decision = decideFor(
      authz,
      user('a', ['user']),
      resource('doc', {}, { scope: 'acme' }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
    expect(decision.evaluations[0]).toMatchObject({ policy: null, rule: null })
  })

  it('lenient search starts at the nearest ancestor', () => {
    const authz = authorizerFor([root], { lenientScopeSearch: true })
    const decision = decideFor(
      authz,
      user('a', ['user']),
      resource('doc', {}, { scope: 'acme.eu' }),
      'read',
    )
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]?.scope).toBe('')
  })

  it('consent scope alone grants nothing', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [{ actions: ['other'], effect: 'allow', roles: ['user'] }]),
      resourcePolicy('doc', [allowRead(['user'])], {
        scope: 'acme',
        scopePermissions: 'requireParentalConsentForAllows',
      }),
    ])
    const decision = decideFor(
      authz,
      user('a', ['user']),
      resource('doc', {}, { scope: 'acme' }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('consent allow with a false condition denies', () => {
    const authz = authorizerFor([
      root,
      resourcePolicy('doc', [allowRead(['user'], { when: false })], {
        scope: 'acme',
        scopePermissions: 'requireParentalConsentForAllows',
      }),
    ])
    const decision = decideFor(
      authz,
      user('a', ['user']),
      resource('doc', {}, { scope: 'acme' }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
    expect(decision.evaluations[0]?.scope).toBe('acme')
  })

  it('consent allow with an erroring condition denies', () => {
    const authz = authorizerFor([
      root,
      resourcePolicy('doc', [allowRead(['user'], { when: { ref: 'R.attr.flag' } })], {
        scope: 'acme',
        scopePermissions: 'requireParentalConsentForAllows',
      }),
    ])
    const decision = decideFor(
      authz,
      user('a', ['user']),
      resource('doc', {}, { scope: 'acme' }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
  })
})

describe('principal policies', () => {
  const alicePolicy = (effect: string, when?: unknown) => ({
    principalPolicy: {
      principal: 'alice',
      rules: [
        {
          resource: 'doc',
          actions: [{ action: 'read', effect, ...(when === undefined ? {} : { when }) }],
        },
      ],
    },
  })

  it('principal deny is final over a resource allow', () => {
    const authz = authorizerFor([alicePolicy('deny'), resourcePolicy('doc', [allowRead(['user'])])])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations[0]?.policy).toBe('principal.alice.vdefault')
  })

  it('erroring principal deny is final', () => {
    const authz = authorizerFor([
      alicePolicy('deny', { ref: 'R.attr.flag' }),
      resourcePolicy('doc', [allowRead(['user'])]),
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
  })

  it('erroring principal allow falls through', () => {
    const authz = authorizerFor([
      alicePolicy('allow', { ref: 'R.attr.flag' }),
      resourcePolicy('doc', [denyRead(['*'])]),
    ])
    const decision = decideFor(authz, user('alice', ['user']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations[0]?.policy).toBe('resource.doc.vdefault')
  })

  it('other principal ids are not matched', () => {
    const authz = authorizerFor([alicePolicy('allow')])
    for (const id of ['Alice', 'alice ', 'alice\u0000', '__proto__', 'constructor']) {
      expect(decideFor(authz, user(id, []), resource('doc'), 'read').allowed).toBe(false)
    }
  })
})

describe('values and attributes', () => {
  it('"5" is not 5', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], { name: 'eq', when: { eq: [{ ref: 'R.attr.n' }, 5] } }),
        {
          name: 'in',
          actions: ['list'],
          effect: 'allow',
          roles: ['user'],
          // More than 256 elements, so membership uses the indexed lookup.
          when: { in: [{ ref: 'R.attr.n' }, Array.from({ length: 300 }, (_, index) => index)] },
        },
      ]),
    ])
    for (const action of ['read', 'list']) {
      expect(
        decideFor(authz, user('a', ['user']), resource('doc', { n: '5' }), action).allowed,
      ).toBe(false)
      expect(decideFor(authz, user('a', ['user']), resource('doc', { n: 5 }), action).allowed).toBe(
        true,
      )
    }
  })

  it('true is not 1 in set operators', () => {
    const list = Array.from({ length: 300 }, (_, index) => (index === 1 ? true : `v${index}`))
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], { when: { hasIntersection: [{ ref: 'R.attr.tags' }, list] } }),
      ]),
    ])
    const tags = [1, ...Array.from({ length: 10 }, (_, index) => `x${index}`)]
    expect(decideFor(authz, user('a', ['user']), resource('doc', { tags }), 'read').allowed).toBe(
      false,
    )
  })

  it('inherited attributes are not read', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], { when: { eq: [{ ref: 'R.attr.meta.isPublic' }, true] } }),
      ]),
    ])
    const meta = Object.create({ isPublic: true }) as Record<string, unknown>
    const decision = decideFor(authz, user('a', ['user']), resource('doc', { meta }), 'read')
    expect(decision.allowed).toBe(false)
  })

  it('__proto__ key is data', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], {
          when: { eq: [{ ref: ['R', 'attr', '__proto__', 'isPublic'] }, true] },
        }),
        {
          actions: ['edit'],
          effect: 'allow',
          roles: ['user'],
          when: { has: [{ ref: 'R.attr.isPublic' }] },
        },
      ]),
    ])
    const attr = JSON.parse('{"__proto__": {"isPublic": true}}') as Record<string, unknown>
    expect(decideFor(authz, user('a', ['user']), resource('doc', attr), 'read').allowed).toBe(true)
    expect(decideFor(authz, user('a', ['user']), resource('doc', attr), 'edit').allowed).toBe(false)
    expect(({} as Record<string, unknown>)['isPublic']).toBeUndefined()
  })

  it('polluted Object.prototype is not read', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], { when: { eq: [{ ref: 'R.attr.isAdmin' }, true] } }),
        {
          actions: ['edit'],
          effect: 'allow',
          roles: ['user'],
          when: { has: [{ ref: 'P.attr.isAdmin' }] },
        },
        {
          actions: ['list'],
          effect: 'allow',
          roles: ['user'],
          when: { eq: [{ size: [{ ref: 'R.attr' }] }, 1] },
        },
      ]),
    ])
    const prototype = Object.prototype as Record<string, unknown>
    prototype['isAdmin'] = true
    try {
      for (const action of ['read', 'edit', 'list']) {
        const decision = authz.check({
          principal: { id: 'a', roles: ['user'] },
          resource: { kind: 'doc', id: 'd' },
          action,
        })
        expect(decision.allowed).toBe(false)
      }
    } finally {
      delete prototype['isAdmin']
    }
  })
})

describe('action and role matching', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { actions: ['view:*'], effect: 'allow', roles: ['user'] },
      { actions: ['*'], effect: 'allow', roles: ['admin'] },
      { actions: ['ping'], effect: 'allow', roles: ['*'] },
    ]),
  ])

  it('view:* matches exactly one more segment', () => {
    const expected: Record<string, boolean> = {
      'view:a': true,
      'view:': true,
      view: false,
      'view:a:b': false,
      viewer: false,
      ':view': false,
      'view*': false,
    }
    for (const [action, allowed] of Object.entries(expected)) {
      expect(decideFor(authz, user('a', ['user']), resource('doc'), action).allowed, action).toBe(
        allowed,
      )
    }
  })

  it('* matches every action', () => {
    for (const action of ['a', 'a:b:c', ':', '__proto__', '\uD800']) {
      expect(decideFor(authz, user('a', ['admin']), resource('doc'), action).allowed).toBe(true)
    }
  })

  it('role * matches a principal with no roles', () => {
    expect(decideFor(authz, user('a', []), resource('doc'), 'ping').allowed).toBe(true)
  })

  it('role names are literal', () => {
    for (const roles of [['*'], ['admin '], ['Admin'], ['adm*']]) {
      expect(decideFor(authz, user('a', roles), resource('doc'), 'delete').allowed).toBe(false)
    }
  })
})

describe('role policy narrowing', () => {
  const support = {
    rolePolicy: {
      role: 'support-agent',
      parentRoles: ['user'],
      rules: [{ resource: 'doc', allowActions: ['read'] }],
    },
  }
  const documents = resourcePolicy('doc', [
    { name: 'user-rw', actions: ['read', 'edit'], effect: 'allow', roles: ['user'] },
    { name: 'any-share', actions: ['share'], effect: 'allow', roles: ['*'] },
  ])
  const authz = authorizerFor([support, documents])

  it('drops a parent grant the role does not list', () => {
    const decision = decideFor(authz, user('bot', ['support-agent']), resource('doc'), 'edit')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'NARROWED_BY_ROLE'])
    expect(decideFor(authz, user('bot', ['support-agent']), resource('doc'), 'read').allowed).toBe(
      true,
    )
  })

  it('drops a * grant reached only through the role', () => {
    const decision = decideFor(authz, user('bot', ['support-agent']), resource('doc'), 'share')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'NARROWED_BY_ROLE'])
  })

  it('never narrows a directly held parent role', () => {
    const decision = decideFor(
      authz,
      user('bot', ['support-agent', 'user']),
      resource('doc'),
      'edit',
    )
    expect(decision.allowed).toBe(true)
  })

  it('never narrows a deny', () => {
    const narrowed = authorizerFor([
      support,
      resourcePolicy('doc', [allowRead(['user']), denyRead(['user'], { name: 'user-deny' })]),
    ])
    const decision = decideFor(narrowed, user('bot', ['support-agent']), resource('doc'), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
  })

  it('rule naming the custom role is not narrowed', () => {
    // support-agent is a role of the principal itself, so only grants through its parent
    // roles are narrowed.
    const direct = authorizerFor([
      support,
      resourcePolicy('doc', [{ actions: ['edit'], effect: 'allow', roles: ['support-agent'] }]),
    ])
    const decision = decideFor(direct, user('bot', ['support-agent']), resource('doc'), 'edit')
    expect(decision.reasons).toEqual([])
    expect(decision.allowed).toBe(true)
  })
})

describe('principal mutated during a check', () => {
  it('roles removed by an attribute getter keep the deny', () => {
    const authz = authorizerFor([
      resourcePolicy('doc', [
        allowRead(['user'], { name: 'a-allow', when: { ref: 'P.attr.ready' } }),
        denyRead(['banned'], { name: 'b-deny' }),
      ]),
    ])
    const roles = ['user', 'banned']
    const attr = {
      // Runs while the allow rule is evaluated, before the deny rule is matched.
      get ready(): boolean {
        roles.splice(1, 1)
        return true
      },
    }
    const decision = authz.check({
      principal: { id: 'eve', roles, attr },
      resource: resource('doc'),
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
  })
})

describe('rule order', () => {
  const rules = [
    { name: 'allow-user', actions: ['read', 'edit'], effect: 'allow', roles: ['user'] },
    {
      name: 'allow-owner',
      actions: ['edit'],
      effect: 'allow',
      roles: ['user'],
      when: { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
      output: { whenMatched: 'owner' },
    },
    {
      name: 'deny-locked',
      actions: ['*'],
      effect: 'deny',
      roles: ['*'],
      when: { eq: [{ ref: 'R.attr.locked' }, true] },
      output: { whenMatched: 'locked', whenConditionFalse: 'open' },
    },
    {
      name: 'deny-missing',
      actions: ['edit'],
      effect: 'deny',
      roles: ['user'],
      when: { eq: [{ ref: 'R.attr.missing' }, 1] },
    },
    { name: 'allow-admin', actions: ['*'], effect: 'allow', roles: ['admin'] },
  ]

  it('shuffled rules give the same decision', () => {
    const reference = authorizerFor([resourcePolicy('doc', rules)])
    const requests = [
      { roles: ['user'], attr: { owner: 'alice', locked: false }, action: 'edit' },
      { roles: ['admin'], attr: { locked: true }, action: 'read' },
      { roles: ['user', 'admin'], attr: { locked: false }, action: 'read' },
      { roles: ['admin'], attr: { locked: 'yes' }, action: 'delete' },
    ]
    fc.assert(
      fc.property(fc.shuffledSubarray(rules, { minLength: rules.length }), (shuffled) => {
        const authz = authorizerFor([resourcePolicy('doc', shuffled)])
        for (const request of requests) {
          const principal = user('alice', request.roles)
          const target = resource('doc', request.attr)
          const expected = decideFor(reference, principal, target, request.action)
          const actual = decideFor(authz, principal, target, request.action)
          expect(actual.allowed).toBe(expected.allowed)
          expect(actual.reasons).toEqual(expected.reasons)
          expect(actual.evaluations.map((evaluation) => evaluation.rule)).toEqual(
            expected.evaluations.map((evaluation) => evaluation.rule),
          )
          expect(actual.outputs).toEqual(expected.outputs)
          expect(new Set(actual.errors.map((error) => error.rule))).toEqual(
            new Set(expected.errors.map((error) => error.rule)),
          )
        }
      }),
      propertyParameters(50),
    )
  })
})
