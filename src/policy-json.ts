import type { PolicyIssue } from './errors.js'
import { MAX_DOCUMENT_DEPTH } from './policy/depth.js'

/** @internal The JSON copy of a policy list, or the first value that has no JSON form. */
export type JsonCopy =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issue: PolicyIssue }

class NotJson extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Copies policies as JSON before anything reads them, so validation and compilation see the
 * same values however often a getter is read, and later edits to the caller's objects change
 * nothing. Object keys become own data properties, so a `__proto__` key stays data. Keys whose
 * value is `undefined` are dropped, as `JSON.stringify` drops them.
 * @internal
 */
export function copyPolicyJson(value: unknown): JsonCopy {
  try {
    return { ok: true, value: copy(value, '', 0) }
  } catch (error) {
    if (error instanceof NotJson) {
      return {
        ok: false,
        issue: { code: 'ERR_POLICY_INVALID', path: error.path, message: error.message },
      }
    }
    const message = 'policies could not be read: a property access threw'
    return { ok: false, issue: { code: 'ERR_POLICY_INVALID', path: '', message } }
  }
}

function copy(value: unknown, path: string, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJson(path, `not a finite number: ${String(value)}`)
    return value
  }
  if (depth > MAX_DOCUMENT_DEPTH) {
    throw new NotJson(path, `nested deeper than ${String(MAX_DOCUMENT_DEPTH)} levels`)
  }

  if (Array.isArray(value)) {
    const items: unknown[] = []
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) throw new NotJson(`${path}/${String(index)}`, 'missing list item')
      items.push(copy(value[index], `${path}/${String(index)}`, depth + 1))
    }
    return items
  }
  if (typeof value === 'object' && isPlain(value)) return copyObject(value, path, depth)

  throw new NotJson(path, `not a JSON value: ${describe(value)}`)
}

function copyObject(value: object, path: string, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key]
    if (item === undefined) continue
    Object.defineProperty(result, key, {
      value: copy(item, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return result
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'object') return 'an object that is not a plain object'
  return typeof value
}
