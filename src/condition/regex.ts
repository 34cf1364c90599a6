import { RE2JS } from 're2js'

/** @internal A compiled `matches` pattern. */
export interface CompiledPattern {
  /** Searches `text` for the pattern anywhere, as CEL's `matches` does. */
  test(text: string): boolean
}

/**
 * Compiles a pattern with RE2JS, a JavaScript port of RE2. RE2 matches in time linear in the
 * input, so no pattern can make a check backtrack for long on hostile attribute values, and
 * the syntax and semantics are those of CEL's `matches` (which uses RE2). Returns the syntax
 * error as a message when the pattern is invalid.
 * @internal
 */
export function compilePattern(pattern: string): CompiledPattern | string {
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(pattern)
  } catch (error) {
    const message =
      error instanceof Error ? error.message : 'rejected by the regular expression engine'
    return message.replace(/^error parsing regexp: /, '')
  }
  return { test: (text) => compiled.matcher(text).find() }
}
