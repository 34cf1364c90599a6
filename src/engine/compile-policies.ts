import type { Expression } from '../condition/expression.js'
import { PolicyInvalid } from '../errors.js'
import type { PolicyIssue } from '../errors.js'
import type {
  DerivedRolesBody,
  Policy,
  PrincipalPolicyBody,
  ResourcePolicyBody,
  RolePolicyBody,
} from '../policy/document.js'
import { AttributeSchemaCompiler } from './attribute-schemas.js'
import { createPolicyEnv } from './compile-env.js'
import type { Exports } from './compile-env.js'
import {
  compileOptional,
  compilePrincipalRules,
  compileResourceRules,
  compileRoleRules,
  indexByAction,
} from './compile-rules.js'
import type {
  CompiledDerivedRole,
  CompiledPolicySet,
  CompiledPrincipalPolicy,
  CompiledResourcePolicy,
  CompiledRolePolicy,
} from './compiled.js'
import { policyId } from './policy-id.js'

type Index<T> = Map<string, Map<string, Map<string, T>>>

interface Compilation {
  readonly exports: Exports
  readonly derivedRoleSets: Map<string, Map<string, CompiledDerivedRole>>
  readonly schemas: AttributeSchemaCompiler
  readonly issues: PolicyIssue[]
}

/**
 * Compiles a validated policy set into the index the engine evaluates. Conditions compile into
 * closures once, here. Throws {@link PolicyInvalid} with every problem found.
 * @internal
 */
export function compilePolicies(policies: readonly Policy[]): CompiledPolicySet {
  const compilation: Compilation = {
    exports: collectExports(policies),
    derivedRoleSets: new Map(),
    schemas: new AttributeSchemaCompiler(),
    issues: [],
  }

  policies.forEach((policy, index) => {
    if ('derivedRoles' in policy) compileDerivedRoles(policy.derivedRoles, index, compilation)
  })

  const resources: Index<CompiledResourcePolicy> = new Map()
  const principals: Index<CompiledPrincipalPolicy> = new Map()
  const roles: Index<CompiledRolePolicy> = new Map()

  policies.forEach((policy, index) => {
    if ('resourcePolicy' in policy) {
      const body = policy.resourcePolicy
      const compiled = compileResourcePolicy(body, index, compilation)
      insert(resources, body.resource, body.version, compiled)
    } else if ('principalPolicy' in policy) {
      const body = policy.principalPolicy
      const compiled = compilePrincipalPolicy(body, index, compilation)
      insert(principals, body.principal, body.version, compiled)
    } else if ('rolePolicy' in policy) {
      const body = policy.rolePolicy
      insert(roles, body.role, body.version, compileRolePolicy(body, index, compilation))
    }
  })

  if (compilation.issues.length > 0) throw new PolicyInvalid(dedupe(compilation.issues))
  return { resources, principals, roles }
}

function collectExports(policies: readonly Policy[]): Exports {
  const variables = new Map<string, Readonly<Record<string, Expression>>>()
  const constants = new Map<string, Readonly<Record<string, unknown>>>()

  for (const policy of policies) {
    if ('exportVariables' in policy) {
      variables.set(policy.exportVariables.name, policy.exportVariables.definitions)
    } else if ('exportConstants' in policy) {
      constants.set(policy.exportConstants.name, policy.exportConstants.definitions)
    }
  }
  return { variables, constants }
}

function compileDerivedRoles(
  body: DerivedRolesBody,
  index: number,
  compilation: Compilation,
): void {
  const base = '/derivedRoles'
  const report = reporter(index, compilation)
  const env = createPolicyEnv(base, body.variables, body.constants, compilation.exports, report)
  const roles = new Map<string, CompiledDerivedRole>()

  body.definitions.forEach((definition, position) => {
    const path = `${base}/definitions/${position}/when`
    roles.set(definition.name, {
      name: definition.name,
      parentRoles: new Set(definition.parentRoles.filter((role) => role !== '*')),
      anyParent: definition.parentRoles.includes('*'),
      condition: compileOptional(definition.when, path, env),
      path,
      policyId: `derived_roles.${body.name}`,
    })
  })
  compilation.derivedRoleSets.set(body.name, roles)
}

function compileResourcePolicy(
  body: ResourcePolicyBody,
  index: number,
  compilation: Compilation,
): CompiledResourcePolicy {
  const base = '/resourcePolicy'
  const scope = body.scope ?? ''
  const id = policyId('resource', body.resource, body.version ?? 'default', scope)
  const report = reporter(index, compilation)
  const env = createPolicyEnv(base, body.variables, body.constants, compilation.exports, report)

  const derivedRoles = new Map<string, CompiledDerivedRole>()
  for (const setName of body.importDerivedRoles ?? []) {
    for (const [name, role] of compilation.derivedRoleSets.get(setName) ?? []) {
      derivedRoles.set(name, role)
    }
  }

  const rules = compileResourceRules(body.rules, id, base, env)
  return {
    id,
    scope,
    scopePermissions: body.scopePermissions ?? 'overrideParent',
    rules,
    ...indexByAction(rules),
    derivedRoles,
    schemas: compilation.schemas.compile(body.schemas, `/${index}${base}/schemas`, report),
  }
}

function compilePrincipalPolicy(
  body: PrincipalPolicyBody,
  index: number,
  compilation: Compilation,
): CompiledPrincipalPolicy {
  const base = '/principalPolicy'
  const scope = body.scope ?? ''
  const id = policyId('principal', body.principal, body.version ?? 'default', scope)
  const report = reporter(index, compilation)
  const env = createPolicyEnv(base, body.variables, body.constants, compilation.exports, report)

  const rules = compilePrincipalRules(body, id, base, env)
  return {
    id,
    scope,
    scopePermissions: body.scopePermissions ?? 'overrideParent',
    rules,
    ...indexByAction(rules),
    derivedRoles: new Map(),
  }
}

function compileRolePolicy(
  body: RolePolicyBody,
  index: number,
  compilation: Compilation,
): CompiledRolePolicy {
  const base = '/rolePolicy'
  const scope = body.scope ?? ''
  const report = reporter(index, compilation)
  const env = createPolicyEnv(base, body.variables, body.constants, compilation.exports, report)

  return {
    id: policyId('role', body.role, body.version ?? 'default', scope),
    role: body.role,
    scope,
    parentRoles: body.parentRoles,
    rules: compileRoleRules(body, base, env),
  }
}

// Compile-time paths are relative to the policy document; reported issues are relative to
// the policy list, so they get the document's index in front.
function reporter(index: number, compilation: Compilation): (issue: PolicyIssue) => void {
  return (issue) => {
    const path = issue.path.startsWith(`/${index}/`) ? issue.path : `/${index}${issue.path}`
    compilation.issues.push({ ...issue, path })
  }
}

function insert<T extends { readonly scope: string }>(
  index: Index<T>,
  name: string,
  version: string | undefined,
  policy: T,
): void {
  let byVersion = index.get(name)
  if (byVersion === undefined) {
    byVersion = new Map<string, Map<string, T>>()
    index.set(name, byVersion)
  }

  let byScope = byVersion.get(version ?? 'default')
  if (byScope === undefined) {
    byScope = new Map<string, T>()
    byVersion.set(version ?? 'default', byScope)
  }

  byScope.set(policy.scope, policy)
}

function dedupe(issues: readonly PolicyIssue[]): PolicyIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.code}\u0000${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
