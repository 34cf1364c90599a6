import { ConditionFault, type CompiledExpression } from './compiled.js'
import { formatSegment, isIndexSegment } from './cel-syntax.js'
import { typeFault } from './fault.js'
import { describeUnsupported, valueKind } from './kind.js'

/** One attribute segment of a ref, read at evaluation time. @internal */
export interface Step {
  readonly key: string
  /** The list index the key denotes, or -1 when it is not a canonical index. */
  readonly index: number
  /** CEL text of the path up to and including this step, such as `R.attr.owner`. */
  readonly text: string
  /** CEL text of the value this step reads from, such as `R.attr`. */
  readonly containerText: string
  /** JSON Pointer of the ref node, for faults. */
  readonly path: string
  /** The fault returned when the attribute is missing, built once. */
  readonly missing: ConditionFault
}

/** Builds the steps for `segments` read from the value printed as `baseText`. @internal */
export function buildSteps(segments: readonly string[], baseText: string, path: string): Step[] {
  const steps: Step[] = []
  let containerText = baseText
  for (const key of segments) {
    const text = containerText + formatSegment(key)
    const message = `no such attribute: ${text}`
    steps.push({
      key,
      index: isIndexSegment(key) ? Number(key) : -1,
      text,
      containerText,
      path,
      missing: new ConditionFault('ERR_CONDITION_MISSING_ATTRIBUTE', message, path),
    })
    containerText = text
  }
  return steps
}

const OBJECT_PROTOTYPE: unknown = Object.prototype
// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with .call
const hasOwnProperty = Object.prototype.hasOwnProperty

/**
 * Reads one step from `container`: an own property of a plain object, or an element of a list.
 * Returns `missing` when there is no such attribute, and a type fault when `container` has no
 * attributes. SECURITY: only the value of an own property is returned, so `__proto__`,
 * `constructor` and `prototype` are keys like any other and never reach a prototype.
 * @internal
 */
export function readStep(container: unknown, step: Step, missing: unknown): unknown {
  if (typeof container === 'object' && container !== null) {
    if (Array.isArray(container)) return readIndex(container, step, missing)
    // Reading before the checks is faster in V8, and the value is used only if it is own.
    const value = (container as Readonly<Record<string, unknown>>)[step.key]
    const prototype: unknown = Object.getPrototypeOf(container)
    if (prototype === OBJECT_PROTOTYPE || prototype === null) {
      return value === undefined || !hasOwnProperty.call(container, step.key) ? missing : value
    }
  }
  return typeFault(
    `cannot read "${step.key}" of ${kindText(container)}: ${step.containerText}`,
    step.path,
  )
}

function readIndex(list: readonly unknown[], step: Step, missing: unknown): unknown {
  if (step.index < 0) {
    return typeFault(`cannot read "${step.key}" of list: ${step.containerText}`, step.path)
  }
  if (step.index >= list.length) return missing
  const value = list[step.index]
  return value === undefined ? missing : value
}

function kindText(value: unknown): string {
  const kind = valueKind(value)
  return kind === 'unsupported' ? `unsupported value (${describeUnsupported(value)})` : kind
}

/**
 * Compiles the read of `steps` from the value of `base`. The value read last is checked, so
 * that an unsafe integer or a non-JSON value faults where it is read.
 * @internal
 */
export function compileSteps(base: CompiledExpression, steps: readonly Step[]): CompiledExpression {
  const last = steps.at(-1)
  if (last === undefined) return base
  if (steps.length === 1) {
    return (ctx) => {
      const container = base(ctx)
      if (container instanceof ConditionFault) return container
      return checkedLeaf(readStep(container, last, last.missing), last)
    }
  }

  return (ctx) => {
    let value = base(ctx)
    for (let i = 0; i < steps.length; i++) {
      if (value instanceof ConditionFault) return value
      const step = steps[i] as Step
      value = readStep(value, step, step.missing)
    }
    return checkedLeaf(value, last)
  }
}

function checkedLeaf(value: unknown, step: Step): unknown {
  if (typeof value === 'string' || value instanceof ConditionFault) return value
  if (valueKind(value) !== 'unsupported') return value
  return typeFault(`unsupported value at ${step.text}: ${describeUnsupported(value)}`, step.path)
}

/** Marks an attribute that `has` found missing. */
const ABSENT = Symbol('absent')

/**
 * Compiles `has` over `steps`: true when the last attribute is present, false when it or an
 * intermediate one is missing. An intermediate value that is neither an object nor a list,
 * null included, gives a type fault, because CEL's `has` raises an error there.
 * @internal
 */
export function compilePresence(
  base: CompiledExpression,
  steps: readonly Step[],
): CompiledExpression {
  return (ctx) => {
    let value = base(ctx)
    for (let i = 0; i < steps.length; i++) {
      if (value instanceof ConditionFault) return value
      value = readStep(value, steps[i] as Step, ABSENT)
      if (value === ABSENT) return false
    }
    return value instanceof ConditionFault ? value : true
  }
}
