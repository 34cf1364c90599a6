import type {
  DerivedRolesBody,
  PrincipalPolicyBody,
  ResourcePolicyBody,
  RolePolicyBody,
} from './document.js'
import { defaultPrincipalRuleName, defaultRuleName, GLOB_CHARACTERS } from './names.js'
import type { Segments } from './pointer.js'
import { quote } from './pointer.js'
import type { IssueCollector, PolicySet } from './semantic-context.js'

type Report = (segments: Segments, message: string) => void

/**
 * Reports rule problems inside each document: rules that match no principal, role names
 * with glob characters, duplicate rule names (defaults included), duplicate resources in a
 * principal policy and duplicate derived role definitions.
 * @internal
 */
export function checkRules(set: PolicySet, issues: IssueCollector): void {
  set.policies.forEach((policy, index) => {
    const report: Report = (segments, message) => {
      issues.report('ERR_POLICY_INVALID', index, segments, message)
    }

    if ('resourcePolicy' in policy) checkResourceRules(policy.resourcePolicy, report)
    else if ('principalPolicy' in policy) checkPrincipalRules(policy.principalPolicy, report)
    else if ('derivedRoles' in policy) checkDefinitions(policy.derivedRoles, report)
    else if ('rolePolicy' in policy) checkParentRoles(policy.rolePolicy, report)
  })
}

function checkResourceRules(body: ResourcePolicyBody, report: Report): void {
  const names: NamedRule[] = []

  body.rules.forEach((rule, index) => {
    const segments = ['resourcePolicy', 'rules', index]
    const roles = rule.roles ?? []

    if (roles.length === 0 && (rule.derivedRoles ?? []).length === 0) {
      report(
        segments,
        'rule has neither roles nor derivedRoles: list roles ["*"] to match every principal',
      )
    }
    roles.forEach((role, position) => {
      checkRoleName(role, [...segments, 'roles', position], report)
    })
    names.push({ name: rule.name, fallback: defaultRuleName(index), segments })
  })
  checkUniqueNames(names, report)
}

function checkPrincipalRules(body: PrincipalPolicyBody, report: Report): void {
  const resources = new Map<string, number>()
  const names: NamedRule[] = []

  body.rules.forEach((rule, index) => {
    const segments = ['principalPolicy', 'rules', index]
    const earlier = resources.get(rule.resource)
    if (earlier === undefined) resources.set(rule.resource, index)
    else {
      const message = `duplicate resource ${quote(rule.resource)}: also listed by the rule at index ${earlier}, merge their actions`
      report([...segments, 'resource'], message)
    }

    rule.actions.forEach((action, position) => {
      const fallback = defaultPrincipalRuleName(rule.resource, position)
      names.push({ name: action.name, fallback, segments: [...segments, 'actions', position] })
    })
  })
  checkUniqueNames(names, report)
}

function checkDefinitions(body: DerivedRolesBody, report: Report): void {
  const seen = new Map<string, number>()

  body.definitions.forEach((definition, index) => {
    const segments = ['derivedRoles', 'definitions', index]
    const earlier = seen.get(definition.name)
    if (earlier === undefined) seen.set(definition.name, index)
    else {
      const message = `duplicate derived role ${quote(definition.name)}: also defined at index ${earlier} of ${quote(body.name)}`
      report([...segments, 'name'], message)
    }

    definition.parentRoles.forEach((role, position) => {
      checkRoleName(role, [...segments, 'parentRoles', position], report)
    })
  })
}

function checkParentRoles(body: RolePolicyBody, report: Report): void {
  body.parentRoles.forEach((role, position) => {
    // SECURITY: a holder of the custom role gets its parent roles, so a glob parent would hand
    // out every role it matches.
    if (GLOB_CHARACTERS.test(role)) {
      const message = `parent role ${quote(role)} contains glob characters: a role policy must name its parent roles literally`
      report(['rolePolicy', 'parentRoles', position], message)
    }
  })
}

function checkRoleName(role: string, segments: Segments, report: Report): void {
  if (role !== '*' && GLOB_CHARACTERS.test(role)) {
    const message = `role ${quote(role)} contains glob characters: role names are literal, and only a lone "*" matches every role`
    report(segments, message)
  }
}

interface NamedRule {
  readonly name: string | undefined
  /** The name the rule gets when it has none. */
  readonly fallback: string
  readonly segments: Segments
}

function checkUniqueNames(rules: readonly NamedRule[], report: Report): void {
  const seen = new Map<string, NamedRule>()

  for (const rule of rules) {
    const name = rule.name ?? rule.fallback
    const earlier = seen.get(name)
    if (earlier === undefined) {
      seen.set(name, rule)
      continue
    }

    const where = rule.name === undefined ? [...rule.segments] : [...rule.segments, 'name']
    const own = rule.name === undefined ? ' (the default name of this rule)' : ''
    const other = earlier.name === undefined ? ' as its default name' : ''
    const message = `duplicate rule name ${quote(name)}${own}: also used at ${bodyPath(earlier.segments)}${other}`
    report(where, message)
  }
}

/** Writes a path relative to the policy body, such as `rules/0/actions/1`. */
function bodyPath(segments: Segments): string {
  return segments.slice(1).join('/')
}
