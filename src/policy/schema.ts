import { documentDefs } from './schema-documents.js'
import { expressionDefs } from './schema-expression.js'

/** The top-level keys that name the kind of a policy document. @internal */
export const POLICY_KINDS = [
  'resourcePolicy',
  'derivedRoles',
  'principalPolicy',
  'rolePolicy',
  'exportVariables',
  'exportConstants',
] as const

/** The kind of a policy document: its single top-level key. */
export type PolicyKind = (typeof POLICY_KINDS)[number]

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/**
 * The JSON Schema (draft 2020-12) of one policy document, including the condition expression
 * grammar. Editors and other tools can use it as it is. `validatePolicies` checks
 * documents against it and then checks what a schema cannot express, such as imports that
 * must exist and variables that must be defined.
 *
 * The object is deeply frozen.
 */
export const policySchema: Readonly<Record<string, unknown>> = deepFreeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'hopgate policy document',
  description: 'One policy per document, discriminated by its single top-level key',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { enum: [...POLICY_KINDS] },
  properties: Object.fromEntries(POLICY_KINDS.map((kind) => [kind, { $ref: `#/$defs/${kind}` }])),
  $defs: { ...documentDefs, ...expressionDefs },
})
