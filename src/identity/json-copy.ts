/** Maximum nesting depth of a claim or attribute value copied into a principal. */
export const MAX_JSON_DEPTH = 32

/**
 * Copies a JSON value into frozen arrays and frozen null-prototype objects.
 *
 * Keys are copied as own data properties, so a `__proto__`, `constructor` or `prototype` key
 * of a claim stays data and never reaches a prototype. Throws `TypeError` for a value that is
 * not JSON (a function, a class instance, a non-finite number) and `RangeError` for nesting
 * deeper than {@link MAX_JSON_DEPTH}; `where` names the value in both.
 * @internal
 */
export function copyJson(value: unknown, where: string, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${where}: not a finite number`)
    }
    return value
  }
  if (depth >= MAX_JSON_DEPTH) {
    throw new RangeError(`${where}: nested deeper than ${MAX_JSON_DEPTH} levels`)
  }

  if (Array.isArray(value)) {
    const items: unknown[] = []
    for (let index = 0; index < value.length; index++) {
      items.push(copyJson(value[index], `${where}/${index}`, depth + 1))
    }
    return Object.freeze(items)
  }
  if (isPlainObject(value)) {
    return copyObject(value, where, depth)
  }
  throw new TypeError(`${where}: not a JSON value`)
}

/**
 * Copies the named own properties of a claims set into a frozen null-prototype object,
 * skipping names the claims set does not have.
 * @internal
 */
export function copyClaims(
  claims: Readonly<Record<string, unknown>>,
  names: readonly string[],
  where: string,
): Readonly<Record<string, unknown>> {
  const copy = Object.create(null) as Record<string, unknown>
  for (const name of names) {
    if (Object.hasOwn(claims, name)) {
      defineData(copy, name, copyJson(claims[name], `${where}/${name}`, 1))
    }
  }
  return Object.freeze(copy)
}

function copyObject(
  value: object,
  where: string,
  depth: number,
): Readonly<Record<string, unknown>> {
  const source = value as Readonly<Record<string, unknown>>
  const copy = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(source)) {
    defineData(copy, key, copyJson(source[key], `${where}/${key}`, depth + 1))
  }
  return Object.freeze(copy)
}

function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  // SECURITY: defineProperty, not assignment, so `__proto__` becomes an own data property.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) {
    return false
  }
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
