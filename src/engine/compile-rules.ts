import { compileExpression } from '../condition/compile.js'
import type { CompiledExpression } from '../condition/compiled.js'
import type { Expression } from '../condition/expression.js'
import type {
  PrincipalPolicyBody,
  ResourceRule,
  RolePolicyBody,
  RuleOutput,
} from '../policy/document.js'
import type { PolicyEnv } from './compile-env.js'
import type { CompiledOutputs, CompiledRoleRule, CompiledRule } from './compiled.js'
import { compileGlob, isGlob } from './glob.js'
import { defaultPrincipalRuleName, defaultRuleName } from './policy-id.js'

/** Compiles the rules of a resource policy, sorted by name. @internal */
export function compileResourceRules(
  rules: readonly ResourceRule[],
  policyId: string,
  basePath: string,
  env: PolicyEnv,
): CompiledRule[] {
  const compiled = rules.map((rule, index): CompiledRule => {
    const name = rule.name ?? defaultRuleName(index)
    const path = `${basePath}/rules/${index}`
    const roles = rule.roles ?? []

    return {
      name,
      effect: rule.effect,
      src: `${policyId}#${name}`,
      matchesAction: compileAnyGlob(rule.actions),
      actions: rule.actions,
      roles: new Set(roles.filter((role) => role !== '*')),
      anyRole: roles.includes('*'),
      derivedRoles: rule.derivedRoles ?? [],
      condition: compileOptional(rule.when, `${path}/when`, env),
      matchesKind: undefined,
      path,
      outputs: compileOutputs(rule.output, `${path}/output`, env),
    }
  })
  return sortByName(compiled)
}

/** Compiles the action rules of a principal policy into one flat list, sorted by name. @internal */
export function compilePrincipalRules(
  body: PrincipalPolicyBody,
  policyId: string,
  basePath: string,
  env: PolicyEnv,
): CompiledRule[] {
  const compiled: CompiledRule[] = []

  body.rules.forEach((entry, entryIndex) => {
    const matchesKind = compileGlob(entry.resource)

    entry.actions.forEach((rule, index) => {
      const name = rule.name ?? defaultPrincipalRuleName(entry.resource, index)
      const path = `${basePath}/rules/${entryIndex}/actions/${index}`
      compiled.push({
        name,
        effect: rule.effect,
        src: `${policyId}#${name}`,
        matchesAction: compileGlob(rule.action),
        actions: [rule.action],
        roles: new Set(),
        anyRole: true,
        derivedRoles: [],
        condition: compileOptional(rule.when, `${path}/when`, env),
        matchesKind,
        path,
        outputs: compileOutputs(rule.output, `${path}/output`, env),
      })
    })
  })
  return sortByName(compiled)
}

/** Compiles the (resource, actions, condition) entries of a role policy. @internal */
export function compileRoleRules(
  body: RolePolicyBody,
  basePath: string,
  env: PolicyEnv,
): CompiledRoleRule[] {
  return body.rules.map((rule, index) => {
    const path = `${basePath}/rules/${index}`
    return {
      matchesKind: compileGlob(rule.resource),
      matchesAction: compileAnyGlob(rule.allowActions),
      condition: compileOptional(rule.when, `${path}/when`, env),
      path,
    }
  })
}

/** Compiles an expression that may be absent. @internal */
export function compileOptional(
  expression: Expression | undefined,
  path: string,
  env: PolicyEnv,
): CompiledExpression | undefined {
  return expression === undefined ? undefined : compileExpression(expression, env.at(path))
}

function compileOutputs(
  output: RuleOutput | undefined,
  path: string,
  env: PolicyEnv,
): CompiledOutputs {
  return {
    whenMatched: compileOptional(output?.whenMatched, `${path}/whenMatched`, env),
    whenConditionFalse: compileOptional(
      output?.whenConditionFalse,
      `${path}/whenConditionFalse`,
      env,
    ),
  }
}

// One predicate for a list of patterns: a set lookup for the literals, then the globs.
function compileAnyGlob(patterns: readonly string[]): (value: string) => boolean {
  const literals = new Set(patterns.filter((pattern) => !pattern.includes('*')))
  const globs = patterns.filter((pattern) => pattern.includes('*')).map(compileGlob)

  if (globs.length === 0) return (value) => literals.has(value)
  return (value) => literals.has(value) || globs.some((glob) => glob(value))
}

function sortByName(rules: CompiledRule[]): CompiledRule[] {
  return rules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Indexes rules by the actions they name literally, so a check scans only its own. @internal */
export function indexByAction(rules: readonly CompiledRule[]): {
  byAction: ReadonlyMap<string, readonly CompiledRule[]>
  globRules: readonly CompiledRule[]
} {
  const globRules = rules.filter((rule) => rule.actions.some(isGlob))
  const literals = new Set(
    rules.flatMap((rule) => rule.actions.filter((action) => !isGlob(action))),
  )

  const byAction = new Map<string, readonly CompiledRule[]>()
  for (const action of literals) {
    byAction.set(
      action,
      rules.filter((rule) => rule.matchesAction(action)),
    )
  }
  return { byAction, globRules }
}
