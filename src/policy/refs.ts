import type { RefExpression } from '../condition/expression.js'
import { MAX_DOCUMENT_DEPTH } from './depth.js'
import { isIdentifier } from './names.js'

/** The path of every ref proxy the kit created. */
const refPaths = new WeakMap<object, readonly string[]>()

const handler: ProxyHandler<object> = {
  get(target, key) {
    if (typeof key !== 'string') return undefined
    const path = refPaths.get(target)
    return path === undefined ? undefined : createRef([...path, key])
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
}

/**
 * Creates the ref proxy for `path`: reading any property gives the ref one segment deeper,
 * so `R.attr.status` is the ref `['R', 'attr', 'status']`. Builders turn proxies into plain
 * `{ ref }` objects, so a proxy never ends up in a policy.
 * @internal
 */
export function createRef(path: readonly string[]): unknown {
  const target = Object.create(null) as object
  refPaths.set(target, path)
  const proxy = new Proxy(target, handler)
  refPaths.set(proxy, path)
  return proxy
}

/**
 * Returns the plain form of a ref path: dotted when every segment is an identifier, else the
 * list of segments, since a dotted path cannot hold a key such as `a.b`.
 * @internal
 */
export function refExpression(path: readonly string[]): RefExpression {
  return path.every(isIdentifier) ? { ref: path.join('.') } : { ref: [...path] }
}

/**
 * Converts a builder argument to JSON: a ref proxy to `{ ref }`, and lists element by
 * element. Other values are returned as they are: builders produce plain objects already.
 * @internal
 */
export function toOperand(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    const path = refPaths.get(value)
    if (path !== undefined) return refExpression(path)
    if (Array.isArray(value)) return value.map(toOperand)
  }
  return value
}

/**
 * Copies a value given to a builder into plain JSON data: ref proxies become `{ ref }`
 * objects and properties whose value is `undefined` are left out, since JSON has no such
 * value. Throws a `TypeError` on values nested deeper than the document limit, such as
 * cyclic ones.
 * @internal
 */
export function toJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_DOCUMENT_DEPTH) {
    throw new TypeError(`policy value nested deeper than ${MAX_DOCUMENT_DEPTH} levels`)
  }
  if (typeof value !== 'object' || value === null) return value

  const path = refPaths.get(value)
  if (path !== undefined) return refExpression(path)
  if (Array.isArray(value)) return value.map((item: unknown) => toJson(item, depth + 1))

  const entries = Object.entries(value).filter(([, child]) => child !== undefined)
  return Object.fromEntries(entries.map(([key, child]) => [key, toJson(child, depth + 1)]))
}
