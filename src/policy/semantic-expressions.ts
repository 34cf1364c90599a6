import { compilePattern } from '../condition/regex.js'
import { REF_ROOTS } from '../condition/expression.js'
import { checkPatternSafety } from '../condition/pattern.js'
import type { Segments } from './pointer.js'
import { describeValue, quote, quoteList } from './pointer.js'

/**
 * Receives what a walk over one expression finds: problems, and the variables and constants
 * it references. `segments` locate the finding inside the document.
 * @internal
 */
export interface ExpressionSink {
  issue(segments: Segments, message: string): void
  variable(name: string, segments: Segments): void
  constant(name: string, segments: Segments): void
}

const PRINCIPAL_FIELDS = ['id', 'kind', 'roles', 'attr', 'policyVersion', 'scope']
const STRUCT_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['P', PRINCIPAL_FIELDS],
  ['R', ['kind', 'id', 'attr', 'policyVersion', 'scope']],
  ['delegation', ['actor', 'subject', 'chain', 'depth']],
])
const ROOTS: ReadonlySet<string> = new Set(REF_ROOTS)

/**
 * Walks an expression that passed the JSON Schema and reports what the schema cannot see:
 * refs to unknown roots or fields, unsafe or non-literal `matches` patterns, integers outside
 * `Number.isSafeInteger`, and `exists`/`all` variables that would shadow a root.
 * @internal
 */
export function walkExpression(
  expression: unknown,
  segments: Segments,
  sink: ExpressionSink,
  bound: ReadonlySet<string> = new Set(),
): void {
  if (typeof expression === 'number') {
    checkInteger(expression, segments, sink)
  } else if (Array.isArray(expression)) {
    expression.forEach((item: unknown, index) => {
      walkExpression(item, [...segments, index], sink, bound)
    })
  } else if (typeof expression === 'object' && expression !== null) {
    walkObject(expression as Readonly<Record<string, unknown>>, segments, sink, bound)
  }
}

function walkObject(
  node: Readonly<Record<string, unknown>>,
  segments: Segments,
  sink: ExpressionSink,
  bound: ReadonlySet<string>,
): void {
  if (Object.hasOwn(node, 'ref')) {
    checkRef(node['ref'], [...segments, 'ref'], sink, bound)
    return
  }
  if (Object.hasOwn(node, 'value')) {
    walkData(node['value'], [...segments, 'value'], sink)
    return
  }

  const [operator = ''] = Object.keys(node)
  const args = node[operator] as readonly unknown[]
  walkOperator(operator, args, [...segments, operator], sink, bound)
}

function walkOperator(
  operator: string,
  args: readonly unknown[],
  segments: Segments,
  sink: ExpressionSink,
  bound: ReadonlySet<string>,
): void {
  if (operator === 'exists' || operator === 'all') {
    const [list, name, predicate] = args
    walkExpression(list, [...segments, 0], sink, bound)
    if (typeof name !== 'string') return

    if (ROOTS.has(name)) {
      sink.issue(
        [...segments, 1],
        `variable name ${quote(name)} of "${operator}" is already a ref root: choose another name`,
      )
    }
    walkExpression(predicate, [...segments, 2], sink, new Set(bound).add(name))
    return
  }

  args.forEach((arg, index) => {
    if (operator === 'matches' && index === 1) checkPattern(arg, [...segments, 1], sink)
    else walkExpression(arg, [...segments, index], sink, bound)
  })
}

function checkInteger(value: number, segments: Segments, sink: ExpressionSink): void {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    sink.issue(
      segments,
      `integer ${String(value)} is outside the safe range: |n| must be below 2^53`,
    )
  }
}

/** Reports unsafe integers inside literal data, which is read but never evaluated. */
function walkData(value: unknown, segments: Segments, sink: ExpressionSink): void {
  if (typeof value === 'number') checkInteger(value, segments, sink)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) walkData(child, [...segments, key], sink)
  }
}

/** Walks constant values, which are literal data. @internal */
export function walkConstant(value: unknown, segments: Segments, sink: ExpressionSink): void {
  walkData(value, segments, sink)
}

function checkPattern(pattern: unknown, segments: Segments, sink: ExpressionSink): void {
  if (typeof pattern !== 'string') {
    sink.issue(
      segments,
      `pattern of "matches" must be a string literal, found ${describeValue(pattern)}`,
    )
    return
  }

  // SECURITY: patterns run on request data. The engine is RE2, which is linear in the input;
  // the safety check also keeps patterns to a subset that RE2 and CEL agree on.
  const unsafe = checkPatternSafety(pattern)
  if (unsafe !== null) {
    sink.issue(segments, `unsafe regex pattern ${quote(pattern)}: ${unsafe}`)
    return
  }

  const compiled = compilePattern(pattern)
  if (typeof compiled === 'string') {
    sink.issue(segments, `invalid regex pattern ${quote(pattern)}: ${compiled}`)
  }
}

function checkRef(
  ref: unknown,
  segments: Segments,
  sink: ExpressionSink,
  bound: ReadonlySet<string>,
): void {
  const path = typeof ref === 'string' ? ref.split('.') : (ref as readonly string[])
  const [root = '', first, second] = path

  if (root === 'V' || root === 'C') {
    checkNamed(root, first, segments, sink)
  } else if (root === 'now') {
    if (first !== undefined)
      sink.issue(segments, `ref ${quote(path.join('.'))}: "now" has no fields`)
  } else {
    const fields = STRUCT_FIELDS.get(root)
    if (fields === undefined) {
      if (!bound.has(root)) sink.issue(segments, unknownRoot(root))
    } else if (first !== undefined && !fields.includes(first)) {
      sink.issue(segments, unknownField(root, first, fields))
    } else if (root === 'delegation' && (first === 'actor' || first === 'subject')) {
      if (second !== undefined && !PRINCIPAL_FIELDS.includes(second)) {
        sink.issue(segments, unknownField(`delegation.${first}`, second, PRINCIPAL_FIELDS))
      }
    }
  }
}

function checkNamed(
  root: 'V' | 'C',
  name: string | undefined,
  segments: Segments,
  sink: ExpressionSink,
): void {
  const kind = root === 'V' ? 'variable' : 'constant'
  if (name === undefined) sink.issue(segments, `ref "${root}" must name a ${kind}: ${root}.<name>`)
  else if (root === 'V') sink.variable(name, segments)
  else sink.constant(name, segments)
}

function unknownRoot(root: string): string {
  return `unknown ref root ${quote(root)}: expected P, R, V, C, delegation, now or a variable bound by exists or all`
}

function unknownField(owner: string, field: string, fields: readonly string[]): string {
  return `unknown field ${quote(field)} of ${quote(owner)}: expected one of ${quoteList(fields)}`
}
