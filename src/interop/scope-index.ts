import type { Policy } from '../policy/document.js'

/**
 * The scopes at which each resource kind and principal id has policies, per version.
 *
 * Cerbos 0.55 keeps one set of scopes for all resource policies and one for all principal
 * policies. Under strict scope search it walks from a request's scope whenever any kind (or
 * any principal) has a policy there, where hopgate needs a policy of the request's own kind
 * and version (or principal id and version) at that scope. The index tells where an export
 * must guard against that.
 * @internal
 */
export class ScopeIndex {
  readonly #resourceScopes = new Set<string>()
  readonly #principalScopes = new Set<string>()
  readonly #resources = new Map<string, Set<string>>()
  readonly #principals = new Map<string, Set<string>>()

  constructor(policies: readonly Policy[]) {
    for (const policy of policies) {
      if ('resourcePolicy' in policy) {
        const { resource, version, scope = '' } = policy.resourcePolicy
        this.#resourceScopes.add(scope)
        add(this.#resources, key(resource, version), scope)
      } else if ('principalPolicy' in policy) {
        const { principal, version, scope = '' } = policy.principalPolicy
        this.#principalScopes.add(scope)
        add(this.#principals, key(principal, version), scope)
      }
    }
  }

  /**
   * The scopes of `kind` at `version` when some other resource policy has a scope this kind
   * lacks, so that requests at such a scope need an explicit deny; else undefined.
   */
  resourceGuard(kind: string, version: string | undefined): readonly string[] | undefined {
    return guard(this.#resourceScopes, this.#resources.get(key(kind, version)))
  }

  /** The same for the principal policies of `principal` at `version`. */
  principalGuard(principal: string, version: string | undefined): readonly string[] | undefined {
    return guard(this.#principalScopes, this.#principals.get(key(principal, version)))
  }
}

function key(name: string, version: string | undefined): string {
  return JSON.stringify([name, version ?? 'default'])
}

function add(map: Map<string, Set<string>>, name: string, scope: string): void {
  const scopes = map.get(name)
  if (scopes === undefined) map.set(name, new Set([scope]))
  else scopes.add(scope)
}

function guard(
  all: ReadonlySet<string>,
  own: ReadonlySet<string> | undefined,
): readonly string[] | undefined {
  if (own === undefined) return undefined
  for (const scope of all) {
    if (!own.has(scope)) return [...own].sort()
  }
  return undefined
}
