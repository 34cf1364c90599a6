/**
 * Builds the id of a policy the way Cerbos names it: `resource.document.vdefault`, with
 * `/scope` appended for a scoped policy.
 * @internal
 */
export function policyId(
  type: 'resource' | 'principal' | 'role',
  name: string,
  version: string,
  scope: string,
): string {
  const base = `${type}.${name}.v${version}`
  return scope === '' ? base : `${base}/${scope}`
}

/** Default name of the rule at `index` in a resource policy: `rule-001`, `rule-002`, ... @internal */
export function defaultRuleName(index: number): string {
  return `rule-${String(index + 1).padStart(3, '0')}`
}

/**
 * Default name of an action rule in a principal policy, prefixed with its resource as Cerbos
 * does: `document_rule-001`.
 * @internal
 */
export function defaultPrincipalRuleName(resource: string, index: number): string {
  return `${resource}_${defaultRuleName(index)}`
}
