import type { PrincipalValue } from '../engine/model.js'
import { buildSteps, compileSteps, type Step } from './attribute.js'
import { formatSegment } from './cel-syntax.js'
import { ConditionFault, type CompiledExpression, type EvalContext } from './compiled.js'
import { constant } from './constant.js'
import { quote, typeFault } from './fault.js'
import { freezeData } from './literal.js'
import type { Scope } from './scope.js'
import { timestampAtMillis } from './values.js'

/** A ref split into the part fixed at compile time and the attribute steps read at evaluation. @internal */
export interface ResolvedRef {
  readonly base: CompiledExpression
  readonly steps: readonly Step[]
}

type Getter = (ctx: EvalContext) => unknown

const PRINCIPAL_FIELDS: Readonly<Record<string, (principal: PrincipalValue) => unknown>> = {
  id: (principal) => principal.id,
  kind: (principal) => principal.kind,
  roles: (principal) => principal.roles,
  attr: (principal) => principal.attr,
  policyVersion: (principal) => principal.policyVersion,
  scope: (principal) => principal.scope,
}

const RESOURCE_FIELDS: Readonly<Record<string, Getter>> = {
  kind: (ctx) => ctx.R.kind,
  id: (ctx) => ctx.R.id,
  attr: (ctx) => ctx.R.attr,
  policyVersion: (ctx) => ctx.R.policyVersion,
  scope: (ctx) => ctx.R.scope,
}

const DELEGATION_FIELDS: Readonly<Record<string, Getter>> = {
  actor: (ctx) => ctx.delegation.actor,
  subject: (ctx) => ctx.delegation.subject,
  chain: (ctx) => ctx.delegation.chain,
  depth: (ctx) => ctx.delegation.depth,
}

/** The delegation fields that hold a principal, whose own fields a ref may select. */
const DELEGATED_PRINCIPALS = {
  actor: (ctx: EvalContext) => ctx.delegation.actor,
  subject: (ctx: EvalContext) => ctx.delegation.subject,
}

/** Splits a ref into segments; returns the reason when it is malformed. @internal */
export function refSegments(ref: unknown): readonly string[] | string {
  if (typeof ref === 'string') {
    const segments = ref.split('.')
    return segments.includes('') ? `ref ${quote(ref)} has an empty segment` : segments
  }
  if (Array.isArray(ref) && ref.length > 0 && ref.every((item) => typeof item === 'string')) {
    return ref
  }
  return 'ref must be a dotted string or a non-empty list of strings'
}

/** Compiles `{ ref }`, reporting a malformed or unresolvable ref. @internal */
export function compileRef(ref: unknown, path: string, scope: Scope): CompiledExpression {
  const resolved = resolveRef(ref, path, scope)
  return resolved instanceof ConditionFault
    ? () => resolved
    : compileSteps(resolved.base, resolved.steps)
}

/**
 * Resolves the fixed part of a ref (root and struct fields) at compile time. Returns a fault,
 * already reported, when the ref is malformed, names an unknown root or field, or names an
 * undefined variable or constant.
 * @internal
 */
export function resolveRef(ref: unknown, path: string, scope: Scope): ResolvedRef | ConditionFault {
  const segments = refSegments(ref)
  if (typeof segments === 'string') return invalid(scope, path, segments)
  const [root = '', ...rest] = segments

  switch (root) {
    case 'P':
      return principalRef((ctx) => ctx.P, 'P', rest, path, scope)
    case 'R':
      return structRef((ctx) => ctx.R, 'R', RESOURCE_FIELDS, rest, path, scope)
    case 'delegation':
      return delegationRef(rest, path, scope)
    case 'now':
      if (rest.length > 0) return invalid(scope, path, 'now has no fields')
      return { base: (ctx) => timestampAtMillis(ctx.now), steps: [] }
    case 'V':
    case 'C':
      return namedRef(root, rest, path, scope)
    default:
      return boundRef(root, rest, path, scope)
  }
}

function structRef(
  read: Getter,
  text: string,
  fields: Readonly<Record<string, Getter>>,
  rest: readonly string[],
  path: string,
  scope: Scope,
): ResolvedRef | ConditionFault {
  const [field, ...steps] = rest
  if (field === undefined) return { base: read, steps: [] }
  const getter = Object.hasOwn(fields, field) ? fields[field] : undefined
  if (getter === undefined) return unknownField(text, field, Object.keys(fields), path, scope)
  return { base: getter, steps: buildSteps(steps, text + formatSegment(field), path) }
}

/** Resolves a ref into a principal value, which is null for an absent delegation actor or subject. */
function principalRef(
  read: (ctx: EvalContext) => PrincipalValue | null,
  text: string,
  rest: readonly string[],
  path: string,
  scope: Scope,
): ResolvedRef | ConditionFault {
  const [field, ...steps] = rest
  if (field === undefined) return { base: read, steps: [] }
  const readField = Object.hasOwn(PRINCIPAL_FIELDS, field) ? PRINCIPAL_FIELDS[field] : undefined
  if (readField === undefined) {
    return unknownField(text, field, Object.keys(PRINCIPAL_FIELDS), path, scope)
  }

  const nullFault = typeFault(`cannot read "${field}" of null: ${text}`, path)
  const base: CompiledExpression = (ctx) => {
    const principal = read(ctx)
    return principal === null ? nullFault : readField(principal)
  }
  return { base, steps: buildSteps(steps, text + formatSegment(field), path) }
}

function unknownField(
  text: string,
  field: string,
  known: readonly string[],
  path: string,
  scope: Scope,
): ConditionFault {
  const message = `no such field: ${text}${formatSegment(field)} (${text} has ${known.join(', ')})`
  return invalid(scope, path, message)
}

function delegationRef(
  rest: readonly string[],
  path: string,
  scope: Scope,
): ResolvedRef | ConditionFault {
  const [field, ...more] = rest
  if (field === 'actor' || field === 'subject') {
    return principalRef(DELEGATED_PRINCIPALS[field], `delegation.${field}`, more, path, scope)
  }
  return structRef((ctx) => ctx.delegation, 'delegation', DELEGATION_FIELDS, rest, path, scope)
}

function namedRef(
  root: 'V' | 'C',
  rest: readonly string[],
  path: string,
  scope: Scope,
): ResolvedRef | ConditionFault {
  const [name, ...steps] = rest
  const kind = root === 'V' ? 'variable' : 'constant'
  if (name === undefined) {
    return invalid(scope, path, `${root} needs a ${kind} name, such as ${root}.name`)
  }
  const text = root + formatSegment(name)

  if (root === 'V') {
    const variable = scope.env.variable(name)
    if (variable === undefined) return invalid(scope, path, `undefined variable: ${text}`)
    return { base: variable, steps: buildSteps(steps, text, path) }
  }

  const definition = scope.env.constant(name)
  if (definition === undefined) return invalid(scope, path, `undefined constant: ${text}`)
  const data = freezeData(definition.value, path, (_, message) => {
    scope.report(path, `${text}: ${message}`)
  })
  if (data === undefined) {
    return new ConditionFault('ERR_CONDITION_INVALID', `invalid constant: ${text}`, path)
  }
  return { base: constant(data.value), steps: buildSteps(steps, text, path) }
}

function boundRef(
  root: string,
  rest: readonly string[],
  path: string,
  scope: Scope,
): ResolvedRef | ConditionFault {
  const slot = scope.slotOf(root)
  if (slot === undefined) {
    const expected = 'P, R, V, C, delegation, now or a variable bound by exists or all'
    return invalid(scope, path, `unknown ref root ${quote(root)} (expected ${expected})`)
  }
  return { base: (ctx) => ctx.locals[slot], steps: buildSteps(rest, root, path) }
}

function invalid(scope: Scope, path: string, message: string): ConditionFault {
  scope.report(path, message)
  return new ConditionFault('ERR_CONDITION_INVALID', message, path)
}

/** Tells whether `expr` is a `{ ref }` node, an object whose only key is `ref`. @internal */
export function isRefNode(expr: unknown): expr is { readonly ref: unknown } {
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return false
  const keys = Object.keys(expr)
  return keys.length === 1 && keys[0] === 'ref'
}
