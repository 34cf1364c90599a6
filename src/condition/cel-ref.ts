import { formatSegment, isCelIdentifier, isIndexSegment, quoteCelString } from './cel-syntax.js'
import { refSegments } from './ref.js'

/** CEL text of a ref, such as `R.attr["a.b"]`, `now()` or `item.id`. @internal */
export function formatRef(ref: unknown): string {
  const segments = refSegments(ref)
  if (typeof segments === 'string') return typeof ref === 'string' ? ref : 'null'
  const [root = '', ...rest] = segments
  return formatPath(root, rest)
}

function formatPath(root: string, segments: readonly string[]): string {
  if (root === 'now' && segments.length === 0) return 'now()'
  return root + segments.map(formatSegment).join('')
}

/**
 * CEL text of `has(ref)`. CEL's `has` macro tests one field and needs `e.f` syntax, so each
 * attribute segment is tested in turn, which also makes a missing intermediate attribute
 * false as in hopgate: `has(R.attr.a.b)` prints `has(R.attr.a) && has(R.attr.a.b)`. A key
 * that is not an identifier is tested with `in`, and a list index with `size`.
 * @internal
 */
export function formatHas(ref: unknown): { readonly text: string; readonly tests: number } {
  const segments = refSegments(ref)
  if (typeof segments === 'string') return { text: `has(${formatRef(ref)})`, tests: 1 }
  const [root = '', ...rest] = segments
  const fixed = fixedSegmentCount(root, rest)
  if (fixed >= rest.length) return { text: `has(${formatPath(root, rest)})`, tests: 1 }

  const tests: string[] = []
  for (let end = fixed; end < rest.length; end++) {
    const container = formatPath(root, rest.slice(0, end))
    const key = rest[end] ?? ''
    tests.push(presenceTest(container, key))
  }
  return { text: tests.join(' && '), tests: tests.length }
}

function presenceTest(container: string, key: string): string {
  if (isCelIdentifier(key)) return `has(${container}.${key})`
  if (isIndexSegment(key)) return `size(${container}) > ${key}`
  return `${quoteCelString(key)} in ${container}`
}

/** Counts the segments after the root that name fixed fields rather than attributes. */
function fixedSegmentCount(root: string, rest: readonly string[]): number {
  switch (root) {
    case 'P':
    case 'R':
    case 'V':
    case 'C':
      return 1
    case 'delegation':
      return rest[0] === 'actor' || rest[0] === 'subject' ? 2 : 1
    default:
      return 0
  }
}
