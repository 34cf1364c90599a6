/**
 * Deepest nesting of objects and lists accepted in one policy document. Validation and
 * compilation recurse over documents, so the limit keeps hostile input from exhausting the
 * stack. Real policies stay far below it: a condition nested 40 operators deep is still
 * accepted.
 */
export const MAX_DOCUMENT_DEPTH = 100

/**
 * Returns the path of the first value nested deeper than `maxDepth` levels below `value`, or
 * undefined when there is none. Only own enumerable keys are followed, as JSON has no others.
 * @internal
 */
export function findTooDeep(value: unknown, maxDepth: number): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if (maxDepth === 0) return []

  for (const [key, child] of Object.entries(value)) {
    const path = findTooDeep(child, maxDepth - 1)
    if (path !== undefined) return [key, ...path]
  }
  return undefined
}
