import { childPointer } from '../condition/fault.js'
import type { ResourcePolicyBody, ResourceRule } from '../policy/document.js'
import { defaultRuleName, policyId } from '../policy/names.js'
import type {
  CerbosDocument,
  CerbosResourcePolicy,
  CerbosResourceRule,
} from './cerbos-documents.js'
import { API_VERSION } from './cerbos-documents.js'
import { distinctPatterns, patternProblem } from './cerbos-names.js'
import { hasLoneSurrogate } from './cel-refs.js'
import type { ExportContext } from './export-context.js'
import { printOptional, strictScopeRule, writeResourceRule } from './resource-rules.js'

/** Schema references of a resource policy, as `toCerbos` writes them. @internal */
export type SchemaRefs = CerbosResourcePolicy['schemas']

/** Translates one resource policy, at `index` in the policy list. @internal */
export function exportResourcePolicy(
  body: ResourcePolicyBody,
  index: number,
  context: ExportContext,
  schemas: SchemaRefs,
): CerbosDocument {
  const id = policyId('resource', body.resource, body.version, body.scope)
  const base = `/${index}/resourcePolicy`
  const imports = body.importDerivedRoles ?? []

  const policy: CerbosResourcePolicy = {
    resource: body.resource,
    version: body.version ?? 'default',
    ...(body.scope === undefined || body.scope === '' ? {} : { scope: body.scope }),
    ...(imports.length > 0 ? { importDerivedRoles: imports } : {}),
    ...context.variables(body.variables, id, `${base}/variables`),
    ...context.constantsBlock(body.constants, id, `${base}/constants`),
    ...(schemas === undefined ? {} : { schemas }),
    rules: exportRules(body, id, base, context),
  }
  return { apiVersion: API_VERSION, resourcePolicy: policy }
}

function exportRules(
  body: ResourcePolicyBody,
  id: string,
  base: string,
  context: ExportContext,
): CerbosResourceRule[] {
  const usedNames = new Set(body.rules.map((rule, index) => rule.name ?? defaultRuleName(index)))
  const consentScope = body.scopePermissions === 'requireParentalConsentForAllows'
  const rules: CerbosResourceRule[] = []

  const guard = context.strictScopes
    ? context.scopes.resourceGuard(body.resource, body.version)
    : undefined
  if (guard !== undefined) rules.push(strictScopeRule(guard, usedNames))

  body.rules.forEach((rule, index) => {
    const name = rule.name ?? defaultRuleName(index)
    const path = `${base}/rules/${index}`
    checkRule(rule, name, id, path, context)

    const printer = context.printer(id, name)
    const parts = {
      name,
      effect: rule.effect,
      actions: distinctPatterns(rule.actions),
      roles: [...new Set(rule.roles ?? [])],
      derivedRoles: [...new Set(rule.derivedRoles ?? [])],
      condition: printOptional(printer, rule.when, `${path}/when`),
      matched: printOptional(printer, rule.output?.whenMatched, `${path}/output/whenMatched`)?.text,
      // Without a condition, `whenConditionFalse` never applies; leaving it out keeps the rule
      // from sharing Cerbos' compiled form with one whose `whenMatched` is that expression.
      notMet:
        rule.when === undefined
          ? undefined
          : printOptional(
              printer,
              rule.output?.whenConditionFalse,
              `${path}/output/whenConditionFalse`,
            )?.text,
    }
    rules.push(...writeResourceRule(parts, consentScope, usedNames))
  })
  return rules
}

/** Reports action patterns Cerbos would match differently and role names CEL cannot quote. */
function checkRule(
  rule: ResourceRule,
  name: string,
  id: string,
  path: string,
  context: ExportContext,
): void {
  rule.actions.forEach((action, position) => {
    const problem = patternProblem(action)
    if (problem === undefined) return
    const at = childPointer(childPointer(path, 'actions'), position)
    context.report({
      policy: id,
      rule: name,
      construct: `action ${JSON.stringify(action)}`,
      path: at,
      message: problem,
    })
  })

  for (const field of ['roles', 'derivedRoles'] as const) {
    rule[field]?.forEach((role, position) => {
      if (!hasLoneSurrogate(role)) return
      const at = childPointer(childPointer(path, field), position)
      const message = 'CEL strings hold Unicode scalar values only'
      context.report({
        policy: id,
        rule: name,
        construct: 'role with a lone surrogate',
        path: at,
        message,
      })
    })
  }
}
