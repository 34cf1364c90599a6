import { ConditionFault } from '../condition/compiled.js'
import type { EvalContext } from '../condition/compiled.js'
import type { CompiledDerivedRole, CompiledRule, CompiledScopedPolicy } from './compiled.js'
import { evaluateCondition } from './evaluation-log.js'
import type { EvaluationLog } from './evaluation-log.js'
import type { NarrowingPath, RoleGrants, RoleMatch } from './role-grants.js'

/** @internal What one scope's policy yields for an action. */
export interface ScopeResult {
  /**
   * - `deny`: a deny rule matched, or errored, or a consent-mode allow was false or errored;
   * - `allow`: an allow rule matched in an `overrideParent` scope;
   * - `consent`: an allow matched in a `requireParentalConsentForAllows` scope;
   * - `none`: nothing applied, the walk goes on to the parent scope.
   */
  readonly effect: 'deny' | 'allow' | 'consent' | 'none'
  /** The deciding rule: the first by name among those of the effect. */
  readonly rule: CompiledRule | undefined
}

/** @internal The request as the rules of one policy see it. */
export interface RuleInput {
  readonly ctx: EvalContext
  readonly action: string
  /** Roles of the principal; undefined for principal policies, whose rules match any role. */
  readonly grants: RoleGrants | undefined
  /** Derived roles already resolved in this evaluation; created on first use. */
  derived: Map<CompiledDerivedRole, RoleMatch | ConditionFault> | undefined
  /** Tests whether the custom roles on one of the paths list this kind and action. */
  readonly permits: (paths: readonly NarrowingPath[]) => boolean
  readonly log: EvaluationLog
}

const NONE: ScopeResult = { effect: 'none', rule: undefined }

/**
 * Evaluates the rules of one scoped policy for one action, with deny overriding allow across
 * all roles of the principal. Every applicable rule is evaluated, so outputs and errors do not
 * depend on rule order.
 * @internal
 */
export function evaluatePolicy(policy: CompiledScopedPolicy, input: RuleInput): ScopeResult {
  const consentMode = policy.scopePermissions === 'requireParentalConsentForAllows'
  let deny: CompiledRule | undefined
  let allow: CompiledRule | undefined

  const rules = policy.byAction.get(input.action) ?? policy.globRules
  for (const rule of rules) {
    if (rule.matchesKind !== undefined && !rule.matchesKind(input.ctx.R.kind)) continue
    if (!rule.matchesAction(input.action)) continue

    const roles = input.grants === undefined ? 'direct' : matchRule(rule, policy, input)
    if (roles === null) continue

    const state = roles instanceof ConditionFault ? roles : ruleCondition(rule, input)
    if (state instanceof ConditionFault && state !== roles) {
      input.log.fault(state, policy.id, rule.name)
    }

    if (rule.effect === 'deny') {
      if (state === false) emit(rule, 'whenConditionFalse', input)
      else {
        emit(rule, 'whenMatched', input)
        deny ??= rule
      }
      continue
    }

    if (state === true) {
      // SECURITY: a grant reached only through custom roles counts only for the pairs
      // their role policies list; otherwise it is dropped and counts as no match.
      if (roles !== 'direct' && !(roles instanceof ConditionFault) && !input.permits(roles)) {
        input.log.narrowed = true
        continue
      }
      emit(rule, 'whenMatched', input)
      allow ??= rule
    } else {
      if (state === false) emit(rule, 'whenConditionFalse', input)
      // In consent mode an allow whose condition is false or errors acts as a deny.
      if (consentMode) deny ??= rule
    }
  }

  if (deny !== undefined) return { effect: 'deny', rule: deny }
  if (allow !== undefined) return { effect: consentMode ? 'consent' : 'allow', rule: allow }
  return NONE
}

function ruleCondition(rule: CompiledRule, input: RuleInput): boolean | ConditionFault {
  if (rule.condition === undefined) return true
  return evaluateCondition(rule.condition, input.ctx, `${rule.path}/when`)
}

// A rule applies when the principal holds one of its roles or one of its derived roles is
// active. As with `||` in CEL, one active path absorbs a derived role whose condition errored.
function matchRule(
  rule: CompiledRule,
  policy: CompiledScopedPolicy,
  input: RuleInput,
): RoleMatch | ConditionFault {
  const grants = input.grants as RoleGrants
  const held = grants.match(rule.roles, rule.anyRole)
  if (held === 'direct' || rule.derivedRoles.length === 0) return held

  const paths: NarrowingPath[] = held === null ? [] : [...held]
  let fault: ConditionFault | undefined
  for (const name of rule.derivedRoles) {
    const role = policy.derivedRoles.get(name)
    if (role === undefined) continue

    const active = activate(role, grants, input)
    if (active === 'direct') return 'direct'
    if (active instanceof ConditionFault) fault ??= active
    else if (active !== null) paths.push(...active)
  }

  if (paths.length > 0) return paths
  return fault ?? null
}

function activate(
  role: CompiledDerivedRole,
  grants: RoleGrants,
  input: RuleInput,
): RoleMatch | ConditionFault {
  input.derived ??= new Map()
  const known = input.derived.get(role)
  if (known !== undefined) return known

  let result: RoleMatch | ConditionFault = grants.match(role.parentRoles, role.anyParent)
  if (result !== null && role.condition !== undefined) {
    const state = evaluateCondition(role.condition, input.ctx, role.path)
    if (state instanceof ConditionFault) {
      input.log.fault(state, role.policyId, role.name)
      result = state
    } else if (!state) {
      result = null
    }
  }

  input.derived.set(role, result)
  return result
}

function emit(
  rule: CompiledRule,
  when: 'whenMatched' | 'whenConditionFalse',
  input: RuleInput,
): void {
  const expression = rule.outputs[when]
  if (expression === undefined) return
  input.log.output(expression, input.ctx, rule.src, input.action, input.ctx.P.id)
}
