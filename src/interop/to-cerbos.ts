import { stringify } from 'yaml'
import type { Policy } from '../policy/document.js'
import { policyId } from '../policy/names.js'
import { PolicyInvalid } from '../errors.js'
import { validatePolicies } from '../policy-set.js'
import type { CerbosDocument } from './cerbos-documents.js'
import { checkNames } from './check-names.js'
import { ExportContext } from './export-context.js'
import { ExportUnsupported } from './export-unsupported.js'
import { FileNames } from './file-names.js'
import { exportPrincipalPolicy } from './principal-policy.js'
import { exportResourcePolicy } from './resource-policy.js'
import { SchemaExport } from './schemas.js'
import { exportConstants, exportDerivedRoles, exportVariables } from './shared-documents.js'

/** Options of {@link toCerbos}. */
export interface CerbosExportOptions {
  /**
   * The file format: YAML, or JSON with two-space indentation.
   * @defaultValue `'yaml'`
   */
  readonly format?: 'yaml' | 'json'
  /**
   * Whether the authorizer, and so the Cerbos PDP, searches scopes leniently. It must match
   * the authorizer's `lenientScopeSearch`; the export then needs Cerbos'
   * `engine.lenientScopeSearch` set to the same value (see `pdpConfig`).
   * @defaultValue `false`
   */
  readonly lenientScopeSearch?: boolean
}

/** One file of an export: a policy document or a JSON Schema. */
export interface CerbosFile {
  /** Path relative to the root of a Cerbos disk store, with `/` separators. */
  readonly path: string
  readonly content: string
}

/** The result of {@link toCerbos}. */
export interface CerbosExport {
  /** Policy documents and, under `_schemas/`, the JSON Schemas they reference. */
  readonly files: readonly CerbosFile[]
  /**
   * The part of a Cerbos configuration (`cerbos.yaml`) that the files assume. The other
   * engine settings must keep their defaults (`defaultPolicyVersion: default`, no
   * `defaultScope`, no `strictEvaluation`).
   */
  readonly pdpConfig: {
    readonly engine: { readonly lenientScopeSearch: boolean }
    readonly schema: { readonly enforcement: 'none' | 'warn' | 'reject' }
  }
}

/**
 * Exports policies as Cerbos `api.cerbos.dev/v1` documents that make a Cerbos PDP (0.55)
 * decide as hopgate does, with conditions printed as CEL. Where the two engines differ, the
 * export compensates: a deny overrides across roles, an allow in a
 * `requireParentalConsentForAllows` scope becomes the deny it implies, and a deny condition
 * that errors still denies. Constructs with no faithful Cerbos form, such as role policies,
 * `delegation` refs and the `mod` operator, are refused; docs/cerbos.md lists them.
 *
 * Throws `PolicyInvalid` when the policies are invalid, `ExportUnsupported` listing every
 * construct that cannot be exported, and `TypeError` on a bad option.
 *
 * @example
 * ```ts
 * const { files, pdpConfig } = toCerbos(policies, { format: 'yaml' })
 * for (const file of files) {
 *   await mkdir(dirname(join(store, file.path)), { recursive: true })
 *   await writeFile(join(store, file.path), file.content)
 * }
 * // cerbos.yaml: storage.disk.directory = store, engine and schema from pdpConfig
 * ```
 */
export function toCerbos(
  policies: readonly Policy[] | readonly unknown[],
  options: CerbosExportOptions = {},
): CerbosExport {
  const { format = 'yaml', lenientScopeSearch = false } = checkOptions(options)
  const list = validated(policies)

  const context = new ExportContext(list, !lenientScopeSearch)
  const names = new FileNames(format === 'yaml' ? '.yaml' : '.json')
  const schemas = new SchemaExport(list, context, names)
  checkNames(list, context)

  const documents = list.map((policy, index) => ({
    path: names.policy(policy),
    document: exportDocument(policy, index, context, schemas),
  }))
  if (context.issues.length > 0) throw new ExportUnsupported(context.issues)

  const files: CerbosFile[] = documents.flatMap(({ path, document }) =>
    document === undefined ? [] : [{ path, content: serialize(document, format) }],
  )
  for (const { path, schema } of schemas.files) {
    files.push({ path, content: `${JSON.stringify(schema, null, 2)}\n` })
  }

  return {
    files,
    pdpConfig: {
      engine: { lenientScopeSearch },
      schema: { enforcement: schemas.enforcement ?? 'none' },
    },
  }
}

function checkOptions(options: unknown): CerbosExportOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('toCerbos: options must be an object')
  }
  // Options may come from untyped code, so their types are checked here.
  const { format, lenientScopeSearch } = options as {
    format?: unknown
    lenientScopeSearch?: unknown
  }
  if (format !== undefined && format !== 'yaml' && format !== 'json') {
    throw new TypeError(
      `toCerbos: "format" must be "yaml" or "json", got ${JSON.stringify(format)}`,
    )
  }
  if (lenientScopeSearch !== undefined && typeof lenientScopeSearch !== 'boolean') {
    throw new TypeError('toCerbos: "lenientScopeSearch" must be a boolean')
  }
  return options
}

/** Validates and compiles the policies as `createAuthorizer` does; throws `PolicyInvalid`. */
function validated(policies: readonly unknown[]): Policy[] {
  if (!Array.isArray(policies)) {
    throw new TypeError('toCerbos: "policies" must be an array of policy documents')
  }
  const result = validatePolicies(policies)
  if (!result.ok) throw new PolicyInvalid(result.errors)
  return result.policies
}

function exportDocument(
  policy: Policy,
  index: number,
  context: ExportContext,
  schemas: SchemaExport,
): CerbosDocument | undefined {
  if ('resourcePolicy' in policy) {
    const refs = schemas.refsFor(policy.resourcePolicy)
    return exportResourcePolicy(policy.resourcePolicy, index, context, refs)
  }
  if ('principalPolicy' in policy) {
    return exportPrincipalPolicy(policy.principalPolicy, index, context)
  }
  if ('derivedRoles' in policy) return exportDerivedRoles(policy.derivedRoles, index, context)
  if ('exportVariables' in policy) return exportVariables(policy.exportVariables, index, context)
  if ('exportConstants' in policy) return exportConstants(policy.exportConstants, index, context)

  const { role, version, scope } = policy.rolePolicy
  context.report({
    policy: policyId('role', role, version, scope),
    rule: null,
    construct: 'rolePolicy',
    path: `/${index}/rolePolicy`,
    message: ROLE_POLICY_REASON,
  })
  return undefined
}

const ROLE_POLICY_REASON =
  "Cerbos 0.55 expands a custom role's parent roles only when the request's scope is the role policy's scope, and turns actions it does not list into denies, where hopgate applies the nearest role policy of the scope chain and drops what it does not list"

function serialize(document: CerbosDocument, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })
}
