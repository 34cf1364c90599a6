import { isCelIdentifier, isIndexSegment, quoteCelString } from '../condition/cel-syntax.js'
import { refSegments } from '../condition/ref.js'
import {
  asDyn,
  binary,
  Precedence,
  primary,
  wrap,
  type IssueSink,
  type Printed,
} from './cel-printed.js'
import { BOOL, DOUBLE, DYN, listOf, mapOf, STRING, TIMESTAMP, type CelType } from './cel-type.js'

/**
 * A list-index segment of a ref whose container type is unknown prints as a conditional that
 * repeats the container three times, so the text grows threefold with each such segment.
 */
const MAX_INDEX_SEGMENTS = 4

/** Context of a printed ref: its JSON Pointer, the issue sink and the bound variables. @internal */
export interface RefContext {
  readonly path: string
  readonly report: IssueSink
  readonly bound: ReadonlyMap<string, CelType>
}

/**
 * Cerbos leaves `policyVersion` empty when the request does not set it, where hopgate reads
 * `"default"`. The printed ref reads `"default"` for `""`, which matches hopgate as long as
 * Cerbos keeps its default `engine.defaultPolicyVersion`.
 */
function defaultedVersion(field: string): Printed {
  return primary(`(${field} == "" ? "default" : ${field})`, STRING)
}

const PRINCIPAL_FIELDS: Readonly<Record<string, Printed | string>> = {
  id: primary('P.id', STRING),
  roles: primary('P.roles', listOf(STRING)),
  attr: primary('P.attr', mapOf(DYN)),
  scope: primary('P.scope', STRING),
  policyVersion: defaultedVersion('P.policyVersion'),
  kind: 'Cerbos principals have no kind: a Cerbos request does not say whether it comes from a user, a workload or an agent',
}

const RESOURCE_FIELDS: Readonly<Record<string, Printed | string>> = {
  kind: primary('R.kind', STRING),
  id: primary('R.id', STRING),
  attr: primary('R.attr', mapOf(DYN)),
  scope: primary('R.scope', STRING),
  policyVersion: defaultedVersion('R.policyVersion'),
}

/** A ref split into the value it starts from and the attribute segments read from it. */
interface SplitRef {
  readonly base: Printed
  readonly steps: readonly string[]
}

/** Prints `{ ref }`: `P.attr.department`, `R.attr["a.b"]`, `V.isOwner`, `now()` or `item.id`. @internal */
export function printRef(ref: unknown, context: RefContext): Printed {
  const split = splitRef(ref, context)
  if (split === undefined) return primary('null', DYN)
  return readSteps(split.base, split.steps, context)
}

/**
 * Prints `has(ref)`. CEL's `has` tests one field, so each attribute segment is tested in turn,
 * which makes a missing intermediate attribute false as in hopgate:
 * `has(R.attr.a.b)` prints `has(R.attr.a) && has(R.attr.a.b)`.
 * @internal
 */
export function printHas(ref: unknown, context: RefContext): Printed {
  const split = splitRef(ref, context)
  if (split === undefined) return primary('false', BOOL)
  if (split.steps.length === 0) {
    context.report(context.path, 'has', 'has needs a ref that selects an attribute')
    return primary('false', BOOL)
  }

  const tests: Printed[] = []
  for (let end = 0; end < split.steps.length; end++) {
    const container = readSteps(split.base, split.steps.slice(0, end), context)
    tests.push(presenceTest(container, split.steps[end] ?? '', context))
  }
  const [only] = tests
  if (tests.length === 1 && only !== undefined) return only
  const text = tests.map((test) => wrap(test, Precedence.AND)).join(' && ')
  return { text, precedence: Precedence.AND, type: BOOL }
}

function splitRef(ref: unknown, context: RefContext): SplitRef | undefined {
  const segments = refSegments(ref)
  if (typeof segments === 'string') {
    context.report(context.path, 'ref', segments)
    return undefined
  }
  const [root = '', field, ...rest] = segments

  switch (root) {
    case 'P':
      return fieldRef('P', PRINCIPAL_FIELDS, field, rest, context)
    case 'R':
      return fieldRef('R', RESOURCE_FIELDS, field, rest, context)
    case 'V':
    case 'C':
      return namedRef(root, field, rest, context)
    case 'now':
      return { base: primary('now()', TIMESTAMP), steps: [] }
    case 'delegation':
      context.report(
        context.path,
        `ref ${JSON.stringify(segments.join('.'))}`,
        'Cerbos has no delegation context: a Cerbos request carries one principal',
      )
      return undefined
    default: {
      const type = context.bound.get(root) ?? DYN
      return { base: primary(root, type), steps: field === undefined ? [] : [field, ...rest] }
    }
  }
}

function fieldRef(
  root: 'P' | 'R',
  fields: Readonly<Record<string, Printed | string>>,
  field: string | undefined,
  rest: readonly string[],
  context: RefContext,
): SplitRef | undefined {
  const entry = field !== undefined && Object.hasOwn(fields, field) ? fields[field] : undefined
  if (typeof entry === 'object') return { base: entry, steps: rest }

  const construct = `ref ${JSON.stringify(field === undefined ? root : `${root}.${field}`)}`
  const message =
    entry ??
    `the Cerbos ${root === 'P' ? 'principal' : 'resource'} differs from hopgate's as a whole value`
  context.report(context.path, construct, message)
  return undefined
}

function namedRef(
  root: 'V' | 'C',
  name: string | undefined,
  rest: readonly string[],
  context: RefContext,
): SplitRef | undefined {
  if (name === undefined || !isCelIdentifier(name)) {
    const construct = `ref ${JSON.stringify(`${root}.${name ?? ''}`)}`
    context.report(
      context.path,
      construct,
      'Cerbos names variables and constants with CEL identifiers, and this name is a reserved word',
    )
    return undefined
  }
  return { base: primary(`${root}.${name}`, DYN), steps: rest }
}

/** Prints the read of `steps` from `base`, one attribute at a time. */
function readSteps(base: Printed, steps: readonly string[], context: RefContext): Printed {
  let value = base
  let indexSegments = 0

  for (const key of steps) {
    if (isIndexSegment(key) && value.type.name !== 'list' && value.type.name !== 'map') {
      indexSegments++
      if (indexSegments > MAX_INDEX_SEGMENTS) {
        const message = `a ref may have at most ${MAX_INDEX_SEGMENTS} numeric segments whose container type is unknown`
        context.report(context.path, 'ref', message)
        return primary('null', DYN)
      }
    }
    value = readStep(value, key, context)
  }
  return value
}

/**
 * Prints the read of one attribute. hopgate reads a numeric segment such as `0` as an index
 * of a list and as a key of an object. CEL needs `x[0]` for the one and `x["0"]` for the
 * other, so a container of unknown type gets a conditional on `type(x)`.
 */
function readStep(container: Printed, key: string, context: RefContext): Printed {
  const element = 'element' in container.type ? container.type.element : DYN

  if (isIndexSegment(key)) {
    if (container.type.name === 'list') return indexed(container, key, element)
    if (container.type.name === 'map') return indexed(container, quoted(key, context), element)
    const value = asDyn(container)
    const text = wrap(value, Precedence.MEMBER)
    const choice = `type(${value.text}) == list ? ${text}[${key}] : ${text}[${quoted(key, context)}]`
    return primary(`(${choice})`, DYN)
  }

  const readable = container.type.name === 'map' ? container : asDyn(container)
  if (isCelIdentifier(key)) return primary(`${wrap(readable, Precedence.MEMBER)}.${key}`, element)
  return indexed(readable, quoted(key, context), element)
}

function indexed(container: Printed, key: string, type: CelType): Printed {
  return primary(`${wrap(container, Precedence.MEMBER)}[${key}]`, type)
}

function presenceTest(container: Printed, key: string, context: RefContext): Printed {
  const member = (within: Printed) =>
    binary(primary(quoted(key, context), STRING), 'in', within, Precedence.RELATION, BOOL)

  if (isIndexSegment(key)) {
    if (container.type.name === 'list') {
      return binary(
        primary(`size(${container.text})`, DOUBLE),
        '>',
        primary(key, DOUBLE),
        Precedence.RELATION,
        BOOL,
      )
    }
    if (container.type.name === 'map') return member(container)
    const value = asDyn(container)
    const choice = `type(${value.text}) == list ? size(${value.text}) > ${key} : ${member(value).text}`
    return primary(`(${choice})`, BOOL)
  }

  const readable = container.type.name === 'map' ? container : asDyn(container)
  if (isCelIdentifier(key)) return primary(`has(${wrap(readable, Precedence.MEMBER)}.${key})`, BOOL)
  return member(readable)
}

/** Quotes an attribute key; a lone surrogate has no CEL form. */
function quoted(key: string, context: RefContext): string {
  if (hasLoneSurrogate(key)) {
    context.report(
      context.path,
      'string with a lone surrogate',
      'CEL strings hold Unicode scalar values only',
    )
  }
  return quoteCelString(key)
}

/** Tells whether `text` contains a UTF-16 surrogate that is not part of a pair. @internal */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
}
