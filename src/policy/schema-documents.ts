import { NAME_PATTERNS } from './names.js'

const ref = (name: string) => ({ $ref: `#/$defs/${name}` }) as const
const pattern = (source: string) => ({ type: 'string', pattern: source }) as const
const expression = ref('expression')

// Lists of unique strings declare their item type inline: with a `$ref` ajv cannot tell the
// items are strings and compares them with a runtime helper that standalone code must import.
const nonEmpty = pattern(NAME_PATTERNS.nonEmpty)

/** Builds the schema of an object with exactly the listed properties, `required` among them. */
function strictObject(
  required: readonly string[],
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return { type: 'object', required, additionalProperties: false, properties }
}

/**
 * `$defs` of the policy documents. The field rules follow Cerbos policies: literal names for
 * resource kinds, principals and roles, `\w+` versions, dotted scopes, non-empty lists of
 * unique actions.
 * @internal
 */
export const documentDefs = {
  nonEmptyString: pattern(NAME_PATTERNS.nonEmpty),
  literalName: pattern(NAME_PATTERNS.literal),
  version: pattern(NAME_PATTERNS.version),
  scope: pattern(NAME_PATTERNS.scope),
  ruleName: pattern(NAME_PATTERNS.rule),
  setName: pattern(NAME_PATTERNS.setName),
  effect: { enum: ['allow', 'deny'] },
  scopePermissions: { enum: ['overrideParent', 'requireParentalConsentForAllows'] },
  actions: { type: 'array', minItems: 1, uniqueItems: true, items: nonEmpty },
  roles: { type: 'array', uniqueItems: true, items: nonEmpty },
  parentRoles: { type: 'array', minItems: 1, uniqueItems: true, items: nonEmpty },
  setNames: { type: 'array', uniqueItems: true, items: pattern(NAME_PATTERNS.setName) },
  expressionMap: {
    type: 'object',
    propertyNames: pattern(NAME_PATTERNS.identifier),
    additionalProperties: expression,
  },
  valueMap: {
    type: 'object',
    propertyNames: pattern(NAME_PATTERNS.identifier),
    additionalProperties: true,
  },
  variables: strictObject([], { import: ref('setNames'), local: ref('expressionMap') }),
  constants: strictObject([], { import: ref('setNames'), local: ref('valueMap') }),
  output: {
    ...strictObject([], { whenMatched: expression, whenConditionFalse: expression }),
    minProperties: 1,
  },
  schemas: strictObject([], {
    principal: { type: 'object' },
    workload: { type: 'object' },
    resource: { type: 'object' },
    enforcement: { enum: ['none', 'warn', 'reject'] },
  }),

  resourceRule: strictObject(['actions', 'effect'], {
    name: ref('ruleName'),
    actions: ref('actions'),
    effect: ref('effect'),
    roles: ref('roles'),
    derivedRoles: ref('setNames'),
    when: expression,
    output: ref('output'),
  }),
  resourcePolicy: strictObject(['resource', 'rules'], {
    resource: ref('literalName'),
    version: ref('version'),
    scope: ref('scope'),
    scopePermissions: ref('scopePermissions'),
    importDerivedRoles: ref('setNames'),
    variables: ref('variables'),
    constants: ref('constants'),
    schemas: ref('schemas'),
    rules: { type: 'array', items: ref('resourceRule') },
  }),

  derivedRoleDefinition: strictObject(['name', 'parentRoles'], {
    name: ref('setName'),
    parentRoles: ref('parentRoles'),
    when: expression,
  }),
  derivedRoles: strictObject(['name', 'definitions'], {
    name: ref('setName'),
    definitions: { type: 'array', minItems: 1, items: ref('derivedRoleDefinition') },
    variables: ref('variables'),
    constants: ref('constants'),
  }),

  principalActionRule: strictObject(['action', 'effect'], {
    action: ref('nonEmptyString'),
    effect: ref('effect'),
    name: ref('ruleName'),
    when: expression,
    output: ref('output'),
  }),
  principalResourceRule: strictObject(['resource', 'actions'], {
    resource: ref('nonEmptyString'),
    actions: { type: 'array', minItems: 1, items: ref('principalActionRule') },
  }),
  principalPolicy: strictObject(['principal', 'rules'], {
    principal: ref('literalName'),
    version: ref('version'),
    scope: ref('scope'),
    scopePermissions: ref('scopePermissions'),
    variables: ref('variables'),
    constants: ref('constants'),
    rules: { type: 'array', items: ref('principalResourceRule') },
  }),

  rolePolicyRule: strictObject(['resource', 'allowActions'], {
    resource: ref('nonEmptyString'),
    allowActions: ref('actions'),
    when: expression,
  }),
  rolePolicy: strictObject(['role', 'parentRoles', 'rules'], {
    role: ref('literalName'),
    parentRoles: ref('parentRoles'),
    version: ref('version'),
    scope: ref('scope'),
    variables: ref('variables'),
    constants: ref('constants'),
    rules: { type: 'array', items: ref('rolePolicyRule') },
  }),

  exportVariables: strictObject(['name', 'definitions'], {
    name: ref('setName'),
    definitions: ref('expressionMap'),
  }),
  exportConstants: strictObject(['name', 'definitions'], {
    name: ref('setName'),
    definitions: ref('valueMap'),
  }),
} as const
