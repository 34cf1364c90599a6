import { quoteCelString } from '../condition/cel-syntax.js'
import { unaryNot } from './cel-operators.js'
import { expecting, type Printed } from './cel-printed.js'
import type { CerbosCondition, CerbosMatch, CerbosOutput } from './cerbos-documents.js'

/**
 * Writes the condition of an allow rule. Cerbos treats an expression that errors as false, so
 * an erroring allow grants nothing, as in hopgate.
 * @internal
 */
export function allowMatch(condition: Printed): CerbosMatch {
  return { expr: expecting(condition, 'bool').text }
}

/**
 * Writes the condition of a deny rule so that an error denies, as in hopgate. Cerbos treats an
 * erroring expression as false, and `none` of a false expression is true, so `none: [!(c)]` is
 * true when `c` is true or errors, and false when `c` is false.
 * @internal
 */
export function denyMatch(condition: Printed): CerbosMatch {
  return { none: { of: [{ expr: unaryNot(condition).text }] } }
}

/**
 * Writes "unless `c`", which is true when `c` is false or errors. A conditional allow in a
 * `requireParentalConsentForAllows` scope denies exactly then.
 * @internal
 */
export function unlessMatch(condition: Printed): CerbosMatch {
  return { none: { of: [allowMatch(condition)] } }
}

/**
 * A condition that is never true. Cerbos 0.55 shares one compiled rule among rules whose
 * condition, effect, outputs and parameters hash alike, and its hash leaves out field names.
 * So `expr: c` hashes like `none: [c]`, and an output under `ruleActivated` like the same
 * output under `conditionNotMet`. Written as `false`, this condition could take the place of a
 * consent-scope deny of condition `false` (`none: [false]`, which is always true). The printer
 * writes no integer literals, so no other exported rule has `0 == 1`.
 * @internal
 */
export const NEVER: CerbosMatch = { expr: '0 == 1' }

/** Combines `parts` under `all`; a single part stands alone. @internal */
export function allOf(parts: readonly CerbosMatch[]): CerbosMatch {
  const [only] = parts
  if (parts.length === 1 && only !== undefined) return only
  return { all: { of: parts } }
}

/** Wraps a match tree, or nothing, as a rule's `condition` field. @internal */
export function conditionField(match: CerbosMatch | undefined): {
  condition?: CerbosCondition
} {
  return match === undefined ? {} : { condition: { match } }
}

/**
 * Builds an `output` field from CEL expressions, or nothing when both are absent. The
 * `conditionNotMet` expression is written inside `dyn()`, which changes no value: Cerbos 0.55
 * hashes an output the same in either slot (see {@link NEVER}), and the printer never writes
 * a whole expression as `dyn(...)`, so no `ruleActivated` output can be taken for it.
 * @internal
 */
export function outputField(
  ruleActivated: string | undefined,
  conditionNotMet: string | undefined,
): { output?: CerbosOutput } {
  if (ruleActivated === undefined && conditionNotMet === undefined) return {}
  const when: { ruleActivated?: string; conditionNotMet?: string } = {}
  if (ruleActivated !== undefined) when.ruleActivated = ruleActivated
  if (conditionNotMet !== undefined) when.conditionNotMet = `dyn(${conditionNotMet})`
  return { output: { when } }
}

/**
 * Writes CEL that is true when the principal has one of `roles` or one of `derivedRoles` is
 * active. A deny rule for role `*` with this test applies whatever role Cerbos is evaluating,
 * so it overrides across roles as in hopgate. `runtime.effectiveDerivedRoles` lists only the
 * active derived roles that some rule of the same policy references, and the copy of the deny
 * for its own roles references them.
 * @internal
 */
export function holdsRole(roles: readonly string[], derivedRoles: readonly string[]): string {
  const tests: string[] = []
  if (roles.length > 0) tests.push(`hasIntersection(P.roles, ${stringList(roles)})`)
  if (derivedRoles.length > 0) {
    tests.push(`hasIntersection(runtime.effectiveDerivedRoles, ${stringList(derivedRoles)})`)
  }
  return tests.join(' || ')
}

/** Writes a CEL list literal of strings. @internal */
export function stringList(items: readonly string[]): string {
  return `[${items.map(quoteCelString).join(', ')}]`
}
