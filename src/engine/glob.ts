/**
 * Compiles an action or resource-kind pattern into a predicate. `:` separates segments:
 * a lone `*` matches everything, and otherwise the pattern must have as many segments as the
 * value, where `*` inside a segment matches any run of characters other than `:`. So `view:*`
 * matches `view:a` and `view:` but neither `view` nor `view:a:b`.
 * @internal
 */
export function compileGlob(pattern: string): (value: string) => boolean {
  if (pattern === '*') return matchAll
  if (!pattern.includes('*')) return (value) => value === pattern

  const segments = pattern.split(':')
  return (value) => {
    const parts = value.split(':')
    if (parts.length !== segments.length) return false
    for (let i = 0; i < parts.length; i++) {
      if (!matchSegment(segments[i] as string, parts[i] as string)) return false
    }
    return true
  }
}

/** @internal True when a pattern contains a wildcard. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*')
}

function matchAll(): boolean {
  return true
}

// Wildcard match of one segment, where `*` matches any run of characters. Iterative with one
// backtrack point, so the cost is linear in practice and never exponential.
function matchSegment(pattern: string, value: string): boolean {
  let p = 0
  let v = 0
  let star = -1
  let mark = 0

  while (v < value.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === value[v]) {
      p++
      v++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      mark = v
    } else if (star !== -1) {
      p = star + 1
      v = ++mark
    } else {
      return false
    }
  }

  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}
