import { childPointer } from './fault.js'
import { isPlainObject, isSupportedNumber } from './kind.js'

/** Maximum nesting of expressions and of literal data, so that compiling cannot exhaust the stack. */
export const MAX_NESTING = 64

/** Receives a problem found in literal data, with the JSON Pointer of the offending part. @internal */
export type ProblemSink = (path: string, message: string) => void

/**
 * Returns a deeply frozen copy of the JSON data `value`, or undefined when any part of it is
 * not JSON or is a number outside the safe integer range. Each such part is reported.
 * Object keys such as `__proto__` are copied as data properties.
 * @internal
 */
export function freezeData(
  value: unknown,
  path: string,
  report: ProblemSink,
): { value: unknown } | undefined {
  const problems = { count: 0 }
  const copy = copyData(value, path, 0, (problemPath, message) => {
    problems.count++
    report(problemPath, message)
  })
  return problems.count === 0 ? { value: copy } : undefined
}

/** Returns the problem with a number literal, or undefined when it can be used. @internal */
export function numberProblem(value: number): string | undefined {
  if (isSupportedNumber(value)) return undefined
  if (!Number.isFinite(value)) return `number literal ${value} is not finite`
  return `integer literal ${value} outside the safe range (magnitude below 2^53)`
}

function copyData(value: unknown, path: string, depth: number, report: ProblemSink): unknown {
  if (depth > MAX_NESTING) {
    report(path, `literal data nested deeper than ${MAX_NESTING} levels`)
    return null
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number': {
      const problem = numberProblem(value)
      if (problem !== undefined) report(path, problem)
      return value
    }
    case 'object':
      return copyComposite(value, path, depth, report)
    default:
      report(path, `unsupported value in literal data: ${typeof value}`)
      return null
  }
}

function copyComposite(
  value: object | null,
  path: string,
  depth: number,
  report: ProblemSink,
): unknown {
  if (value === null) return null
  if (Array.isArray(value)) {
    const items: unknown[] = value.map((item: unknown, index) =>
      copyData(item, childPointer(path, index), depth + 1, report),
    )
    return Object.freeze(items)
  }
  if (!isPlainObject(value)) {
    report(path, 'unsupported value in literal data: an object that is not plain JSON')
    return null
  }

  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    const itemCopy = copyData(item, childPointer(path, key), depth + 1, report)
    Object.defineProperty(copy, key, { value: itemCopy, enumerable: true })
  }
  return Object.freeze(copy)
}
