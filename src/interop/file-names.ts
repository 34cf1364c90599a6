import type { Policy } from '../policy/document.js'

/**
 * Chooses the file names of an export, unique within it. A Cerbos disk store skips hidden
 * files and reads `*_test.yaml` files as test suites, so no name starts with `.` or ends with
 * `_test`.
 * @internal
 */
export class FileNames {
  readonly #usedPaths = new Set<string>()

  constructor(readonly extension: string) {}

  /** The path of a policy document, such as `resource_policies/document.vdefault.acme.yaml`. */
  policy(policy: Policy): string {
    return this.#claim(policyBase(policy), this.extension)
  }

  /** The path of a JSON Schema under `_schemas/`, the folder Cerbos resolves `cerbos:///` in. */
  schema(name: string): string {
    return this.#claim(`_schemas/${slug(name)}`, '.json')
  }

  #claim(name: string, extension: string): string {
    const base = name.endsWith('_test') ? `${name}_` : name
    let path = `${base}${extension}`
    for (let counter = 2; this.#usedPaths.has(path); counter++)
      path = `${base}-${counter}${extension}`
    this.#usedPaths.add(path)
    return path
  }
}

/** The path of a document without its extension. @internal */
export function policyBase(policy: Policy): string {
  if ('resourcePolicy' in policy) {
    const { resource, version, scope } = policy.resourcePolicy
    return `resource_policies/${slug(resource)}${versionAndScope(version, scope)}`
  }
  if ('principalPolicy' in policy) {
    const { principal, version, scope } = policy.principalPolicy
    return `principal_policies/${slug(principal)}${versionAndScope(version, scope)}`
  }
  if ('derivedRoles' in policy) return `derived_roles/${slug(policy.derivedRoles.name)}`
  if ('exportVariables' in policy) return `export_variables/${slug(policy.exportVariables.name)}`
  if ('exportConstants' in policy) return `export_constants/${slug(policy.exportConstants.name)}`
  return `role_policies/${slug(policy.rolePolicy.role)}`
}

/** Versions are word characters and scopes add `.` and `-`, so neither needs escaping. */
function versionAndScope(version: string | undefined, scope: string | undefined): string {
  const suffix = scope === undefined || scope === '' ? '' : `.${scope}`
  return `.v${version ?? 'default'}${suffix}`
}

/** Keeps letters, digits, `_`, `-` and `.`, but no leading `.`; anything else becomes `_`. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\./, '_')
}
