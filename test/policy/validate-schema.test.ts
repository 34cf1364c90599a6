import { describe, expect, it } from 'vitest'
import { validatePolicies } from '../../src/policy/validate.js'

const resourcePolicy = (body: object) => ({
  resourcePolicy: { resource: 'document', rules: [], ...body },
})
const rule = (extra: object) => ({ actions: ['read'], effect: 'allow', roles: ['user'], ...extra })
const condition = (when: unknown) => resourcePolicy({ rules: [rule({ when })] })
const deeplyNested = JSON.parse(
  `{"resourcePolicy":{"resource":"d","rules":[{"actions":["a"],"effect":"allow","roles":["u"],"when":${'{"not":['.repeat(60)}true${']}'.repeat(60)}}]}}`,
) as unknown

const POLICY = 'ERR_POLICY_INVALID'
const CONDITION = 'ERR_CONDITION_INVALID'
const WHEN = '/resourcePolicy/rules/0/when'

/** [case, document, code, path, message]: each document has exactly one problem. */
const cases: [string, unknown, string, string, string][] = [
  ['non-object document', 'x', POLICY, '', 'policy document must be an object, found "x"'],
  [
    'unknown output property',
    resourcePolicy({ rules: [rule({ output: { whenMatched: 1, always: 2 } })] }),
    POLICY,
    '/resourcePolicy/rules/0/output/always',
    'unknown property "always": expected one of "whenMatched", "whenConditionFalse"',
  ],
  [
    'empty document',
    {},
    POLICY,
    '',
    'policy document must have exactly one top-level key naming its kind, found none',
  ],
  [
    'unknown kind',
    { resourcePolcy: {} },
    POLICY,
    '/resourcePolcy',
    'unknown policy kind "resourcePolcy": expected one of "resourcePolicy", "derivedRoles", "principalPolicy", "rolePolicy", "exportVariables", "exportConstants"',
  ],
  [
    'missing rules',
    { resourcePolicy: { resource: 'document' } },
    POLICY,
    '/resourcePolicy',
    'missing required property "rules"',
  ],
  [
    'unknown property',
    resourcePolicy({ rulez: [] }),
    POLICY,
    '/resourcePolicy/rulez',
    'unknown property "rulez": expected one of "resource", "version", "scope", "scopePermissions", "importDerivedRoles", "variables", "constants", "schemas", "rules"',
  ],
  [
    '__proto__ key',
    JSON.parse('{"resourcePolicy":{"resource":"d","rules":[],"__proto__":{}}}'),
    POLICY,
    '/resourcePolicy/__proto__',
    'unknown property "__proto__": expected one of "resource", "version", "scope", "scopePermissions", "importDerivedRoles", "variables", "constants", "schemas", "rules"',
  ],
  [
    'glob resource kind',
    { resourcePolicy: { resource: 'doc*', rules: [] } },
    POLICY,
    '/resourcePolicy/resource',
    'invalid resource kind "doc*": must be non-empty and free of the glob characters !*?[]{}',
  ],
  [
    'empty resource kind',
    { resourcePolicy: { resource: '', rules: [] } },
    POLICY,
    '/resourcePolicy/resource',
    'invalid resource kind "": must be non-empty and free of the glob characters !*?[]{}',
  ],
  [
    'version',
    resourcePolicy({ version: 'v-1' }),
    POLICY,
    '/resourcePolicy/version',
    'invalid version "v-1": must be one or more letters, digits or "_"',
  ],
  [
    'scope',
    resourcePolicy({ scope: 'a..b' }),
    POLICY,
    '/resourcePolicy/scope',
    'invalid scope "a..b": must be dot-separated segments of letters, digits, "_" and "-", each starting with a letter or digit',
  ],
  [
    'scope type',
    resourcePolicy({ scope: 5 }),
    POLICY,
    '/resourcePolicy/scope',
    'scope must be a string, found 5',
  ],
  [
    'scope permissions',
    resourcePolicy({ scopePermissions: 'inherit' }),
    POLICY,
    '/resourcePolicy/scopePermissions',
    'invalid scope permissions "inherit": expected one of "overrideParent", "requireParentalConsentForAllows"',
  ],
  [
    'rules type',
    resourcePolicy({ rules: {} }),
    POLICY,
    '/resourcePolicy/rules',
    'rules must be a list, found an object',
  ],
  [
    'empty actions',
    resourcePolicy({ rules: [rule({ actions: [] })] }),
    POLICY,
    '/resourcePolicy/rules/0/actions',
    'must list at least one action',
  ],
  [
    'duplicate action',
    resourcePolicy({ rules: [rule({ actions: ['read', 'edit', 'read'] })] }),
    POLICY,
    '/resourcePolicy/rules/0/actions/2',
    'duplicate action "read": also at index 0',
  ],
  [
    'empty action',
    resourcePolicy({ rules: [rule({ actions: [''] })] }),
    POLICY,
    '/resourcePolicy/rules/0/actions/0',
    'invalid action "": must not be empty',
  ],
  [
    'effect',
    resourcePolicy({ rules: [rule({ effect: 'permit' })] }),
    POLICY,
    '/resourcePolicy/rules/0/effect',
    'invalid effect "permit": expected one of "allow", "deny"',
  ],
  [
    'rule name',
    resourcePolicy({ rules: [rule({ name: '1st' })] }),
    POLICY,
    '/resourcePolicy/rules/0/name',
    'invalid rule name "1st": must start with a letter and contain only letters, digits and "_@.-"',
  ],
  [
    'derived role reference',
    resourcePolicy({ rules: [rule({ derivedRoles: ['a b'] })] }),
    POLICY,
    '/resourcePolicy/rules/0/derivedRoles/0',
    'invalid derived role "a b": must be one or more letters, digits, "_", "-" or "."',
  ],
  [
    'duplicate import',
    resourcePolicy({ importDerivedRoles: ['a', 'a'] }),
    POLICY,
    '/resourcePolicy/importDerivedRoles/1',
    'duplicate import "a": also at index 0',
  ],
  [
    'empty output',
    resourcePolicy({ rules: [rule({ output: {} })] }),
    POLICY,
    '/resourcePolicy/rules/0/output',
    'output must have "whenMatched" or "whenConditionFalse"',
  ],
  [
    'variable name',
    resourcePolicy({ variables: { local: { 'is-owner': true } } }),
    POLICY,
    '/resourcePolicy/variables/local/is-owner',
    'invalid variable name "is-owner": must be an identifier: letters, digits and "_", not starting with a digit',
  ],
  [
    'constant name',
    resourcePolicy({ constants: { local: { '1x': 1 } } }),
    POLICY,
    '/resourcePolicy/constants/local/1x',
    'invalid constant name "1x": must be an identifier: letters, digits and "_", not starting with a digit',
  ],
  [
    'attribute schema',
    resourcePolicy({ schemas: { resource: true } }),
    POLICY,
    '/resourcePolicy/schemas/resource',
    'resource schema must be an object, found true',
  ],
  [
    'enforcement',
    resourcePolicy({ schemas: { enforcement: 'strict' } }),
    POLICY,
    '/resourcePolicy/schemas/enforcement',
    'invalid enforcement "strict": expected one of "none", "warn", "reject"',
  ],
  [
    'no derived role definitions',
    { derivedRoles: { name: 'common', definitions: [] } },
    POLICY,
    '/derivedRoles/definitions',
    'must list at least one definition',
  ],
  [
    'no parent roles',
    { derivedRoles: { name: 'common', definitions: [{ name: 'owner', parentRoles: [] }] } },
    POLICY,
    '/derivedRoles/definitions/0/parentRoles',
    'must list at least one parent role',
  ],
  [
    'derived roles name',
    { derivedRoles: { name: '', definitions: [{ name: 'owner', parentRoles: ['u'] }] } },
    POLICY,
    '/derivedRoles/name',
    'invalid derived roles name "": must be one or more letters, digits, "_", "-" or "."',
  ],
  [
    'glob principal',
    { principalPolicy: { principal: 'al?ce', rules: [] } },
    POLICY,
    '/principalPolicy/principal',
    'invalid principal id "al?ce": must be non-empty and free of the glob characters !*?[]{}',
  ],
  [
    'principal rule actions',
    { principalPolicy: { principal: 'alice', rules: [{ resource: 'doc', actions: [] }] } },
    POLICY,
    '/principalPolicy/rules/0/actions',
    'must list at least one action',
  ],
  [
    'principal action',
    {
      principalPolicy: {
        principal: 'alice',
        rules: [{ resource: 'doc', actions: [{ effect: 'allow' }] }],
      },
    },
    POLICY,
    '/principalPolicy/rules/0/actions/0',
    'missing required property "action"',
  ],
  [
    'role policy parents',
    { rolePolicy: { role: 'r', rules: [] } },
    POLICY,
    '/rolePolicy',
    'missing required property "parentRoles"',
  ],
  [
    'role policy actions',
    {
      rolePolicy: { role: 'r', parentRoles: ['u'], rules: [{ resource: 'doc', allowActions: [] }] },
    },
    POLICY,
    '/rolePolicy/rules/0/allowActions',
    'must list at least one action',
  ],
  [
    'exported constants',
    { exportConstants: { name: 'x' } },
    POLICY,
    '/exportConstants',
    'missing required property "definitions"',
  ],
  [
    'deep nesting',
    deeplyNested,
    POLICY,
    `/resourcePolicy/rules/0/when${'/not/0'.repeat(48)}`,
    'document nested deeper than 100 levels',
  ],

  [
    'two operator keys',
    condition({ eq: [1, 1], ne: [1, 2] }),
    CONDITION,
    WHEN,
    'expression must have exactly one operator key, found "eq", "ne"',
  ],
  [
    'no operator key',
    condition({}),
    CONDITION,
    WHEN,
    'expression must have exactly one operator key, found none',
  ],
  [
    'unknown operator',
    condition({ like: ['a', 'b'] }),
    CONDITION,
    `${WHEN}/like`,
    'unknown operator "like"',
  ],
  [
    'too few arguments',
    condition({ eq: [1] }),
    CONDITION,
    `${WHEN}/eq`,
    'operator "eq" takes 2 arguments, found 1',
  ],
  [
    'too many arguments',
    condition({ not: [true, false] }),
    CONDITION,
    `${WHEN}/not`,
    'operator "not" takes 1 argument, found 2',
  ],
  [
    'empty and',
    condition({ and: [] }),
    CONDITION,
    `${WHEN}/and`,
    'operator "and" takes at least 1 argument, found 0',
  ],
  [
    'arguments not a list',
    condition({ eq: 5 }),
    CONDITION,
    `${WHEN}/eq`,
    'arguments of "eq" must be a list, found 5',
  ],
  [
    'exists arity',
    condition({ exists: [[], 'x'] }),
    CONDITION,
    `${WHEN}/exists`,
    'operator "exists" takes 3 arguments (list, variable name, predicate), found 2',
  ],
  [
    'exists variable name',
    condition({ exists: [[], '1x', true] }),
    CONDITION,
    `${WHEN}/exists/1`,
    'invalid variable name "1x" for "exists": must be an identifier: letters, digits and "_", not starting with a digit',
  ],
  [
    'ref type',
    condition({ ref: 5 }),
    CONDITION,
    `${WHEN}/ref`,
    'ref must be a dotted path or a list of strings, found 5',
  ],
  [
    'ref empty segment',
    condition({ ref: 'R..x' }),
    CONDITION,
    `${WHEN}/ref`,
    'invalid ref "R..x": path segments must not be empty',
  ],
  [
    'ref empty list',
    condition({ ref: [] }),
    CONDITION,
    `${WHEN}/ref`,
    'ref must have at least one path segment',
  ],
  [
    'ref with operator',
    condition({ ref: 'R.id', eq: [] }),
    CONDITION,
    `${WHEN}/eq`,
    'expression with "ref" must have no other key, found "eq"',
  ],
  [
    'value with extra key',
    condition({ value: 1, x: 2 }),
    CONDITION,
    `${WHEN}/x`,
    'expression with "value" must have no other key, found "x"',
  ],
  [
    'nested unknown operator',
    condition({ and: [{ or: [{ eq: [1, { foo: [] }] }] }] }),
    CONDITION,
    `${WHEN}/and/0/or/0/eq/1/foo`,
    'unknown operator "foo"',
  ],
  [
    'exported variable',
    { exportVariables: { name: 'x', definitions: { a: { bad: [] } } } },
    CONDITION,
    '/exportVariables/definitions/a/bad',
    'unknown operator "bad"',
  ],
  [
    'NaN literal',
    condition({ eq: [Number.NaN, 1] }),
    CONDITION,
    `${WHEN}/eq/0`,
    'expression must be a JSON value, found NaN',
  ],
  [
    'undefined argument',
    condition({ and: [undefined] }),
    CONDITION,
    `${WHEN}/and/0`,
    'expression must be a JSON value, found undefined',
  ],
]

describe('validatePolicies schema errors', () => {
  it.each(cases)('reports %s', (_, document, code, path, message) => {
    expect(validatePolicies(document)).toStrictEqual({
      ok: false,
      errors: [{ code, path, message }],
    })
  })

  it('prefixes paths with the index in a list', () => {
    const result = validatePolicies([{ exportConstants: { name: 'x', definitions: {} } }, 5])
    expect(result).toStrictEqual({
      ok: false,
      errors: [{ code: POLICY, path: '/1', message: 'policy document must be an object, found 5' }],
    })
  })

  it('reports every problem of a document', () => {
    const result = validatePolicies(
      resourcePolicy({ version: 'v 1', rules: [rule({ effect: 'x' })] }),
    )
    expect(result.ok ? [] : result.errors.map((issue) => issue.path)).toStrictEqual([
      '/resourcePolicy/version',
      '/resourcePolicy/rules/0/effect',
    ])
  })

  it('skips set checks while a document is malformed', () => {
    const result = validatePolicies([
      resourcePolicy({ importDerivedRoles: ['missing'] }),
      { derivedRoles: { name: 'common' } },
    ])
    expect(result).toStrictEqual({
      ok: false,
      errors: [
        {
          code: POLICY,
          path: '/1/derivedRoles',
          message: 'missing required property "definitions"',
        },
      ],
    })
  })

  it('caps the number of issues', () => {
    const documents = Array.from({ length: 150 }, () => 'x')
    const result = validatePolicies(documents)
    expect(result.ok ? [] : result.errors.length).toBe(101)
    expect(result.ok ? undefined : result.errors.at(-1)).toStrictEqual({
      code: POLICY,
      path: '',
      message: 'too many problems: 50 more not shown',
    })
  })
})
