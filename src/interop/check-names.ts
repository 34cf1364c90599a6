import type { Policy } from '../policy/document.js'
import { cerbosName } from './cerbos-names.js'
import type { ExportContext } from './export-context.js'

/**
 * Reports names that differ in hopgate but that Cerbos files under the same name (see
 * {@link cerbosName}): two resource kinds, two principal ids, or two sets of derived roles,
 * variables or constants.
 * @internal
 */
export function checkNames(policies: readonly Policy[], context: ExportContext): void {
  const seen = new Map<string, string>()

  policies.forEach((policy, index) => {
    const named = nameOf(policy)
    if (named === undefined) return
    const key = `${named.type}\u0000${cerbosName(named.name)}`
    const earlier = seen.get(key)

    if (earlier === undefined) seen.set(key, named.name)
    else if (earlier !== named.name) {
      const message = `Cerbos names both ${JSON.stringify(earlier)} and ${JSON.stringify(named.name)} ${JSON.stringify(cerbosName(named.name))}, replacing characters other than letters, digits, "_" and "."`
      context.report({
        policy: `${named.type}.${named.name}`,
        rule: null,
        construct: `name ${JSON.stringify(named.name)}`,
        path: `/${index}/${Object.keys(policy)[0] ?? ''}`,
        message,
      })
    }
  })
}

function nameOf(policy: Policy): { readonly type: string; readonly name: string } | undefined {
  if ('resourcePolicy' in policy) return { type: 'resource', name: policy.resourcePolicy.resource }
  if ('principalPolicy' in policy) {
    return { type: 'principal', name: policy.principalPolicy.principal }
  }
  if ('derivedRoles' in policy) return { type: 'derived_roles', name: policy.derivedRoles.name }
  if ('exportVariables' in policy) {
    return { type: 'export_variables', name: policy.exportVariables.name }
  }
  if ('exportConstants' in policy) {
    return { type: 'export_constants', name: policy.exportConstants.name }
  }
  return undefined
}
