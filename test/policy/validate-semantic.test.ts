import { describe, expect, it } from 'vitest'
import type { PolicyIssue } from '../../src/errors.js'
import { validatePolicies } from '../../src/policy/validate.js'
import { fixtureJson } from './fixtures.js'

const POLICY = 'ERR_POLICY_INVALID'
const CONDITION = 'ERR_CONDITION_INVALID'

const resourcePolicy = (body: object) => ({
  resourcePolicy: { resource: 'document', rules: [], ...body },
})
const rule = (extra: object) => ({ actions: ['read'], effect: 'allow', roles: ['user'], ...extra })
const derivedRoles = (name: string, ...roles: string[]) => ({
  derivedRoles: { name, definitions: roles.map((role) => ({ name: role, parentRoles: ['user'] })) },
})
const ref = (path: string) => ({ ref: path })

function errorsOf(json: unknown): readonly PolicyIssue[] {
  const result = validatePolicies(json)
  return result.ok ? [] : result.errors
}

function issue(code: string, path: string, message: string) {
  return { code, path, message }
}

describe('validatePolicies set checks', () => {
  it('accepts the fixture set', () => {
    expect(validatePolicies(fixtureJson)).toStrictEqual({ ok: true, policies: fixtureJson })
  })

  it('accepts the documented format examples', () => {
    const examples = [
      {
        resourcePolicy: {
          resource: 'document',
          version: 'default',
          scope: 'acme',
          scopePermissions: 'overrideParent',
          importDerivedRoles: ['common'],
          variables: {
            import: ['shared'],
            local: { isOwner: { eq: [{ ref: 'R.attr.ownerId' }, { ref: 'P.id' }] } },
          },
          constants: { local: { maxSize: 1048576 } },
          schemas: { resource: { type: 'object', required: ['ownerId'] }, enforcement: 'reject' },
          rules: [
            {
              name: 'read-published',
              actions: ['read'],
              effect: 'allow',
              roles: ['user'],
              when: { or: [{ eq: [{ ref: 'R.attr.status' }, 'published'] }, { ref: 'V.isOwner' }] },
              output: { whenMatched: { ref: 'P.id' } },
            },
          ],
        },
      },
      {
        derivedRoles: {
          name: 'common',
          definitions: [{ name: 'owner', parentRoles: ['user'], when: { ref: 'V.isOwner' } }],
          variables: { local: { isOwner: { eq: [{ ref: 'R.attr.ownerId' }, { ref: 'P.id' }] } } },
        },
      },
      {
        principalPolicy: {
          principal: 'spiffe://acme.test/ns/ops/sa/backup',
          version: 'default',
          rules: [{ resource: '*', actions: [{ action: 'read', effect: 'allow' }] }],
        },
      },
      {
        rolePolicy: {
          role: 'support-agent',
          parentRoles: ['user'],
          rules: [{ resource: 'ticket', allowActions: ['read', 'comment'] }],
        },
      },
      {
        exportVariables: {
          name: 'shared',
          definitions: { isPublic: { eq: [{ ref: 'R.attr.visibility' }, 'public'] } },
        },
      },
      { exportConstants: { name: 'limits', definitions: { maxChain: 3 } } },
    ] as unknown[]
    const root = resourcePolicy({ rules: [rule({})] })
    expect(validatePolicies([...examples, root]).ok).toBe(true)
  })

  it('accepts one document', () => {
    const document = resourcePolicy({ rules: [rule({})] })
    expect(validatePolicies(document)).toStrictEqual({ ok: true, policies: [document] })
  })

  it('rejects a rule without roles', () => {
    const json = resourcePolicy({ rules: [rule({ roles: [] })] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/0',
        'rule has neither roles nor derivedRoles: list roles ["*"] to match every principal',
      ),
    ])
  })

  it('rejects glob characters in role names', () => {
    const json = resourcePolicy({ rules: [rule({ roles: ['*', 'admin*'] })] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/0/roles/1',
        'role "admin*" contains glob characters: role names are literal, and only a lone "*" matches every role',
      ),
    ])
  })

  it('rejects glob parent roles of derived roles', () => {
    const json = {
      derivedRoles: { name: 'd', definitions: [{ name: 'x', parentRoles: ['*', 'a?'] }] },
    }
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/derivedRoles/definitions/0/parentRoles/1',
        'role "a?" contains glob characters: role names are literal, and only a lone "*" matches every role',
      ),
    ])
  })

  it('rejects glob parent roles of role policies', () => {
    const json = { rolePolicy: { role: 'agent', parentRoles: ['*'], rules: [] } }
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/rolePolicy/parentRoles/0',
        'parent role "*" contains glob characters: a role policy must name its parent roles literally',
      ),
    ])
  })

  it('rejects duplicate rule names', () => {
    const json = resourcePolicy({ rules: [rule({ name: 'a' }), rule({ name: 'a' })] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/1/name',
        'duplicate rule name "a": also used at rules/0',
      ),
    ])
  })

  it('rejects a name that collides with a default name', () => {
    const json = resourcePolicy({ rules: [rule({ name: 'rule-002' }), rule({})] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/1',
        'duplicate rule name "rule-002" (the default name of this rule): also used at rules/0',
      ),
    ])
  })

  it('rejects a name that takes a later default name', () => {
    const json = resourcePolicy({ rules: [rule({}), rule({ name: 'rule-001' })] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/1/name',
        'duplicate rule name "rule-001": also used at rules/0 as its default name',
      ),
    ])
  })

  it('rejects duplicate principal rule names', () => {
    const json = {
      principalPolicy: {
        principal: 'alice',
        rules: [
          {
            resource: 'doc',
            actions: [
              { action: 'a', effect: 'allow' },
              { action: 'b', effect: 'allow', name: 'doc_rule-001' },
            ],
          },
        ],
      },
    }
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/principalPolicy/rules/0/actions/1/name',
        'duplicate rule name "doc_rule-001": also used at rules/0/actions/0 as its default name',
      ),
    ])
  })

  it('rejects duplicate resources in a principal policy', () => {
    const entry = { resource: 'doc', actions: [{ action: 'a', effect: 'allow', name: 'n1' }] }
    const second = { resource: 'doc', actions: [{ action: 'b', effect: 'allow', name: 'n2' }] }
    const json = { principalPolicy: { principal: 'alice', rules: [entry, second] } }
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/principalPolicy/rules/1/resource',
        'duplicate resource "doc": also listed by the rule at index 0, merge their actions',
      ),
    ])
  })

  it('rejects unknown derived roles', () => {
    const json = [
      resourcePolicy({
        importDerivedRoles: ['common'],
        rules: [rule({ derivedRoles: ['owner', 'ghost'] })],
      }),
      derivedRoles('common', 'owner'),
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/0/resourcePolicy/rules/0/derivedRoles/1',
        'unknown derived role "ghost": not defined in the imported derived roles "common"',
      ),
    ])
  })

  it('rejects derived roles without imports', () => {
    const json = resourcePolicy({ rules: [rule({ roles: [], derivedRoles: ['owner'] })] })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/rules/0/derivedRoles/0',
        'unknown derived role "owner": the policy imports no derived roles',
      ),
    ])
  })

  it('rejects ambiguous derived roles', () => {
    const json = [
      resourcePolicy({ importDerivedRoles: ['a', 'b'], rules: [rule({})] }),
      derivedRoles('a', 'owner'),
      derivedRoles('b', 'owner'),
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/0/resourcePolicy/importDerivedRoles/1',
        'ambiguous derived role "owner": defined in imported derived roles "a" and "b"',
      ),
    ])
  })

  it('rejects missing imports', () => {
    const json = resourcePolicy({
      importDerivedRoles: ['roles'],
      variables: { import: ['vars'] },
      constants: { import: ['consts'] },
      rules: [rule({ derivedRoles: ['owner'], when: { eq: [ref('V.x'), ref('C.y')] } })],
    })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/resourcePolicy/importDerivedRoles/0',
        'imported derived roles "roles" not found',
      ),
      issue(POLICY, '/resourcePolicy/variables/import/0', 'imported variables "vars" not found'),
      issue(POLICY, '/resourcePolicy/constants/import/0', 'imported constants "consts" not found'),
    ])
  })

  it('rejects duplicate derived role definitions', () => {
    expect(errorsOf(derivedRoles('common', 'owner', 'owner'))).toStrictEqual([
      issue(
        POLICY,
        '/derivedRoles/definitions/1/name',
        'duplicate derived role "owner": also defined at index 0 of "common"',
      ),
    ])
  })

  it('rejects documents with the same identity', () => {
    const json = [
      resourcePolicy({ version: 'default', scope: '' }),
      resourcePolicy({}),
      derivedRoles('common', 'a'),
      derivedRoles('common', 'b'),
      { exportVariables: { name: 'v', definitions: {} } },
      { exportVariables: { name: 'v', definitions: {} } },
      { rolePolicy: { role: 'r', parentRoles: ['u'], rules: [] } },
      { rolePolicy: { role: 'r', parentRoles: ['u'], version: 'default', rules: [] } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/1/resourcePolicy',
        'duplicate policy "resource.document.vdefault": also defined by the document at /0',
      ),
      issue(
        POLICY,
        '/3/derivedRoles',
        'duplicate policy "derived_roles.common": also defined by the document at /2',
      ),
      issue(
        POLICY,
        '/5/exportVariables',
        'duplicate policy "export_variables.v": also defined by the document at /4',
      ),
      issue(
        POLICY,
        '/7/rolePolicy',
        'duplicate policy "role.r.vdefault": also defined by the document at /6',
      ),
    ])
  })

  it('accepts documents that differ by version or scope', () => {
    const json = [
      resourcePolicy({}),
      resourcePolicy({ version: 'v2' }),
      resourcePolicy({ scope: 'acme' }),
    ]
    expect(errorsOf(json)).toStrictEqual([])
  })

  it('rejects undefined variables everywhere', () => {
    const json = [
      resourcePolicy({
        variables: { local: { a: ref('V.missing1') } },
        rules: [rule({ when: ref('V.missing2'), output: { whenMatched: ref('V.missing3') } })],
      }),
      {
        derivedRoles: {
          name: 'd',
          definitions: [{ name: 'x', parentRoles: ['u'], when: ref('V.missing4') }],
        },
      },
      {
        rolePolicy: {
          role: 'r',
          parentRoles: ['u'],
          rules: [{ resource: 'doc', allowActions: ['a'], when: ref('V.missing5') }],
        },
      },
      {
        principalPolicy: {
          principal: 'p',
          rules: [
            {
              resource: 'doc',
              actions: [{ action: 'a', effect: 'allow', when: ref('V.missing6') }],
            },
          ],
        },
      },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(CONDITION, '/0/resourcePolicy/rules/0/when/ref', 'undefined variable "missing2"'),
      issue(
        CONDITION,
        '/0/resourcePolicy/rules/0/output/whenMatched/ref',
        'undefined variable "missing3"',
      ),
      issue(CONDITION, '/0/resourcePolicy/variables/local/a/ref', 'undefined variable "missing1"'),
      issue(CONDITION, '/1/derivedRoles/definitions/0/when/ref', 'undefined variable "missing4"'),
      issue(CONDITION, '/2/rolePolicy/rules/0/when/ref', 'undefined variable "missing5"'),
      issue(
        CONDITION,
        '/3/principalPolicy/rules/0/actions/0/when/ref',
        'undefined variable "missing6"',
      ),
    ])
  })

  it('resolves variables from imports', () => {
    const json = [
      resourcePolicy({ variables: { import: ['shared'] }, rules: [rule({ when: ref('V.a') })] }),
      { exportVariables: { name: 'shared', definitions: { a: ref('V.b'), b: true } } },
    ]
    expect(errorsOf(json)).toStrictEqual([])
  })

  it('rejects undefined variables inside imported definitions', () => {
    const json = [
      resourcePolicy({ variables: { import: ['shared'] } }),
      { exportVariables: { name: 'shared', definitions: { a: ref('V.b') } } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        CONDITION,
        '/1/exportVariables/definitions/a/ref',
        'undefined variable "b" in the context of "resource.document.vdefault", which imports it',
      ),
    ])
  })

  it('checks exported variables that nothing imports', () => {
    const json = {
      exportVariables: { name: 'shared', definitions: { a: ref('V.b'), c: ref('C.any') } },
    }
    expect(errorsOf(json)).toStrictEqual([
      issue(CONDITION, '/exportVariables/definitions/a/ref', 'undefined variable "b"'),
    ])
  })

  it('reads variable names as data', () => {
    const json = JSON.parse(
      '{"resourcePolicy":{"resource":"d","variables":{"local":{"__proto__":true}},"rules":[{"actions":["a"],"effect":"allow","roles":["u"],"when":{"and":[{"ref":"V.__proto__"},{"ref":"V.constructor"}]}}]}}',
    ) as unknown
    expect(errorsOf(json)).toStrictEqual([
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/1/ref',
        'undefined variable "constructor"',
      ),
    ])
  })

  it('rejects undefined constants', () => {
    const json = [
      resourcePolicy({
        constants: { import: ['limits'], local: { a: 1 } },
        rules: [
          rule({ when: { eq: [ref('C.a'), ref('C.b')] } }),
          rule({ when: { eq: [ref('C.max'), 1] } }),
        ],
      }),
      { exportConstants: { name: 'limits', definitions: { max: 3 } } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(CONDITION, '/0/resourcePolicy/rules/0/when/eq/1/ref', 'undefined constant "b"'),
    ])
  })

  it('rejects variable cycles', () => {
    const json = resourcePolicy({
      variables: { local: { y: ref('V.x'), x: { not: [ref('V.y')] }, self: ref('V.self') } },
    })
    expect(errorsOf(json)).toStrictEqual([
      issue(CONDITION, '/resourcePolicy/variables/local/x', 'variable cycle: "x" -> "y" -> "x"'),
      issue(CONDITION, '/resourcePolicy/variables/local/self', 'variable cycle: "self" -> "self"'),
    ])
  })

  it('rejects variable cycles through imports', () => {
    const json = [
      resourcePolicy({ variables: { import: ['shared'], local: { a: ref('V.b') } } }),
      { exportVariables: { name: 'shared', definitions: { b: ref('V.a') } } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(CONDITION, '/0/resourcePolicy/variables/local/a', 'variable cycle: "a" -> "b" -> "a"'),
    ])
  })

  it('rejects redefined variables and constants', () => {
    const json = [
      resourcePolicy({
        variables: { import: ['v1', 'v2'], local: { a: true } },
        constants: { import: ['c1', 'c2'], local: { k: 1 } },
      }),
      { exportVariables: { name: 'v1', definitions: { a: true, b: true } } },
      { exportVariables: { name: 'v2', definitions: { b: false } } },
      { exportConstants: { name: 'c1', definitions: { k: 2, m: 3 } } },
      { exportConstants: { name: 'c2', definitions: { m: 4 } } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/0/resourcePolicy/variables/import/1',
        'variable "b" is defined in both imported variables "v1" and "v2"',
      ),
      issue(
        POLICY,
        '/0/resourcePolicy/variables/local/a',
        'variable "a" is defined locally and in imported variables "v1"',
      ),
      issue(
        POLICY,
        '/0/resourcePolicy/constants/import/1',
        'constant "m" is defined in both imported constants "c1" and "c2"',
      ),
      issue(
        POLICY,
        '/0/resourcePolicy/constants/local/k',
        'constant "k" is defined locally and in imported constants "c1"',
      ),
    ])
  })

  it('rejects missing parent scopes', () => {
    const json = [
      resourcePolicy({ scope: 'acme.eu.fr' }),
      resourcePolicy({ scope: 'acme' }),
      { principalPolicy: { principal: 'alice', scope: 'acme', rules: [] } },
      resourcePolicy({ scope: 'acme', version: 'v2' }),
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        POLICY,
        '/0/resourcePolicy/scope',
        'missing parent policy "resource.document.vdefault/acme.eu": "resource.document.vdefault/acme.eu.fr" needs a policy at every ancestor scope',
      ),
      issue(
        POLICY,
        '/0/resourcePolicy/scope',
        'missing parent policy "resource.document.vdefault": "resource.document.vdefault/acme.eu.fr" needs a policy at every ancestor scope',
      ),
      issue(
        POLICY,
        '/1/resourcePolicy/scope',
        'missing parent policy "resource.document.vdefault": "resource.document.vdefault/acme" needs a policy at every ancestor scope',
      ),
      issue(
        POLICY,
        '/2/principalPolicy/scope',
        'missing parent policy "principal.alice.vdefault": "principal.alice.vdefault/acme" needs a policy at every ancestor scope',
      ),
      issue(
        POLICY,
        '/3/resourcePolicy/scope',
        'missing parent policy "resource.document.vv2": "resource.document.vv2/acme" needs a policy at every ancestor scope',
      ),
    ])
  })

  it('rejects parent role cycles', () => {
    const json = [
      { rolePolicy: { role: 'b', parentRoles: ['user', 'a'], rules: [] } },
      { rolePolicy: { role: 'a', parentRoles: ['b'], rules: [] } },
      { rolePolicy: { role: 'self', parentRoles: ['self'], rules: [] } },
      { rolePolicy: { role: 'a', version: 'v2', parentRoles: ['user'], rules: [] } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(POLICY, '/1/rolePolicy/parentRoles/0', 'parent role cycle: "a" -> "b" -> "a"'),
      issue(POLICY, '/2/rolePolicy/parentRoles/0', 'parent role cycle: "self" -> "self"'),
    ])
  })

  it('rejects unsafe and non-literal patterns', () => {
    const json = resourcePolicy({
      rules: [
        rule({
          when: {
            and: [
              { matches: [ref('R.id'), '(a+)+$'] },
              { matches: [ref('R.id'), ref('R.attr.pattern')] },
              { matches: [ref('R.id'), '(ab'] },
              { matches: [ref('R.id'), '[z-a]'] },
              { matches: [ref('R.id'), '^[a-z]+$'] },
            ],
          },
        }),
      ],
    })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/0/matches/1',
        'unsafe regex pattern "(a+)+$": nested quantifier at index 4: a repeated group contains a repeat',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/1/matches/1',
        'pattern of "matches" must be a string literal, found an object',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/2/matches/1',
        'unsafe regex pattern "(ab": unbalanced "(": missing ")"',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/3/matches/1',
        'invalid regex pattern "[z-a]": invalid character class range: `z-a`',
      ),
    ])
  })

  it('rejects integers outside the safe range', () => {
    const json = [
      resourcePolicy({
        rules: [
          rule({
            when: {
              and: [
                { eq: [ref('R.attr.n'), 2 ** 53] },
                { eq: [ref('R.attr.o'), { value: { n: -(2 ** 60) } }] },
                { lt: [ref('R.attr.f'), 1.5] },
              ],
            },
          }),
        ],
      }),
      { exportConstants: { name: 'c', definitions: { big: [1e300] } } },
    ]
    expect(errorsOf(json)).toStrictEqual([
      issue(
        CONDITION,
        '/0/resourcePolicy/rules/0/when/and/0/eq/1',
        'integer 9007199254740992 is outside the safe range: |n| must be below 2^53',
      ),
      issue(
        CONDITION,
        '/0/resourcePolicy/rules/0/when/and/1/eq/1/value/n',
        'integer -1152921504606847000 is outside the safe range: |n| must be below 2^53',
      ),
      issue(
        CONDITION,
        '/1/exportConstants/definitions/big/0',
        'integer 1e+300 is outside the safe range: |n| must be below 2^53',
      ),
    ])
  })

  it('rejects unknown ref roots and fields', () => {
    const json = resourcePolicy({
      rules: [
        rule({
          when: {
            and: [
              ref('Q.x'),
              ref('R.attrs.x'),
              ref('delegation.actor.name'),
              ref('now.day'),
              ref('V'),
              { exists: [ref('P.roles'), 'role', { eq: [ref('role'), ref('item')] }] },
              { all: [ref('P.roles'), 'R', true] },
            ],
          },
        }),
      ],
    })
    expect(errorsOf(json)).toStrictEqual([
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/0/ref',
        'unknown ref root "Q": expected P, R, V, C, delegation, now or a variable bound by exists or all',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/1/ref',
        'unknown field "attrs" of "R": expected one of "kind", "id", "attr", "policyVersion", "scope"',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/2/ref',
        'unknown field "name" of "delegation.actor": expected one of "id", "kind", "roles", "attr", "policyVersion", "scope"',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/3/ref',
        'ref "now.day": "now" has no fields',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/4/ref',
        'ref "V" must name a variable: V.<name>',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/5/exists/2/eq/1/ref',
        'unknown ref root "item": expected P, R, V, C, delegation, now or a variable bound by exists or all',
      ),
      issue(
        CONDITION,
        '/resourcePolicy/rules/0/when/and/6/all/1',
        'variable name "R" of "all" is already a ref root: choose another name',
      ),
    ])
  })

  it('reports every problem of a set', () => {
    const json = [
      resourcePolicy({
        importDerivedRoles: ['missing'],
        rules: [rule({ roles: [] }), rule({ when: ref('X.y') })],
      }),
      derivedRoles('common', 'a', 'a'),
    ]
    expect(errorsOf(json).map(({ path }) => path)).toStrictEqual([
      '/0/resourcePolicy/rules/0',
      '/0/resourcePolicy/importDerivedRoles/0',
      '/0/resourcePolicy/rules/1/when/ref',
      '/1/derivedRoles/definitions/1/name',
    ])
  })
})
