import type { Policy } from './document.js'
import { policyId } from './names.js'
import { quote } from './pointer.js'
import { kindOf } from './semantic-context.js'
import type { IssueCollector, PolicySet } from './semantic-context.js'

/** The id of a document, and for scoped policies what its ancestors' ids are made of. @internal */
export interface Identity {
  readonly id: string
  readonly scoped?: {
    readonly type: 'resource' | 'principal'
    readonly name: string
    readonly version: string | undefined
    readonly scope: string
  }
}

/** Returns the id of a document, such as `resource.document.vdefault/acme`. @internal */
export function identityOf(policy: Policy): Identity {
  if ('resourcePolicy' in policy) {
    const { resource, version, scope = '' } = policy.resourcePolicy
    const id = policyId('resource', resource, version, scope)
    return { id, scoped: { type: 'resource', name: resource, version, scope } }
  }
  if ('principalPolicy' in policy) {
    const { principal, version, scope = '' } = policy.principalPolicy
    const id = policyId('principal', principal, version, scope)
    return { id, scoped: { type: 'principal', name: principal, version, scope } }
  }
  if ('rolePolicy' in policy) {
    // Role policies need no parent scopes: a check uses the role policy at the nearest scope
    // of the resource's scope chain that has one.
    const { role, version, scope } = policy.rolePolicy
    return { id: policyId('role', role, version, scope) }
  }
  if ('derivedRoles' in policy) return { id: `derived_roles.${policy.derivedRoles.name}` }
  if ('exportVariables' in policy) return { id: `export_variables.${policy.exportVariables.name}` }
  return { id: `export_constants.${policy.exportConstants.name}` }
}

/** Returns the ancestors of a scope, nearest first: `a.b.c` gives `a.b`, `a`, `''`. */
function ancestorsOf(scope: string): string[] {
  const ancestors: string[] = []
  for (let end = scope.lastIndexOf('.'); end > 0; end = scope.lastIndexOf('.', end - 1)) {
    ancestors.push(scope.slice(0, end))
  }
  if (scope !== '') ancestors.push('')
  return ancestors
}

/**
 * Reports documents that share an id (kind, name, version and scope), and scoped resource and
 * principal policies whose ancestor scopes have no policy of the same name and version.
 * @internal
 */
export function checkIdentities(set: PolicySet, issues: IssueCollector): void {
  const first = new Map<string, number>()
  const identities = set.policies.map(identityOf)

  identities.forEach(({ id }, index) => {
    const earlier = first.get(id)
    if (earlier === undefined) first.set(id, index)
    else {
      const kind = kindOf(set.policies[index] as Policy)
      const message = `duplicate policy ${quote(id)}: also defined by the document at ${issues.documentPath(earlier)}`
      issues.report('ERR_POLICY_INVALID', index, [kind], message)
    }
  })

  identities.forEach(({ id, scoped }, index) => {
    if (scoped === undefined) return
    const kind = kindOf(set.policies[index] as Policy)

    for (const ancestor of ancestorsOf(scoped.scope)) {
      const parentId = policyId(scoped.type, scoped.name, scoped.version, ancestor)
      if (first.has(parentId)) continue
      const message = `missing parent policy ${quote(parentId)}: ${quote(id)} needs a policy at every ancestor scope`
      issues.report('ERR_POLICY_INVALID', index, [kind, 'scope'], message)
    }
  })
}
