import { describe, expect, it } from 'vitest'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from './helpers.js'

const alice = user('alice', ['user'], { level: 3 })

const chain = [
  resourcePolicy('doc', [
    { name: 'root-read', actions: ['read'], effect: 'allow', roles: ['user'] },
    { name: 'root-edit', actions: ['edit'], effect: 'allow', roles: ['user'] },
  ]),
  resourcePolicy(
    'doc',
    [{ name: 'acme-no-edit', actions: ['edit'], effect: 'deny', roles: ['user'] }],
    { scope: 'acme' },
  ),
  resourcePolicy(
    'doc',
    [{ name: 'eu-share', actions: ['share'], effect: 'allow', roles: ['user'] }],
    { scope: 'acme.eu' },
  ),
]

describe('scope walk', () => {
  const authz = authorizerFor(chain)

  it('walks leaf first and lets an ancestor decide', () => {
    const decision = decideFor(authz, alice, resource('doc', {}, { scope: 'acme.eu' }), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]).toMatchObject({
      policy: 'resource.doc.vdefault',
      rule: 'root-read',
      scope: '',
    })
  })

  it('the first scope that decides wins', () => {
    const edit = decideFor(authz, alice, resource('doc', {}, { scope: 'acme.eu' }), 'edit')
    expect(edit.allowed).toBe(false)
    expect(edit.evaluations[0]).toMatchObject({
      policy: 'resource.doc.vdefault/acme',
      scope: 'acme',
    })

    const share = decideFor(authz, alice, resource('doc', {}, { scope: 'acme.eu' }), 'share')
    expect(share.evaluations[0]).toMatchObject({ rule: 'eu-share', scope: 'acme.eu' })
  })

  it('a missing leaf scope denies under strict search', () => {
    const decision = decideFor(authz, alice, resource('doc', {}, { scope: 'acme.eu.fr' }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('a missing leaf scope falls back to the nearest ancestor under lenient search', () => {
    const lenient = authorizerFor(chain, { lenientScopeSearch: true })
    const decision = decideFor(lenient, alice, resource('doc', {}, { scope: 'acme.eu.fr' }), 'read')
    expect(decision.allowed).toBe(true)
    const edit = decideFor(lenient, alice, resource('doc', {}, { scope: 'acme.eu.fr' }), 'edit')
    expect(edit.allowed).toBe(false)
  })

  it('an unknown version denies with NO_MATCH', () => {
    const decision = decideFor(authz, alice, resource('doc', {}, { policyVersion: 'v2' }), 'read')
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('"." is the root scope', () => {
    expect(decideFor(authz, alice, resource('doc', {}, { scope: '.' }), 'read').allowed).toBe(true)
  })
})

describe('requireParentalConsentForAllows', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [
      { name: 'root-read', actions: ['read', 'edit'], effect: 'allow', roles: ['user'] },
    ]),
    resourcePolicy(
      'doc',
      [
        {
          name: 'consent-read',
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { gt: [{ ref: 'P.attr.level' }, 2] },
        },
        { name: 'consent-print', actions: ['print'], effect: 'allow', roles: ['user'] },
      ],
      { scope: 'acme', scopePermissions: 'requireParentalConsentForAllows' },
    ),
  ])

  it('an allow in the scope needs a parent allow, which then decides', () => {
    const decision = decideFor(authz, alice, resource('doc', {}, { scope: 'acme' }), 'read')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]).toMatchObject({ rule: 'root-read', scope: '' })
  })

  it('an allow without a parent allow decides nothing', () => {
    const decision = decideFor(authz, alice, resource('doc', {}, { scope: 'acme' }), 'print')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('a false condition on a consent allow denies even though the parent allows', () => {
    const junior = user('jr', ['user'], { level: 1 })
    const decision = decideFor(authz, junior, resource('doc', {}, { scope: 'acme' }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations[0]).toMatchObject({ rule: 'consent-read', scope: 'acme' })
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
  })

  it('an erroring condition on a consent allow denies', () => {
    const noLevel = user('x', ['user'])
    const decision = decideFor(authz, noLevel, resource('doc', {}, { scope: 'acme' }), 'read')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
  })

  it('actions the scope has no rule for fall through to the parent', () => {
    expect(decideFor(authz, alice, resource('doc', {}, { scope: 'acme' }), 'edit').allowed).toBe(
      true,
    )
  })
})

describe('principal policies', () => {
  const authz = authorizerFor([
    resourcePolicy('doc', [{ name: 'all', actions: ['*'], effect: 'allow', roles: ['user'] }]),
    {
      principalPolicy: {
        principal: 'mallory',
        rules: [
          {
            resource: 'doc',
            actions: [
              { action: 'delete', effect: 'deny', name: 'no-delete' },
              { action: 'archive', effect: 'allow', when: { eq: [{ ref: 'R.attr.old' }, true] } },
            ],
          },
          { resource: '*', actions: [{ action: 'audit', effect: 'allow' }] },
        ],
      },
    },
  ])
  const mallory = user('mallory', ['user'])

  it('a principal policy deny beats a resource policy allow', () => {
    const decision = decideFor(authz, mallory, resource('doc'), 'delete')
    expect(decision.allowed).toBe(false)
    expect(decision.evaluations[0]).toMatchObject({
      policy: 'principal.mallory.vdefault',
      rule: 'no-delete',
    })
  })

  it('no match in the principal policy falls through to resource policies', () => {
    const decision = decideFor(authz, mallory, resource('doc', { old: false }), 'archive')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]?.policy).toBe('resource.doc.vdefault')
  })

  it('a principal policy allow is final and names its default rule', () => {
    const decision = decideFor(authz, mallory, resource('invoice'), 'audit')
    expect(decision.allowed).toBe(true)
    expect(decision.evaluations[0]).toMatchObject({
      policy: 'principal.mallory.vdefault',
      rule: '*_rule-001',
    })
  })

  it('applies to its principal only', () => {
    expect(decideFor(authz, user('bob', ['user']), resource('doc'), 'delete').allowed).toBe(true)
  })
})
