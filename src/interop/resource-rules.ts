import type { Printed } from './cel-printed.js'
import type { CelPrinter } from './cel-printer.js'
import type { CerbosMatch, CerbosResourceRule } from './cerbos-documents.js'
import { uniqueName } from './cerbos-names.js'
import {
  allOf,
  allowMatch,
  conditionField,
  denyMatch,
  holdsRole,
  NEVER,
  outputField,
  stringList,
  unlessMatch,
} from './rule-conditions.js'

/** A hopgate resource rule, read and printed, ready to be written as Cerbos rules. @internal */
export interface RuleParts {
  readonly name: string
  readonly effect: 'allow' | 'deny'
  readonly actions: readonly string[]
  readonly roles: readonly string[]
  readonly derivedRoles: readonly string[]
  readonly condition: Printed | undefined
  /** CEL of the `whenMatched` output. */
  readonly matched: string | undefined
  /** CEL of the `whenConditionFalse` output. */
  readonly notMet: string | undefined
}

/**
 * Writes one hopgate resource rule as the Cerbos rules that decide the same way.
 *
 * - An allow in an `overrideParent` scope is written as it is.
 * - A deny is written as it is, with the outputs, and again for role `*` with a condition that
 *   also tests the rule's roles. Cerbos evaluates the principal's roles one at a time, and a
 *   rule for role `*` applies to each of them, so the deny overrides an allow for another role
 *   as in hopgate. The condition is written so that an error denies, as in hopgate.
 * - An allow in a `requireParentalConsentForAllows` scope grants nothing by itself, and denies
 *   when its condition is false or errors. It is written as that deny, copied for role `*` like
 *   a deny, and its outputs swap slots because the deny is met exactly when hopgate's condition
 *   is not. Without a condition it only emits `whenMatched`, so it becomes a deny that never
 *   matches and emits that output as not met. The policy is written without
 *   `scopePermissions`: Cerbos keeps one setting per scope for the policies of every kind.
 *
 * `usedNames` contains the rule names of the policy, and receives the names of added rules.
 * @internal
 */
export function writeResourceRule(
  rule: RuleParts,
  consentScope: boolean,
  usedNames: Set<string>,
): CerbosResourceRule[] {
  const { name, actions, condition, matched, notMet } = rule
  const roleFields = {
    ...(rule.roles.length > 0 ? { roles: rule.roles } : {}),
    ...(rule.derivedRoles.length > 0 ? { derivedRoles: rule.derivedRoles } : {}),
  }

  if (rule.effect === 'allow' && !consentScope) {
    const match = condition === undefined ? undefined : allowMatch(condition)
    const output = outputField(matched, notMet)
    return [
      { name, actions, effect: 'EFFECT_ALLOW', ...roleFields, ...conditionField(match), ...output },
    ]
  }

  if (rule.effect === 'allow' && condition === undefined) {
    if (matched === undefined) return []
    const never = conditionField(NEVER)
    return [
      {
        name,
        actions,
        effect: 'EFFECT_DENY',
        ...roleFields,
        ...never,
        ...outputField(undefined, matched),
      },
    ]
  }

  let match: CerbosMatch | undefined
  let output = outputField(matched, notMet)
  if (rule.effect === 'deny') {
    match = condition === undefined ? undefined : denyMatch(condition)
  } else if (condition !== undefined) {
    match = unlessMatch(condition)
    output = outputField(notMet, matched)
  }

  const own: CerbosResourceRule = {
    name,
    actions,
    effect: 'EFFECT_DENY',
    ...roleFields,
    ...conditionField(match),
    ...output,
  }
  if (rule.roles.includes('*')) return [own]

  const test = { expr: holdsRole(rule.roles, rule.derivedRoles) }
  const across: CerbosResourceRule = {
    name: uniqueName(`${name}.all-roles`, usedNames),
    actions,
    effect: 'EFFECT_DENY',
    roles: ['*'],
    condition: { match: match === undefined ? test : allOf([test, match]) },
  }
  return [own, across]
}

/**
 * A deny for every action and role at a request scope where hopgate's strict scope search
 * finds no policy of this kind and version but Cerbos', which looks for any kind, would walk
 * on. It goes first, so no other rule of the policy runs or emits outputs. Like the other denies
 * of an export it is written under `none`, since Cerbos 0.55 may share one compiled rule among
 * rules whose conditions differ only in that (see `NEVER`).
 * @internal
 */
export function strictScopeRule(
  scopes: readonly string[],
  usedNames: Set<string>,
): CerbosResourceRule {
  return {
    name: uniqueName('hopgate.strict-scope', usedNames),
    actions: ['*'],
    effect: 'EFFECT_DENY',
    roles: ['*'],
    condition: { match: { none: { of: [{ expr: `R.scope in ${stringList(scopes)}` }] } } },
  }
}

/** Prints an optional expression of a rule; undefined stays undefined. @internal */
export function printOptional(
  printer: CelPrinter,
  expression: unknown,
  path: string,
): Printed | undefined {
  return expression === undefined ? undefined : printer.print(expression, path)
}
