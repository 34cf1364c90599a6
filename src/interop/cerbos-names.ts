import { compileGlob } from '../engine/glob.js'

// Names and action patterns as Cerbos 0.55 reads them, where that differs from hopgate.

/**
 * Characters that the glob library behind Cerbos (gobwas/glob) treats as syntax in action,
 * role and resource patterns, where hopgate reads them literally: `?`, `[`, `]`, `{`, `}`, and
 * `\`, which escapes the next character. A double `**` also matches across `:` there.
 */
const GLOB_SYNTAX = /[?[\]{}\\]|\*\*/

/** Returns why Cerbos would read `pattern` differently, or undefined when it reads it alike. @internal */
export function patternProblem(pattern: string): string | undefined {
  if (pattern === '*' || !GLOB_SYNTAX.test(pattern)) return undefined
  return 'Cerbos matches patterns with gobwas/glob, where ?, [ ], { }, \\ and ** are wildcard syntax that hopgate reads literally'
}

/** The name pattern Cerbos required before version 0.30; it still rewrites such names. */
const LEGACY_NAME = /^[A-Za-z][\w@./-]*(?::[A-Za-z][\w@./-]*)*$/

/**
 * Returns the name Cerbos files a resource kind, principal id or set name under. In names of
 * the old pattern, each run of characters other than letters, digits, `_` and `.` becomes `_`,
 * so `leave-request` and `leave_request` name the same policy there.
 * @internal
 */
export function cerbosName(name: string): string {
  return LEGACY_NAME.test(name) ? name.replace(/[^\w.]+/g, '_') : name
}

/**
 * Returns the first of `base`, `base-2`, `base-3`, ... that is not in `usedNames`, after
 * adding it there.
 * @internal
 */
export function uniqueName(base: string, usedNames: Set<string>): string {
  let name = base
  for (let counter = 2; usedNames.has(name); counter++) name = `${base}-${counter}`
  usedNames.add(name)
  return name
}

/**
 * Drops action patterns that another pattern of the same rule already matches: all of them
 * when `*` is present, and literals that a glob matches. The rule matches the same actions,
 * and Cerbos, which indexes one row per pattern, then evaluates the rule once per action:
 * Cerbos 0.55 caches a false derived-role condition under the rule and, meeting the rule's
 * second row for the same action, emits its `conditionNotMet` output.
 * @internal
 */
export function distinctPatterns(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)]
  if (unique.includes('*')) return ['*']
  const globs = unique.filter((pattern) => pattern.includes('*')).map(compileGlob)
  return unique.filter((pattern) => pattern.includes('*') || !globs.some((glob) => glob(pattern)))
}
