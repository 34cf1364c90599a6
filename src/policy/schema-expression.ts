import { OPERATORS } from '../condition/expression.js'
import type { OperatorName } from '../condition/expression.js'
import { NAME_PATTERNS } from './names.js'

const expression = { $ref: '#/$defs/expression' } as const
const operatorNames = Object.keys(OPERATORS) as OperatorName[]

/**
 * Argument-list schemas keyed by a pattern of operator names, one per arity, so the generated
 * validator checks each arity once instead of once per operator.
 */
function argumentsByArity(): Record<string, unknown> {
  const groups = new Map<string, OperatorName[]>()

  for (const name of operatorNames) {
    if (name === 'exists' || name === 'all') continue
    const { min, max } = OPERATORS[name]
    const key = `${min}-${max}`
    groups.set(key, [...(groups.get(key) ?? []), name])
  }

  const entries = [...groups.values()].map((names) => {
    const { min, max } = OPERATORS[names[0] as OperatorName]
    const schema: Record<string, unknown> = { type: 'array', items: expression, minItems: min }
    if (Number.isFinite(max)) schema['maxItems'] = max
    return [`^(${names.join('|')})$`, schema] as const
  })
  return Object.fromEntries([...entries, ['^(exists|all)$', { $ref: '#/$defs/binderArguments' }]])
}

/**
 * `$defs` of the expression grammar. The branches are chosen with `if`/`then` on the JSON type
 * and on the keys present rather than with `anyOf`, so a validator reports the one branch that
 * applies instead of every branch that failed.
 * @internal
 */
export const expressionDefs = {
  expression: {
    description:
      'A condition expression: a literal, a list, { ref }, { value } or an object with exactly one operator key',
    type: ['string', 'number', 'boolean', 'null', 'array', 'object'],
    if: { type: 'array' },
    then: { items: expression },
    else: { if: { type: 'object' }, then: { $ref: '#/$defs/expressionObject' } },
  },
  expressionObject: {
    type: 'object',
    if: { required: ['ref'], properties: { ref: true } },
    then: { $ref: '#/$defs/refExpression' },
    else: {
      if: { required: ['value'], properties: { value: true } },
      then: { $ref: '#/$defs/valueExpression' },
      else: { $ref: '#/$defs/operatorExpression' },
    },
  },
  refExpression: {
    description: 'Reads a value: a dotted path, or a list of segments when a key contains a dot',
    type: 'object',
    required: ['ref'],
    additionalProperties: false,
    properties: { ref: { $ref: '#/$defs/refPath' } },
  },
  refPath: {
    type: ['string', 'array'],
    if: { type: 'string' },
    then: { pattern: '^[^.]+(\\.[^.]+)*$' },
    else: { minItems: 1, items: { type: 'string', pattern: NAME_PATTERNS.nonEmpty } },
  },
  valueExpression: {
    description: 'A literal taken as data, never read as an operator',
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: { value: true },
  },
  operatorExpression: {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { enum: operatorNames },
    patternProperties: argumentsByArity(),
  },
  binderArguments: {
    description:
      '[list, variable name, predicate]: the predicate reads the element as { ref: name }',
    type: 'array',
    minItems: 3,
    maxItems: 3,
    prefixItems: [expression, { type: 'string', pattern: NAME_PATTERNS.identifier }, expression],
  },
} as const
