import { childPointer } from '../condition/fault.js'
import type { PrincipalActionRule, PrincipalPolicyBody } from '../policy/document.js'
import { defaultPrincipalRuleName, policyId } from '../policy/names.js'
import type { CelPrinter } from './cel-printer.js'
import type { CerbosDocument, CerbosMatch, CerbosPrincipalAction } from './cerbos-documents.js'
import { API_VERSION } from './cerbos-documents.js'
import { patternProblem } from './cerbos-names.js'
import type { ExportContext } from './export-context.js'
import { printOptional } from './resource-rules.js'
import {
  allOf,
  allowMatch,
  conditionField,
  denyMatch,
  NEVER,
  outputField,
  stringList,
  unlessMatch,
} from './rule-conditions.js'

/**
 * Translates one principal policy, at `index` in the policy list. Principal rules apply to
 * every role in both engines, so deny needs no copy for role `*`. Rules keep their positions,
 * so that rules without a name get the same default name in Cerbos.
 * @internal
 */
export function exportPrincipalPolicy(
  body: PrincipalPolicyBody,
  index: number,
  context: ExportContext,
): CerbosDocument {
  const id = policyId('principal', body.principal, body.version, body.scope)
  const base = `/${index}/principalPolicy`
  const consentScope = body.scopePermissions === 'requireParentalConsentForAllows'
  const guard = context.strictScopes
    ? context.scopes.principalGuard(body.principal, body.version)
    : undefined

  const rules = body.rules.map((entry, entryIndex) => {
    const path = `${base}/rules/${entryIndex}`
    report(context, id, null, 'resource', entry.resource, childPointer(path, 'resource'))

    const actions = entry.actions.map((rule, position) => {
      const name = rule.name ?? defaultPrincipalRuleName(entry.resource, position)
      const at = `${path}/actions/${position}`
      report(context, id, name, 'action', rule.action, `${at}/action`)
      const printer = context.printer(id, name)
      return writeAction(rule, printer, at, consentScope, guard)
    })
    return { resource: entry.resource, actions }
  })

  return {
    apiVersion: API_VERSION,
    principalPolicy: {
      principal: body.principal,
      version: body.version ?? 'default',
      ...(body.scope === undefined || body.scope === '' ? {} : { scope: body.scope }),
      ...context.variables(body.variables, id, `${base}/variables`),
      ...context.constantsBlock(body.constants, id, `${base}/constants`),
      rules,
    },
  }
}

/**
 * Writes one action rule, with the same translations as resource rules (see
 * `writeResourceRule`). `guard` lists the scopes of this principal's policies when strict
 * scope search in Cerbos could reach them from a scope that hopgate skips; every condition
 * then also requires the request's principal scope to be one of them.
 */
function writeAction(
  rule: PrincipalActionRule,
  printer: CelPrinter,
  path: string,
  consentScope: boolean,
  guard: readonly string[] | undefined,
): CerbosPrincipalAction {
  const condition = printOptional(printer, rule.when, `${path}/when`)
  const matched = printOptional(printer, rule.output?.whenMatched, `${path}/output/whenMatched`)
  // Without a condition, `whenConditionFalse` never applies; leaving it out keeps the rule
  // from sharing Cerbos' compiled form with one whose `whenMatched` is that expression.
  const notMet =
    rule.when === undefined
      ? undefined
      : printOptional(printer, rule.output?.whenConditionFalse, `${path}/output/whenConditionFalse`)
  const common = { action: rule.action, ...(rule.name === undefined ? {} : { name: rule.name }) }
  const scoped = (match: CerbosMatch | undefined) => {
    const parts = [
      ...(guard === undefined ? [] : [{ expr: `P.scope in ${stringList(guard)}` }]),
      ...(match === undefined ? [] : [match]),
    ]
    return conditionField(parts.length === 0 ? undefined : allOf(parts))
  }

  if (rule.effect === 'deny') {
    const match = condition === undefined ? undefined : denyMatch(condition)
    return {
      ...common,
      effect: 'EFFECT_DENY',
      ...scoped(match),
      ...outputField(matched?.text, notMet?.text),
    }
  }
  if (!consentScope) {
    const match = condition === undefined ? undefined : allowMatch(condition)
    return {
      ...common,
      effect: 'EFFECT_ALLOW',
      ...scoped(match),
      ...outputField(matched?.text, notMet?.text),
    }
  }
  if (condition === undefined) {
    const never = conditionField(NEVER)
    return { ...common, effect: 'EFFECT_DENY', ...never, ...outputField(undefined, matched?.text) }
  }
  const match = unlessMatch(condition)
  return {
    ...common,
    effect: 'EFFECT_DENY',
    ...scoped(match),
    ...outputField(notMet?.text, matched?.text),
  }
}

function report(
  context: ExportContext,
  policy: string,
  rule: string | null,
  field: string,
  pattern: string,
  path: string,
): void {
  const problem = patternProblem(pattern)
  if (problem === undefined) return
  const construct = `${field} ${JSON.stringify(pattern)}`
  context.report({ policy, rule, construct, path, message: problem })
}
