import type { CompiledPolicySet, CompiledRolePolicy } from './compiled.js'
import { scopeChain } from './scope-chain.js'

/** @internal A chain of custom roles through which a role is held; each one narrows it. */
export type NarrowingPath = readonly CompiledRolePolicy[]

/**
 * How a principal holds each role. A role held directly grants without limit; a role reached
 * only through custom roles (role policies) grants only what every custom role on one of its
 * paths lists.
 * - `null`: the role is not held;
 * - `'direct'`: held directly;
 * - a list of paths: held only through those chains of custom roles.
 * @internal
 */
export type RoleMatch = 'direct' | readonly NarrowingPath[] | null

/** @internal The roles of one principal for one resource version and scope. */
export interface RoleGrants {
  /** How a rule listing `roles`, or `*` when `anyRole`, is matched. */
  match(roles: ReadonlySet<string>, anyRole: boolean): RoleMatch
}

/**
 * Resolves the roles of a principal, expanding the parent roles of its custom roles
 * transitively. Role policies are looked up by the resource's version, nearest scope first.
 * @internal
 */
export function resolveRoles(
  roles: readonly string[],
  set: CompiledPolicySet,
  version: string,
  scope: string,
): RoleGrants {
  if (set.roles.size === 0) return directGrants(roles)

  const chain = scopeChain(scope)
  const lookup = (role: string): CompiledRolePolicy | undefined => {
    const byScope = set.roles.get(role)?.get(version)
    if (byScope === undefined) return undefined
    for (const name of chain) {
      const policy = byScope.get(name)
      if (policy !== undefined) return policy
    }
    return undefined
  }

  const custom = roles.map(lookup).filter((policy) => policy !== undefined)
  if (custom.length === 0) return directGrants(roles)

  // Every held role is direct, the custom roles too: a rule that names a custom role grants it
  // in full. Only the parent roles reached through a custom role are narrowed.
  const direct = new Set(roles)
  const narrowed = new Map<string, NarrowingPath[]>()
  for (const policy of custom) expand(policy, [policy], narrowed, lookup)

  const plain = roles.filter((role) => lookup(role) === undefined).length
  return narrowedGrants(direct, plain, custom, narrowed)
}

// Principals hold a handful of roles, so a list scan beats building a set per check.
class DirectGrants implements RoleGrants {
  constructor(private readonly roles: readonly string[]) {}

  match(ruleRoles: ReadonlySet<string>, anyRole: boolean): RoleMatch {
    if (anyRole) return 'direct'
    for (const role of this.roles) if (ruleRoles.has(role)) return 'direct'
    return null
  }
}

function directGrants(roles: readonly string[]): RoleGrants {
  return new DirectGrants(roles)
}

function narrowedGrants(
  direct: ReadonlySet<string>,
  plain: number,
  custom: readonly CompiledRolePolicy[],
  narrowed: ReadonlyMap<string, readonly NarrowingPath[]>,
): RoleGrants {
  return {
    match(ruleRoles, anyRole) {
      // `*` matches through a held role that is not a custom role when there is one;
      // otherwise only through the custom roles, which then narrow it.
      if (anyRole && plain > 0) return 'direct'
      for (const role of ruleRoles) if (direct.has(role)) return 'direct'

      const paths: NarrowingPath[] = anyRole ? custom.map((policy) => [policy]) : []
      for (const role of ruleRoles) paths.push(...(narrowed.get(role) ?? []))
      return paths.length === 0 ? null : paths
    },
  }
}

// Depth-first walk of the parent roles; a role already on the path is not entered again, so
// a cycle that slipped past validation still terminates.
function expand(
  policy: CompiledRolePolicy,
  path: NarrowingPath,
  narrowed: Map<string, NarrowingPath[]>,
  lookup: (role: string) => CompiledRolePolicy | undefined,
): void {
  if (path.length > 1) addPath(narrowed, policy.role, path)

  for (const parent of policy.parentRoles) {
    const parentPolicy = lookup(parent)
    if (parentPolicy === undefined) {
      addPath(narrowed, parent, path)
    } else if (!path.includes(parentPolicy)) {
      expand(parentPolicy, [...path, parentPolicy], narrowed, lookup)
    }
  }
}

function addPath(narrowed: Map<string, NarrowingPath[]>, role: string, path: NarrowingPath): void {
  const paths = narrowed.get(role)
  if (paths === undefined) narrowed.set(role, [path])
  else paths.push(path)
}
