import type { JsonSchema, Policy, ResourcePolicyBody, SchemasBlock } from '../policy/document.js'
import { policyId } from '../policy/names.js'
import type { ExportContext } from './export-context.js'
import type { FileNames } from './file-names.js'
import { policyBase } from './file-names.js'
import type { SchemaRefs } from './resource-policy.js'

/** The JSON Schema dialect hopgate compiles attribute schemas with (ajv's 2020 build). */
const DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/** A schema file to write under the store root. @internal */
export interface SchemaFile {
  readonly path: string
  readonly schema: JsonSchema
}

/**
 * Collects the attribute schemas of an export.
 *
 * hopgate validates with the schemas of the nearest policy in the walked scopes that declares
 * any; Cerbos with those of the request's own scope policy only. Each policy is therefore
 * written with the schemas it inherits. Cerbos sets enforcement for the whole PDP
 * (`schema.enforcement`), so the policies with schemas must agree on it; policies with
 * enforcement `none` are written without schemas.
 * @internal
 */
export class SchemaExport {
  readonly files: SchemaFile[] = []
  #enforcement: { readonly level: 'warn' | 'reject'; readonly policy: string } | undefined
  readonly #written = new Map<string, SchemaRefs>()
  readonly #byId = new Map<string, { readonly body: ResourcePolicyBody; readonly index: number }>()

  constructor(
    policies: readonly Policy[],
    readonly context: ExportContext,
    readonly names: FileNames,
  ) {
    policies.forEach((policy, index) => {
      if (!('resourcePolicy' in policy)) return
      const body = policy.resourcePolicy
      this.#byId.set(policyId('resource', body.resource, body.version, body.scope), { body, index })
    })
  }

  /** The level for `schema.enforcement` in the PDP configuration, when any schema is written. */
  get enforcement(): 'warn' | 'reject' | undefined {
    return this.#enforcement?.level
  }

  /** The schema references to write into the resource policy `body`. */
  refsFor(body: ResourcePolicyBody): SchemaRefs {
    const declaring = this.#declaring(body)
    if (declaring === undefined) return undefined
    const id = policyId(
      'resource',
      declaring.body.resource,
      declaring.body.version,
      declaring.body.scope,
    )
    const written = this.#written.get(id)
    if (written !== undefined || this.#written.has(id)) return written

    const refs = this.#write(declaring.body, declaring.index, id)
    this.#written.set(id, refs)
    return refs
  }

  /** The nearest policy of the same kind and version, this one included, that declares schemas. */
  #declaring(body: ResourcePolicyBody) {
    let scope: string | undefined = body.scope ?? ''
    while (scope !== undefined) {
      const found = this.#byId.get(policyId('resource', body.resource, body.version, scope))
      if (found?.body.schemas !== undefined) return found
      scope = parentScope(scope)
    }
    return undefined
  }

  #write(body: ResourcePolicyBody, index: number, id: string): SchemaRefs {
    const block = body.schemas as SchemasBlock
    const level = block.enforcement ?? 'none'
    const path = `/${index}/resourcePolicy/schemas`
    if (level === 'none') return undefined

    if (block.workload !== undefined) {
      const message =
        'Cerbos has no workload principals: its principal schema applies to every principal'
      this.context.report({
        policy: id,
        rule: null,
        construct: 'schemas.workload',
        path: `${path}/workload`,
        message,
      })
    }
    if (this.#enforcement === undefined) this.#enforcement = { level, policy: id }
    else if (this.#enforcement.level !== level) {
      const message = `Cerbos applies one enforcement level to every policy, and ${this.#enforcement.policy} uses ${JSON.stringify(this.#enforcement.level)}`
      this.context.report({
        policy: id,
        rule: null,
        construct: `schemas.enforcement ${JSON.stringify(level)}`,
        path: `${path}/enforcement`,
        message,
      })
    }

    const base = policyBase({ resourcePolicy: body }).replace(/^resource_policies\//, '')
    return {
      ...this.#file(block.principal, `${base}.principal`, 'principalSchema'),
      ...this.#file(block.resource, `${base}.resource`, 'resourceSchema'),
    }
  }

  #file(
    schema: JsonSchema | undefined,
    name: string,
    field: 'principalSchema' | 'resourceSchema',
  ): SchemaRefs {
    if (schema === undefined) return {}

    const file = this.names.schema(name)
    const written = Object.hasOwn(schema, '$schema') ? schema : { $schema: DIALECT, ...schema }
    this.files.push({ path: file, schema: written })
    return { [field]: { ref: `cerbos:///${file.slice('_schemas/'.length)}` } }
  }
}

function parentScope(scope: string): string | undefined {
  if (scope === '') return undefined
  const dot = scope.lastIndexOf('.')
  return dot < 0 ? '' : scope.slice(0, dot)
}
