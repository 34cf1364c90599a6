import { OPERATORS } from '../condition/expression.js'
import type { PolicyIssue } from '../errors.js'
import { locate } from './location.js'
import type { Location } from './location.js'
import { PATTERN_HINTS } from './names.js'
import { allowedProperties } from './schema-lookup.js'
import { describeValue, parsePointer, pointer, quote, quoteList, valueAt } from './pointer.js'
import type { SchemaError } from './validator.generated.js'

interface ErrorContext {
  readonly error: SchemaError
  readonly segments: readonly string[]
  readonly location: Location
  readonly data: unknown
}

const TYPE_WORDS: ReadonlyMap<string, string> = new Map([
  ['string', 'a string'],
  ['number', 'a number'],
  ['integer', 'an integer'],
  ['boolean', 'a boolean'],
  ['null', 'null'],
  ['array', 'a list'],
  ['object', 'an object'],
])

const IN_EXPRESSION = new Set<Location['type']>(['expression', 'arguments', 'binder', 'ref'])

/**
 * Turns the errors of the generated validator for one document into issues with one-line
 * messages. `prefix` is the JSON Pointer of the document in the validated list.
 * @internal
 */
export function schemaIssues(
  errors: readonly SchemaError[],
  document: unknown,
  prefix: string,
): PolicyIssue[] {
  const issues = new Map<string, PolicyIssue>()

  for (const error of errors) {
    // An `if` error only reports that a `then` or `else` branch failed, and a failed
    // `propertyNames` comes with the error of the key that failed it.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue

    const issue = toIssue(error, document, prefix)
    issues.set(`${issue.path}\n${issue.message}`, issue)
  }
  return [...issues.values()]
}

function toIssue(error: SchemaError, document: unknown, prefix: string): PolicyIssue {
  const segments = parsePointer(error.instancePath)
  const location = locate(segments)
  const context: ErrorContext = { error, segments, location, data: valueAt(document, segments) }

  const code = IN_EXPRESSION.has(location.type) ? 'ERR_CONDITION_INVALID' : 'ERR_POLICY_INVALID'
  return {
    code,
    path: pointer(prefix, reportedSegments(error, segments)),
    message: messageOf(context),
  }
}

/** Returns the path an issue points at: the failing key or list item when there is one. */
function reportedSegments(error: SchemaError, segments: readonly string[]): readonly string[] {
  if (error.propertyName !== undefined) return [...segments, error.propertyName]
  if (error.keyword === 'additionalProperties') {
    return [...segments, String(error.params['additionalProperty'])]
  }
  if (error.keyword === 'uniqueItems') return [...segments, String(duplicatePair(error)[1])]
  return segments
}

function messageOf(context: ErrorContext): string {
  const { error } = context

  switch (error.keyword) {
    case 'type':
      return typeMessage(context)
    case 'required':
      return `missing required property ${quote(String(error.params['missingProperty']))}`
    case 'additionalProperties':
      return unknownPropertyMessage(context)
    case 'pattern':
      return patternMessage(context)
    case 'enum':
      return enumMessage(context)
    case 'minItems':
    case 'maxItems':
      return itemCountMessage(context)
    case 'uniqueItems':
      return duplicateMessage(context)
    case 'minProperties':
    case 'maxProperties':
      return keyCountMessage(context)
    default:
      return `invalid value ${describeValue(context.data)}: failed the "${error.keyword}" check of the policy schema`
  }
}

function nounOf({ location }: ErrorContext): string {
  return location.type === 'field' ? location.noun : 'value'
}

function typeMessage(context: ErrorContext): string {
  const { location, data, error } = context
  const found = describeValue(data)
  const expected = ([] as unknown[]).concat(error.params['type'])
  const words = expected.map((type) => TYPE_WORDS.get(String(type)) ?? String(type)).join(' or ')

  switch (location.type) {
    case 'document':
      return `policy document must be an object, found ${found}`
    case 'expression':
      return `expression must be a JSON value, found ${found}`
    case 'arguments':
      return `arguments of ${quote(location.operator)} must be a list, found ${found}`
    case 'binder':
      return `variable name of ${quote(location.operator)} must be a string, found ${found}`
    case 'ref':
      return `ref must be a dotted path or a list of strings, found ${found}`
    default:
      return `${nounOf(context)} must be ${words}, found ${found}`
  }
}

function unknownPropertyMessage({ error, location, data, segments }: ErrorContext): string {
  const property = quote(String(error.params['additionalProperty']))

  if (location.type === 'expression' && typeof data === 'object' && data !== null) {
    const key = Object.hasOwn(data, 'ref') ? 'ref' : 'value'
    return `expression with "${key}" must have no other key, found ${property}`
  }

  const allowed = allowedProperties(segments)
  if (allowed === undefined) return `unknown property ${property}`
  return `unknown property ${property}: expected one of ${quoteList(allowed)}`
}

/** Returns the indices of the two equal items of a `uniqueItems` error, first one first. */
function duplicatePair(error: SchemaError): [number, number] {
  const i = Number(error.params['i'])
  const j = Number(error.params['j'])
  return i < j ? [i, j] : [j, i]
}

function duplicateMessage({ error, segments, data }: ErrorContext): string {
  const [first, second] = duplicatePair(error)
  const item = Array.isArray(data) ? (data[second] as unknown) : undefined
  const noun = locate([...segments, String(second)])
  const name = noun.type === 'field' ? noun.noun : 'item'
  return `duplicate ${name} ${describeValue(item)}: also at index ${first}`
}

function patternMessage(context: ErrorContext): string {
  const { error, location, segments, data } = context
  const hint =
    PATTERN_HINTS.get(String(error.params['pattern'])) ?? 'does not match the policy schema'
  const found = describeValue(data)

  if (error.propertyName !== undefined) {
    const constant = segments.includes('constants') || segments[0] === 'exportConstants'
    return `invalid ${constant ? 'constant' : 'variable'} name ${quote(error.propertyName)}: ${hint}`
  }
  if (location.type === 'binder') {
    return `invalid variable name ${found} for ${quote(location.operator)}: ${hint}`
  }
  if (location.type === 'ref') return `invalid ref ${found}: path segments must not be empty`
  return `invalid ${nounOf(context)} ${found}: ${hint}`
}

function enumMessage(context: ErrorContext): string {
  const { error, location, data } = context
  const allowed = (error.params['allowedValues'] as readonly unknown[]).map(String)

  if (error.propertyName !== undefined && location.type === 'document') {
    return `unknown policy kind ${quote(error.propertyName)}: expected one of ${quoteList(allowed)}`
  }
  if (error.propertyName !== undefined) return `unknown operator ${quote(error.propertyName)}`
  return `invalid ${nounOf(context)} ${describeValue(data)}: expected one of ${quoteList(allowed)}`
}

function itemCountMessage(context: ErrorContext): string {
  const { location, data, segments } = context
  const found = Array.isArray(data) ? data.length : 0

  if (location.type === 'arguments') return arityMessage(location.operator, found)
  if (location.type === 'ref') return 'ref must have at least one path segment'

  const item = locate([...segments, '0'])
  return `must list at least one ${item.type === 'field' ? item.noun : 'item'}`
}

function arityMessage(operator: string, found: number): string {
  const name = quote(operator)
  if (operator === 'exists' || operator === 'all') {
    return `operator ${name} takes 3 arguments (list, variable name, predicate), found ${found}`
  }

  if (!Object.hasOwn(OPERATORS, operator)) return `wrong number of arguments for ${name}`
  const arity = OPERATORS[operator as keyof typeof OPERATORS]
  const plural = (count: number) => `${count} argument${count === 1 ? '' : 's'}`
  if (arity.min === arity.max) return `operator ${name} takes ${plural(arity.min)}, found ${found}`
  return `operator ${name} takes at least ${plural(arity.min)}, found ${found}`
}

function keyCountMessage({ location, data, segments }: ErrorContext): string {
  const keys = typeof data === 'object' && data !== null ? Object.keys(data) : []
  const found = keys.length === 0 ? 'none' : quoteList(keys.slice(0, 5))

  if (location.type === 'document') {
    return `policy document must have exactly one top-level key naming its kind, found ${found}`
  }
  if (segments.at(-1) === 'output') return 'output must have "whenMatched" or "whenConditionFalse"'
  return `expression must have exactly one operator key, found ${found}`
}
