import type { Policy, ResourcePolicyBody } from '../../src/policy/document.js'
import type { Scenario, ScenarioRequest } from './grammar/scenario.js'

/**
 * Gives a case its own names, so that many cases share one Cerbos store without meeting:
 * resource kinds, principal ids, the names of derived role, variable and constant sets, and
 * the first segment of every scope get the prefix. Only the root scope is shared.
 */
export function namespaced(value: Scenario, prefix: string): Scenario {
  const names = new Renamer(prefix)
  return {
    policies: value.policies.map((policy) => names.policy(policy)),
    requests: value.requests.map((request) => names.request(request)),
  }
}

class Renamer {
  constructor(private readonly prefix: string) {}

  name(name: string): string {
    return `${this.prefix}${name}`
  }

  /** `X.a` becomes `c7.a`; the root scope, spelled `''` or `.`, stays. */
  scope(scope: string | undefined): string | undefined {
    if (scope === undefined || scope === '' || scope === '.') return scope
    return scope.replace(/^X/, this.prefix)
  }

  /** Renames a principal rule resource: a kind, `*`, or a glob such as `k*`. */
  pattern(resource: string): string {
    return resource === '*' ? resource : this.name(resource)
  }

  policy(policy: Policy): Policy {
    if ('resourcePolicy' in policy) {
      const body = policy.resourcePolicy
      return {
        resourcePolicy: {
          ...body,
          resource: this.name(body.resource),
          ...this.#scopeField(body.scope),
          ...(body.importDerivedRoles === undefined
            ? {}
            : { importDerivedRoles: body.importDerivedRoles.map((name) => this.name(name)) }),
          ...this.#blocks(body),
        },
      }
    }
    if ('principalPolicy' in policy) {
      const body = policy.principalPolicy
      return {
        principalPolicy: {
          ...body,
          principal: this.name(body.principal),
          ...this.#scopeField(body.scope),
          rules: body.rules.map((rule) => ({ ...rule, resource: this.pattern(rule.resource) })),
        },
      }
    }
    if ('derivedRoles' in policy) {
      return { derivedRoles: { ...policy.derivedRoles, name: this.name(policy.derivedRoles.name) } }
    }
    if ('exportVariables' in policy) {
      const body = policy.exportVariables
      return { exportVariables: { ...body, name: this.name(body.name) } }
    }
    if ('exportConstants' in policy) {
      const body = policy.exportConstants
      return { exportConstants: { ...body, name: this.name(body.name) } }
    }
    return policy
  }

  request(request: ScenarioRequest): ScenarioRequest {
    const { principal } = request
    return {
      principal: {
        ...principal,
        id: this.name(principal.id),
        attr: this.#attributes(principal.attr),
        ...this.#scopeField(principal.scope),
      },
      resources: request.resources.map(({ resource, actions }) => ({
        resource: {
          ...resource,
          kind: this.name(resource.kind),
          attr: this.#attributes(resource.attr),
          ...this.#scopeField(resource.scope),
        },
        actions,
      })),
    }
  }

  #scopeField(scope: string | undefined): { scope?: string } {
    const renamed = this.scope(scope)
    return renamed === undefined ? {} : { scope: renamed }
  }

  #blocks(body: ResourcePolicyBody): Pick<ResourcePolicyBody, 'variables' | 'constants'> {
    const { variables, constants } = body
    return {
      ...(variables === undefined
        ? {}
        : { variables: { ...variables, ...this.#imports(variables) } }),
      ...(constants === undefined
        ? {}
        : { constants: { ...constants, ...this.#imports(constants) } }),
    }
  }

  #imports(block: { readonly import?: readonly string[] }): { import?: readonly string[] } {
    return block.import === undefined ? {} : { import: block.import.map((name) => this.name(name)) }
  }

  /** Renames `owner`, which contains a principal id, with the principal ids. */
  #attributes(attr: Record<string, unknown>): Record<string, unknown> {
    return typeof attr['owner'] === 'string' ? { ...attr, owner: this.name(attr['owner']) } : attr
  }
}
