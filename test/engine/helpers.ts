import { createAuthorizer } from '../../src/authorizer.js'
import type { Authorizer } from '../../src/authorizer.js'
import type { AuthorizerConfig } from '../../src/config.js'
import type { Decision } from '../../src/engine/decision.js'
import type { Principal, Resource } from '../../src/engine/model.js'

/** A fixed instant for checks: 2026-06-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 5, 1)

/** Creates an authorizer over JSON policies with a fixed clock. */
export function authorizerFor(
  policies: readonly unknown[],
  options: Omit<AuthorizerConfig, 'policies'> = {},
): Authorizer {
  return createAuthorizer({ now: () => NOW, ...options, policies })
}

/** A user principal with the given roles and attributes. */
export function user(id: string, roles: string[], attr: Record<string, unknown> = {}): Principal {
  return { id, roles, attr }
}

/** A resource of the given kind. */
export function resource(
  kind: string,
  attr: Record<string, unknown> = {},
  extra: Partial<Resource> = {},
): Resource {
  return { kind, id: `${kind}-1`, attr, ...extra }
}

/** Checks one action and returns the decision. */
export function decideFor(
  authz: Authorizer,
  principal: Principal,
  target: Resource,
  action: string,
): Decision {
  return authz.check({ principal, resource: target, action })
}

/** A resource policy document for `kind` with the given rules. */
export function resourcePolicy(
  kind: string,
  rules: unknown[],
  extra: Record<string, unknown> = {},
): unknown {
  return { resourcePolicy: { resource: kind, rules, ...extra } }
}
