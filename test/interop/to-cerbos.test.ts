import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { Policy } from '../../src/policy/document.js'
import { toCerbos } from '../../src/interop/to-cerbos.js'
import { exported, rulesOf } from './helpers.js'

const DOCUMENT = 'resource_policies/document.vdefault.yaml'

const owners: Policy = {
  derivedRoles: {
    name: 'common',
    definitions: [
      {
        name: 'owner',
        parentRoles: ['user'],
        when: { eq: [{ ref: 'R.attr.ownerId' }, { ref: 'P.id' }] },
      },
    ],
  },
}

describe('toCerbos: resource policies', () => {
  it('writes names, versions, scopes and outputs', () => {
    const files = exported(
      [
        {
          resourcePolicy: {
            resource: 'document',
            rules: [
              {
                name: 'read-published',
                actions: ['read'],
                effect: 'allow',
                roles: ['user'],
                when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
                output: { whenMatched: { ref: 'P.id' }, whenConditionFalse: 'draft' },
              },
            ],
          },
        },
        {
          resourcePolicy: {
            resource: 'document',
            version: 'v2',
            scope: 'acme.eu',
            rules: [{ actions: ['edit'], effect: 'allow', roles: ['user'] }],
          },
        },
        {
          resourcePolicy: {
            resource: 'document',
            version: 'v2',
            scope: 'acme',
            rules: [{ actions: ['edit'], effect: 'allow', roles: ['user'] }],
          },
        },
        { resourcePolicy: { resource: 'document', version: 'v2', rules: [] } },
      ],
      // Strict scope search would add a guard to the default version, tested below.
      { lenientScopeSearch: true },
    )

    expect(files[DOCUMENT]).toEqual({
      apiVersion: 'api.cerbos.dev/v1',
      resourcePolicy: {
        resource: 'document',
        version: 'default',
        rules: [
          {
            name: 'read-published',
            actions: ['read'],
            effect: 'EFFECT_ALLOW',
            roles: ['user'],
            condition: { match: { expr: 'R.attr.status == "published"' } },
            output: { when: { ruleActivated: 'P.id', conditionNotMet: 'dyn("draft")' } },
          },
        ],
      },
    })
    const scoped = files['resource_policies/document.vv2.acme.eu.yaml'] as {
      resourcePolicy: object
    }
    expect(scoped.resourcePolicy).toMatchObject({ version: 'v2', scope: 'acme.eu' })
    expect(rulesOf(files, 'resource_policies/document.vv2.acme.eu.yaml')[0]).toMatchObject({
      name: 'rule-001',
    })
  })

  it('makes a deny override across roles', () => {
    const files = exported([
      owners,
      {
        resourcePolicy: {
          resource: 'document',
          importDerivedRoles: ['common'],
          rules: [
            { actions: ['*'], effect: 'allow', roles: ['admin'] },
            {
              name: 'no-delete',
              actions: ['delete'],
              effect: 'deny',
              roles: ['user', 'guest'],
              derivedRoles: ['owner'],
              when: { eq: [{ ref: 'R.attr.locked' }, true] },
            },
          ],
        },
      },
    ])

    expect(rulesOf(files, DOCUMENT).slice(1)).toEqual([
      {
        name: 'no-delete',
        actions: ['delete'],
        effect: 'EFFECT_DENY',
        roles: ['user', 'guest'],
        derivedRoles: ['owner'],
        condition: { match: { none: { of: [{ expr: '!(R.attr.locked == true)' }] } } },
      },
      {
        name: 'no-delete.all-roles',
        actions: ['delete'],
        effect: 'EFFECT_DENY',
        roles: ['*'],
        condition: {
          match: {
            all: {
              of: [
                {
                  expr: 'hasIntersection(P.roles, ["user", "guest"]) || hasIntersection(runtime.effectiveDerivedRoles, ["owner"])',
                },
                { none: { of: [{ expr: '!(R.attr.locked == true)' }] } },
              ],
            },
          },
        },
      },
    ])
  })

  it('writes a deny for role * once', () => {
    const files = exported([
      {
        resourcePolicy: {
          resource: 'document',
          rules: [{ actions: ['delete'], effect: 'deny', roles: ['*'] }],
        },
      },
    ])
    expect(rulesOf(files, DOCUMENT)).toEqual([
      { name: 'rule-001', actions: ['delete'], effect: 'EFFECT_DENY', roles: ['*'] },
    ])
  })

  it('turns consent-scope allows into the denies they imply', () => {
    const files = exported([
      {
        resourcePolicy: {
          resource: 'document',
          rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
        },
      },
      {
        resourcePolicy: {
          resource: 'document',
          scope: 'acme',
          scopePermissions: 'requireParentalConsentForAllows',
          rules: [
            {
              actions: ['read'],
              effect: 'allow',
              roles: ['user'],
              when: { ref: 'R.attr.shared' },
              output: { whenMatched: 'm', whenConditionFalse: 'f' },
            },
            { actions: ['edit'], effect: 'allow', roles: ['user'], output: { whenMatched: 'e' } },
            { actions: ['view'], effect: 'allow', roles: ['user'] },
          ],
        },
      },
    ])

    const document = files['resource_policies/document.vdefault.acme.yaml'] as {
      resourcePolicy: object
    }
    expect(document.resourcePolicy).not.toHaveProperty('scopePermissions')
    expect(rulesOf(files, 'resource_policies/document.vdefault.acme.yaml')).toEqual([
      {
        name: 'rule-001',
        actions: ['read'],
        effect: 'EFFECT_DENY',
        roles: ['user'],
        condition: { match: { none: { of: [{ expr: 'R.attr.shared' }] } } },
        output: { when: { ruleActivated: '"f"', conditionNotMet: 'dyn("m")' } },
      },
      {
        name: 'rule-001.all-roles',
        actions: ['read'],
        effect: 'EFFECT_DENY',
        roles: ['*'],
        condition: {
          match: {
            all: {
              of: [
                { expr: 'hasIntersection(P.roles, ["user"])' },
                { none: { of: [{ expr: 'R.attr.shared' }] } },
              ],
            },
          },
        },
      },
      {
        name: 'rule-002',
        actions: ['edit'],
        effect: 'EFFECT_DENY',
        roles: ['user'],
        condition: { match: { expr: '0 == 1' } },
        output: { when: { conditionNotMet: 'dyn("e")' } },
      },
    ])
  })

  it('drops action patterns another pattern covers', () => {
    const files = exported([
      {
        resourcePolicy: {
          resource: 'document',
          rules: [
            { actions: ['read', '*'], effect: 'allow', roles: ['a'] },
            { actions: ['share:link', 'share:*', 'view'], effect: 'allow', roles: ['b'] },
          ],
        },
      },
    ])
    expect(rulesOf(files, DOCUMENT).map((rule) => rule['actions'])).toEqual([
      ['*'],
      ['share:*', 'view'],
    ])
  })

  it('leaves out whenConditionFalse of a rule without a condition', () => {
    const files = exported([
      {
        resourcePolicy: {
          resource: 'document',
          rules: [
            {
              actions: ['read'],
              effect: 'allow',
              roles: ['a'],
              output: { whenMatched: 'm', whenConditionFalse: 'f' },
            },
          ],
        },
      },
    ])
    expect(rulesOf(files, DOCUMENT)[0]).toMatchObject({
      output: { when: { ruleActivated: '"m"' } },
    })
    expect(rulesOf(files, DOCUMENT)[0]).not.toHaveProperty('output.when.conditionNotMet')
  })
})

describe('toCerbos: strict scope search', () => {
  const policies: Policy[] = [
    {
      resourcePolicy: {
        resource: 'document',
        rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
      },
    },
    {
      resourcePolicy: {
        resource: 'folder',
        rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
      },
    },
    {
      resourcePolicy: {
        resource: 'folder',
        scope: 'acme',
        rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
      },
    },
    {
      principalPolicy: {
        principal: 'alice',
        rules: [{ resource: '*', actions: [{ action: 'read', effect: 'allow' }] }],
      },
    },
    {
      principalPolicy: {
        principal: 'bob',
        rules: [{ resource: '*', actions: [{ action: 'read', effect: 'allow' }] }],
      },
    },
    {
      principalPolicy: {
        principal: 'bob',
        scope: 'acme',
        rules: [{ resource: '*', actions: [{ action: 'read', effect: 'allow' }] }],
      },
    },
  ]

  it('denies scopes that only other kinds have', () => {
    const [guard] = rulesOf(exported(policies), DOCUMENT)
    expect(guard).toEqual({
      name: 'hopgate.strict-scope',
      actions: ['*'],
      effect: 'EFFECT_DENY',
      roles: ['*'],
      condition: { match: { none: { of: [{ expr: 'R.scope in [""]' }] } } },
    })
    expect(rulesOf(exported(policies), 'resource_policies/folder.vdefault.yaml')).toHaveLength(1)
  })

  it('limits principal rules to the scopes the principal has', () => {
    const files = exported(policies)
    const alice = files['principal_policies/alice.vdefault.yaml'] as {
      principalPolicy: { rules: { actions: object[] }[] }
    }
    expect(alice.principalPolicy.rules[0]?.actions[0]).toEqual({
      action: 'read',
      effect: 'EFFECT_ALLOW',
      condition: { match: { expr: 'P.scope in [""]' } },
    })
  })

  it('adds no guard for lenient scope search', () => {
    const result = toCerbos(policies, { lenientScopeSearch: true })
    const document = result.files.find((file) => file.path === DOCUMENT)
    expect(document?.content).not.toContain('strict-scope')
    expect(result.pdpConfig.engine.lenientScopeSearch).toBe(true)
  })
})

describe('toCerbos: other documents', () => {
  it('writes derived roles, principal policies, variables and constants', () => {
    const files = exported([
      owners,
      {
        exportVariables: {
          name: 'shared',
          definitions: { isPublic: { eq: [{ ref: 'R.attr.visibility' }, 'public'] } },
        },
      },
      { exportConstants: { name: 'limits', definitions: { max: 3, names: ['a'] } } },
      {
        principalPolicy: {
          principal: 'backup',
          version: 'v1',
          rules: [
            {
              resource: '*',
              actions: [
                { action: 'read', effect: 'allow' },
                {
                  action: 'delete',
                  effect: 'deny',
                  name: 'no-delete',
                  when: { ref: 'R.attr.locked' },
                },
              ],
            },
          ],
        },
      },
    ])

    expect(files['derived_roles/common.yaml']).toEqual({
      apiVersion: 'api.cerbos.dev/v1',
      derivedRoles: {
        name: 'common',
        definitions: [
          {
            name: 'owner',
            parentRoles: ['user'],
            condition: { match: { expr: 'R.attr.ownerId == P.id' } },
          },
        ],
      },
    })
    expect(files['export_variables/shared.yaml']).toEqual({
      apiVersion: 'api.cerbos.dev/v1',
      exportVariables: {
        name: 'shared',
        definitions: { isPublic: 'R.attr.visibility == "public"' },
      },
    })
    expect(files['export_constants/limits.yaml']).toEqual({
      apiVersion: 'api.cerbos.dev/v1',
      exportConstants: { name: 'limits', definitions: { max: 3, names: ['a'] } },
    })
    expect(files['principal_policies/backup.vv1.yaml']).toEqual({
      apiVersion: 'api.cerbos.dev/v1',
      principalPolicy: {
        principal: 'backup',
        version: 'v1',
        rules: [
          {
            resource: '*',
            actions: [
              { action: 'read', effect: 'EFFECT_ALLOW' },
              {
                action: 'delete',
                effect: 'EFFECT_DENY',
                name: 'no-delete',
                condition: { match: { none: { of: [{ expr: '!R.attr.locked' }] } } },
              },
            ],
          },
        ],
      },
    })
  })

  it('writes JSON on request', () => {
    const { files } = toCerbos([owners], { format: 'json' })
    expect(files.map((file) => file.path)).toEqual(['derived_roles/common.json'])
    expect(JSON.parse(files[0]?.content ?? '')).toMatchObject({ derivedRoles: { name: 'common' } })
  })

  it('names files so the disk store reads them as policies', () => {
    const paths = toCerbos([
      {
        resourcePolicy: {
          resource: '.hidden',
          rules: [{ actions: ['a'], effect: 'allow', roles: ['*'] }],
        },
      },
      {
        resourcePolicy: {
          resource: 'x',
          scope: 'a_test',
          rules: [{ actions: ['a'], effect: 'allow', roles: ['*'] }],
        },
      },
      {
        resourcePolicy: {
          resource: 'x',
          rules: [{ actions: ['a'], effect: 'allow', roles: ['*'] }],
        },
      },
    ]).files.map((file) => file.path)
    expect(paths).toEqual([
      'resource_policies/_hidden.vdefault.yaml',
      'resource_policies/x.vdefault.a_test_.yaml',
      'resource_policies/x.vdefault.yaml',
    ])
  })
})

describe('toCerbos: schemas', () => {
  const schema = { type: 'object', required: ['owner'] } as const

  it('writes schema files and inherits them into scoped policies', () => {
    const result = toCerbos([
      {
        resourcePolicy: {
          resource: 'document',
          schemas: { principal: schema, resource: schema, enforcement: 'reject' },
          rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
        },
      },
      {
        resourcePolicy: {
          resource: 'document',
          scope: 'acme',
          rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
        },
      },
    ])

    expect(result.pdpConfig.schema.enforcement).toBe('reject')
    const schemaFile = result.files.find(
      (file) => file.path === '_schemas/document.vdefault.resource.json',
    )
    expect(JSON.parse(schemaFile?.content ?? '')).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...schema,
    })
    const refs = {
      principalSchema: { ref: 'cerbos:///document.vdefault.principal.json' },
      resourceSchema: { ref: 'cerbos:///document.vdefault.resource.json' },
    }
    for (const path of [DOCUMENT, 'resource_policies/document.vdefault.acme.yaml']) {
      const content = result.files.find((file) => file.path === path)?.content ?? ''
      expect(
        (parse(content) as { resourcePolicy: { schemas: object } }).resourcePolicy.schemas,
      ).toEqual(refs)
    }
  })

  it('writes no schema that hopgate does not enforce', () => {
    const result = toCerbos([
      {
        resourcePolicy: {
          resource: 'document',
          schemas: { resource: schema, enforcement: 'none' },
          rules: [{ actions: ['read'], effect: 'allow', roles: ['*'] }],
        },
      },
    ])
    expect(result.files.map((file) => file.path)).toEqual([DOCUMENT])
    expect(result.pdpConfig.schema.enforcement).toBe('none')
  })
})

describe('toCerbos: misuse', () => {
  it('rejects a bad format', () => {
    expect(() => toCerbos([], { format: 'xml' as 'json' })).toThrow(
      new TypeError('toCerbos: "format" must be "yaml" or "json", got "xml"'),
    )
  })

  it('rejects invalid policies with PolicyInvalid', () => {
    expect(() =>
      toCerbos([
        { resourcePolicy: { resource: 'document', rules: [{ actions: [], effect: 'allow' }] } },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID' }))
  })
})
