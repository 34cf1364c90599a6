/** Maximum length of a `matches` pattern, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 1024

/** Maximum count in a `{n,m}` repeat, the limit RE2 enforces. */
export const MAX_REPEAT_COUNT = 1000

/** A group being scanned: whether anything inside it can repeat more than once. */
interface Group {
  repeats: boolean
}

/** The item a quantifier would repeat if one came next: none, a single atom, or a group. */
type Operand = 'none' | 'atom' | Group

/**
 * Checks that a `matches` pattern stays within the subset of regular expressions that is safe
 * to run with JavaScript's backtracking engine and means the same under RE2, which Cerbos uses.
 * Returns null when the pattern is safe, else the reason it is not. Rejected:
 *
 * - patterns longer than {@link MAX_PATTERN_LENGTH};
 * - backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`);
 * - nested quantifiers: a group repeated more than once that itself contains something
 *   repeated more than once, such as `(a+)+`, `(a*)*` or `(a|b*)+`. `(\.\d+)?` is allowed
 *   because `?` repeats at most once;
 * - repeat counts above {@link MAX_REPEAT_COUNT}.
 *
 * Patterns run on RE2, whose matching time is linear in the input whatever the pattern, so
 * these limits keep policies portable and readable rather than being the only guard against
 * backtracking. Syntax errors are left to the RE2 compiler, which runs after this check.
 */
export function checkPatternSafety(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `pattern longer than ${MAX_PATTERN_LENGTH} characters`
  }
  const groups: Group[] = [{ repeats: false }]
  let operand: Operand = 'none'

  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i)
    const current = groups.at(-1) ?? { repeats: false }

    if (char === '\\') {
      const escape = scanEscape(pattern, i)
      if (typeof escape === 'string') return escape
      i = escape
      operand = 'atom'
    } else if (char === '[') {
      const end = scanClass(pattern, i)
      if (end < 0) return `unterminated character class at index ${i}`
      i = end
      operand = 'atom'
    } else if (char === '(') {
      if (/^\(\?(?:[=!]|<[=!])/.test(pattern.slice(i, i + 4))) {
        return `lookahead and lookbehind are not supported (index ${i})`
      }
      groups.push({ repeats: false })
      i = skipGroupPrefix(pattern, i)
      operand = 'none'
    } else if (char === ')') {
      const closed = groups.pop()
      const parent = groups.at(-1)
      if (closed === undefined || parent === undefined) return `unbalanced ")" at index ${i}`
      parent.repeats ||= closed.repeats
      operand = closed
    } else if (char === '*' || char === '+' || char === '?' || char === '{') {
      const quantifier = scanQuantifier(pattern, i)
      if (quantifier === undefined) {
        operand = 'atom'
        continue
      }
      if (typeof quantifier === 'string') return quantifier
      const problem = applyQuantifier(operand, current, quantifier.max, i)
      if (problem !== null) return problem
      i = quantifier.end
      operand = 'none'
    } else {
      operand = char === '|' || char === '^' || char === '$' ? 'none' : 'atom'
    }
  }

  return groups.length > 1 ? 'unbalanced "(": missing ")"' : null
}

function applyQuantifier(operand: Operand, current: Group, max: number, index: number) {
  if (max <= 1) return null
  if (typeof operand === 'object' && operand.repeats) {
    return `nested quantifier at index ${index}: a repeated group contains a repeat`
  }
  current.repeats = true
  return null
}

/** Returns the index of the escape's last character, or the reason it is rejected. */
function scanEscape(pattern: string, start: number): number | string {
  const next = pattern.charAt(start + 1)
  if (/[1-9]/.test(next) || (next === 'k' && pattern.charAt(start + 2) === '<')) {
    return `backreferences are not supported (index ${start})`
  }
  if (/[pPu]/.test(next) && pattern.charAt(start + 2) === '{') {
    const close = pattern.indexOf('}', start + 3)
    return close < 0 ? pattern.length - 1 : close
  }
  return start + 1
}

/** Returns the index of the last character of a group's opening, `(`, `(?:` or `(?<name>`. */
function skipGroupPrefix(pattern: string, start: number): number {
  if (pattern.charAt(start + 1) !== '?') return start
  if (pattern.charAt(start + 2) !== '<') return start + 2
  const close = pattern.indexOf('>', start + 3)
  return close < 0 ? start + 2 : close
}

/** Returns the index of the class's closing `]`, or -1 when there is none. */
function scanClass(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    const char = pattern.charAt(i)
    if (char === '\\') i++
    else if (char === ']') return i
  }
  return -1
}

interface Quantifier {
  /** Maximum number of repetitions, `Infinity` when unbounded. */
  readonly max: number
  /** Index of the quantifier's last character, a lazy `?` included. */
  readonly end: number
}

/**
 * Reads the quantifier at `start`. Returns undefined for a `{` that does not start a repeat
 * (JavaScript then rejects or takes it literally), or the reason a repeat count is too large.
 */
function scanQuantifier(pattern: string, start: number): Quantifier | string | undefined {
  let max: number
  let end = start
  const char = pattern.charAt(start)
  if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(start))
    if (match === null) return undefined
    const low = Number(match[1])
    let high = low
    if (match[2] !== undefined) high = match[3] === '' ? Infinity : Number(match[3])
    if (low > MAX_REPEAT_COUNT || (high !== Infinity && high > MAX_REPEAT_COUNT)) {
      return `repeat count above ${MAX_REPEAT_COUNT} at index ${start}`
    }
    max = high
    end = start + match[0].length - 1
  } else {
    max = char === '?' ? 1 : Infinity
  }
  if (pattern.charAt(end + 1) === '?') end++
  return { max, end }
}
