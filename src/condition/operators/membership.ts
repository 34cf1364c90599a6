import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { constantValue } from '../constant.js'
import { deepEqual, Incomparable } from '../equality.js'
import { typeFault } from '../fault.js'
import { describeUnsupported, valueKind } from '../kind.js'

/** Above this many element comparisons, set operators index the second list first. */
const INDEX_THRESHOLD = 256

/** Compiles `in(value, list)`. @internal */
export function compileIn(call: OperatorCall): CompiledExpression {
  return compileMembership(call, 0, 1)
}

/** Compiles `contains(list, value)`, which is `in(value, list)`. @internal */
export function compileContains(call: OperatorCall): CompiledExpression {
  return compileMembership(call, 1, 0)
}

function compileMembership(
  call: OperatorCall,
  valueIndex: number,
  listIndex: number,
): CompiledExpression {
  const value = call.compile(valueIndex)
  const list = call.compile(listIndex)
  const { name, path } = call
  const literal = constantValue(list)
  const index = Array.isArray(literal?.value) ? indexList(literal.value) : undefined

  if (index !== undefined && !(index instanceof Incomparable)) {
    return (ctx) => {
      const item = value(ctx)
      if (item instanceof ConditionFault) return item
      return settle(indexIncludes(index, item), name, path)
    }
  }
  return (ctx) => {
    const item = value(ctx)
    if (item instanceof ConditionFault) return item
    const items = list(ctx)
    if (items instanceof ConditionFault) return items
    if (!Array.isArray(items)) {
      return typeFault(`${name}: expected list, got ${valueKind(items)}`, path)
    }
    return settle(listIncludes(items, item), name, path)
  }
}

/** Compiles `hasIntersection(a, b)`: true when some element of `a` equals some element of `b`. @internal */
export function compileHasIntersection(call: OperatorCall): CompiledExpression {
  return compileSetTest(call, (a, b) => {
    const index = indexFor(b, a.length)
    if (index instanceof Incomparable) return index
    for (let i = 0; i < a.length; i++) {
      const found = index === undefined ? listIncludes(b, a[i]) : indexIncludes(index, a[i])
      if (found !== false) return found
    }
    return false
  })
}

/** Compiles `isSubset(a, b)`: true when every element of `a` equals some element of `b`. @internal */
export function compileIsSubset(call: OperatorCall): CompiledExpression {
  return compileSetTest(call, (a, b) => {
    const index = indexFor(b, a.length)
    if (index instanceof Incomparable) return index
    for (let i = 0; i < a.length; i++) {
      const found = index === undefined ? listIncludes(b, a[i]) : indexIncludes(index, a[i])
      if (found !== true) return found
    }
    return true
  })
}

/** Indexes `list` when it will be probed often enough to pay for the index. */
function indexFor(list: readonly unknown[], probes: number): ListIndex | Incomparable | undefined {
  return list.length * probes > INDEX_THRESHOLD ? indexList(list) : undefined
}

type SetTest = (a: readonly unknown[], b: readonly unknown[]) => boolean | Incomparable

function compileSetTest(call: OperatorCall, test: SetTest): CompiledExpression {
  const left = call.compile(0)
  const right = call.compile(1)
  const { name, path } = call
  return (ctx) => {
    const a = left(ctx)
    if (a instanceof ConditionFault) return a
    const b = right(ctx)
    if (b instanceof ConditionFault) return b
    if (!Array.isArray(a)) return typeFault(`${name}: expected list, got ${valueKind(a)}`, path)
    if (!Array.isArray(b)) return typeFault(`${name}: expected list, got ${valueKind(b)}`, path)
    return settle(test(a, b), name, path)
  }
}

function settle(result: boolean | Incomparable, name: string, path: string): unknown {
  return result instanceof Incomparable ? typeFault(`${name}: ${result.reason}`, path) : result
}

/** Tells whether `item` equals an element of `list`. @internal */
export function listIncludes(list: readonly unknown[], item: unknown): boolean | Incomparable {
  for (let i = 0; i < list.length; i++) {
    const equal = deepEqual(list[i], item)
    if (equal !== false) return equal
  }
  return false
}

/** A list split into a set of its strings, numbers, booleans and nulls, and its other elements. */
interface ListIndex {
  readonly primitives: ReadonlySet<unknown>
  readonly others: readonly unknown[]
}

function indexList(list: readonly unknown[]): ListIndex | Incomparable {
  const primitives = new Set<unknown>()
  const others: unknown[] = []
  for (const item of list) {
    const kind = valueKind(item)
    if (kind === 'unsupported') {
      return new Incomparable(`unsupported value: ${describeUnsupported(item)}`)
    }
    if (kind === 'list' || kind === 'object' || kind === 'timestamp' || kind === 'duration') {
      others.push(item)
    } else primitives.add(item)
  }
  return { primitives, others }
}

function indexIncludes(index: ListIndex, item: unknown): boolean | Incomparable {
  if (typeof item === 'string') return index.primitives.has(item)
  const kind = valueKind(item)
  if (kind === 'unsupported') {
    return new Incomparable(`unsupported value: ${describeUnsupported(item)}`)
  }
  if (kind === 'list' || kind === 'object' || kind === 'timestamp' || kind === 'duration') {
    return listIncludes(index.others, item)
  }
  return index.primitives.has(item)
}
