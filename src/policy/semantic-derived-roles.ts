import type { ResourcePolicyBody } from './document.js'
import { quote, quoteList } from './pointer.js'
import type { IssueCollector, PolicySet } from './semantic-context.js'

/**
 * Reports, for each resource policy, imports of derived roles sets that do not exist, derived
 * role names defined by two imported sets (ambiguous), and rules that reference a derived
 * role no imported set defines. Unknown derived roles are not reported while an import is
 * missing, since the missing set may define them.
 * @internal
 */
export function checkDerivedRoleImports(set: PolicySet, issues: IssueCollector): void {
  set.policies.forEach((policy, index) => {
    if (!('resourcePolicy' in policy)) return
    const report = (segments: readonly (string | number)[], message: string) => {
      issues.report('ERR_POLICY_INVALID', index, ['resourcePolicy', ...segments], message)
    }

    const imported = importDerivedRoles(policy.resourcePolicy, set, report)
    if (imported !== undefined) checkReferences(policy.resourcePolicy, imported, report)
  })
}

type Report = (segments: readonly (string | number)[], message: string) => void

/** Returns each imported derived role with the name of its set, or undefined if one is missing. */
function importDerivedRoles(
  body: ResourcePolicyBody,
  set: PolicySet,
  report: Report,
): Map<string, string> | undefined {
  const roles = new Map<string, string>()
  let complete = true

  for (const [position, name] of (body.importDerivedRoles ?? []).entries()) {
    const imported = set.derivedRoles.get(name)
    if (imported === undefined) {
      complete = false
      report(['importDerivedRoles', position], `imported derived roles ${quote(name)} not found`)
      continue
    }

    for (const definition of imported.body.definitions) {
      const owner = roles.get(definition.name)
      if (owner === undefined) roles.set(definition.name, name)
      else if (owner !== name) {
        const message = `ambiguous derived role ${quote(definition.name)}: defined in imported derived roles ${quote(owner)} and ${quote(name)}`
        report(['importDerivedRoles', position], message)
      }
    }
  }
  return complete ? roles : undefined
}

function checkReferences(
  body: ResourcePolicyBody,
  imported: ReadonlyMap<string, string>,
  report: Report,
): void {
  const sets = body.importDerivedRoles ?? []
  const where =
    sets.length === 0
      ? 'the policy imports no derived roles'
      : `not defined in the imported derived roles ${quoteList(sets)}`

  body.rules.forEach((rule, index) => {
    rule.derivedRoles?.forEach((name, position) => {
      if (imported.has(name)) return
      report(
        ['rules', index, 'derivedRoles', position],
        `unknown derived role ${quote(name)}: ${where}`,
      )
    })
  })
}
