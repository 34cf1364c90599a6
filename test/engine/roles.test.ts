import { describe, expect, it } from 'vitest'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from './helpers.js'

const ownership = {
  derivedRoles: {
    name: 'ownership',
    definitions: [
      {
        name: 'owner',
        parentRoles: ['user'],
        when: { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
      },
    ],
  },
}
const teams = {
  derivedRoles: {
    name: 'teams',
    definitions: [
      {
        name: 'teammate',
        parentRoles: ['*'],
        when: { eq: [{ ref: 'R.attr.team' }, { ref: 'P.attr.team' }] },
      },
    ],
  },
}

describe('derived roles', () => {
  const authz = authorizerFor([
    ownership,
    teams,
    resourcePolicy(
      'doc',
      [
        { name: 'owner-edit', actions: ['edit'], effect: 'allow', derivedRoles: ['owner'] },
        { name: 'team-read', actions: ['read'], effect: 'allow', derivedRoles: ['teammate'] },
        {
          name: 'either-comment',
          actions: ['comment'],
          effect: 'allow',
          roles: ['reviewer'],
          derivedRoles: ['owner'],
        },
      ],
      { importDerivedRoles: ['ownership', 'teams'] },
    ),
  ])

  it('several imported sets all apply', () => {
    const alice = user('alice', ['user'], { team: 'red' })
    expect(
      decideFor(authz, alice, resource('doc', { owner: 'alice', team: 'blue' }), 'edit').allowed,
    ).toBe(true)
    expect(
      decideFor(authz, alice, resource('doc', { owner: 'bob', team: 'red' }), 'read').allowed,
    ).toBe(true)
    expect(
      decideFor(authz, alice, resource('doc', { owner: 'bob', team: 'blue' }), 'edit').allowed,
    ).toBe(false)
  })

  it('a derived role needs one of its parent roles', () => {
    const guest = user('alice', ['guest'])
    expect(decideFor(authz, guest, resource('doc', { owner: 'alice' }), 'edit').allowed).toBe(false)
  })

  it('a derived role whose condition errors makes its rules error', () => {
    const alice = user('alice', ['user'])
    const decision = decideFor(authz, alice, resource('doc', {}), 'edit')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'CONDITION_ERROR'])
    expect(decision.errors[0]).toMatchObject({ policy: 'derived_roles.ownership', rule: 'owner' })
  })

  it('a plain role absorbs an erroring derived role on the same rule', () => {
    const reviewer = user('rita', ['reviewer', 'user'])
    expect(decideFor(authz, reviewer, resource('doc', {}), 'comment').allowed).toBe(true)
  })
})

describe('role policies', () => {
  const authz = authorizerFor([
    resourcePolicy('ticket', [
      { name: 'user-all', actions: ['read', 'comment', 'close'], effect: 'allow', roles: ['user'] },
      { name: 'any-list', actions: ['list'], effect: 'allow', roles: ['*'] },
      { name: 'no-purge', actions: ['purge'], effect: 'deny', roles: ['user'] },
    ]),
    {
      rolePolicy: {
        role: 'support-agent',
        parentRoles: ['user'],
        rules: [
          { resource: 'ticket', allowActions: ['read', 'comment'] },
          {
            resource: 'ticket',
            allowActions: ['close'],
            when: { eq: [{ ref: 'R.attr.priority' }, 'low'] },
          },
        ],
      },
    },
  ])
  const agent = user('bot', ['support-agent'])

  it('keeps the listed pairs of what the parent roles grant', () => {
    expect(decideFor(authz, agent, resource('ticket'), 'read').allowed).toBe(true)
    expect(decideFor(authz, agent, resource('ticket'), 'comment').allowed).toBe(true)
  })

  it('drops unlisted grants with NARROWED_BY_ROLE', () => {
    const decision = decideFor(authz, agent, resource('ticket'), 'list')
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH', 'NARROWED_BY_ROLE'])
  })

  it('applies the listed condition', () => {
    expect(decideFor(authz, agent, resource('ticket', { priority: 'low' }), 'close').allowed).toBe(
      true,
    )
    expect(decideFor(authz, agent, resource('ticket', { priority: 'high' }), 'close').allowed).toBe(
      false,
    )
  })

  it('never narrows a role held directly', () => {
    const both = user('sam', ['support-agent', 'user'])
    expect(decideFor(authz, both, resource('ticket'), 'list').allowed).toBe(true)
    expect(decideFor(authz, both, resource('ticket', { priority: 'high' }), 'close').allowed).toBe(
      true,
    )
  })

  it('never narrows a deny away', () => {
    const decision = decideFor(authz, agent, resource('ticket'), 'purge')
    expect(decision.reasons).toEqual(['DENIED_BY_RULE'])
  })

  it('never grants by itself', () => {
    const lonely = authorizerFor([
      resourcePolicy('ticket', [{ actions: ['read'], effect: 'allow', roles: ['admin'] }]),
      {
        rolePolicy: {
          role: 'reader',
          parentRoles: ['user'],
          rules: [{ resource: 'ticket', allowActions: ['read'] }],
        },
      },
    ])
    expect(decideFor(lonely, user('r', ['reader']), resource('ticket'), 'read').allowed).toBe(false)
  })
})
