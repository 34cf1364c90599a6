/** A path into a policy document: object keys and list indices, as JSON Pointer tokens. */
export type Segments = readonly (string | number)[]

/** Builds a JSON Pointer (RFC 6901) from `prefix` and path segments. @internal */
export function pointer(prefix: string, segments: Segments): string {
  let path = prefix
  for (const segment of segments) {
    path += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`
  }
  return path
}

/** Splits a JSON Pointer into its unescaped tokens. @internal */
export function parsePointer(path: string): string[] {
  if (path === '') return []
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** Reads the value at `segments` below `root` through own properties only. @internal */
export function valueAt(root: unknown, segments: Segments): unknown {
  let value = root
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) {
      return undefined
    }
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

const MAX_QUOTED_LENGTH = 60

/**
 * Describes a value for a one-line message: strings quoted as JSON (so control characters and
 * newlines are escaped) and cut at 60 characters, lists and objects by their type.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}

/** Quotes a string as JSON, cut at 60 characters. @internal */
export function quote(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return JSON.stringify(text)
  return `${JSON.stringify(text.slice(0, MAX_QUOTED_LENGTH)).slice(0, -1)}…"`
}

/** Quotes and joins strings: `"a", "b"`. @internal */
export function quoteList(items: readonly string[]): string {
  return items.map(quote).join(', ')
}
