/** Lexical pieces of CEL shared by the printer and by fault messages that name a path. */

/** Words that CEL reserves, which can be neither identifiers nor field names after a dot. */
const RESERVED_WORDS = new Set([
  'false',
  'in',
  'null',
  'true',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'namespace',
  'package',
  'return',
  'var',
  'void',
  'while',
])

/** Tells whether `name` can be written as a bare CEL identifier or after a dot. @internal */
export function isCelIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED_WORDS.has(name)
}

/** Tells whether a path segment is a list index: a non-negative integer with no leading zero. @internal */
export function isIndexSegment(segment: string): boolean {
  return /^(?:0|[1-9][0-9]{0,15})$/.test(segment) && Number.isSafeInteger(Number(segment))
}

/**
 * Formats one attribute segment: `.owner` for an identifier, `[0]` for an index and
 * `["a.b"]` for any other key.
 *
 * NOTE: a numeric segment prints as a list index, so in CEL it cannot select the key "0" of a
 * map, which hopgate's attribute access does select.
 * @internal
 */
export function formatSegment(segment: string): string {
  if (isCelIdentifier(segment)) return `.${segment}`
  if (isIndexSegment(segment)) return `[${segment}]`
  return `[${quoteCelString(segment)}]`
}

/**
 * Quotes a string as a CEL double-quoted literal. Quotes, backslashes and control characters
 * are escaped; everything else is written as it is.
 *
 * NOTE: a lone UTF-16 surrogate is written as `\uXXXX`, which CEL rejects, because CEL strings
 * hold only Unicode scalar values.
 * @internal
 */
export function quoteCelString(text: string): string {
  let quoted = '"'
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const next = text.charCodeAt(i + 1)
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      quoted += text.slice(i, i + 2)
      i++
    } else {
      quoted += escapeCodeUnit(code)
    }
  }
  return `${quoted}"`
}

function escapeCodeUnit(code: number): string {
  switch (code) {
    case 0x22:
      return '\\"'
    case 0x5c:
      return '\\\\'
    case 0x0a:
      return '\\n'
    case 0x0d:
      return '\\r'
    case 0x09:
      return '\\t'
    default: {
      const control = code < 0x20 || (code >= 0x7f && code <= 0x9f)
      const surrogate = code >= 0xd800 && code <= 0xdfff
      if (control || surrogate) return `\\u${code.toString(16).padStart(4, '0')}`
      return String.fromCharCode(code)
    }
  }
}
