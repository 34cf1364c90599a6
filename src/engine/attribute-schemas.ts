import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject } from 'ajv/dist/2020.js'
import * as formats from 'ajv-formats'
import type { PolicyIssue } from '../errors.js'
import type { JsonSchema, SchemasBlock } from '../policy/document.js'
import type { AttributeValidator, CompiledSchemas } from './compiled.js'

// ajv-formats is CommonJS: under NodeNext its plugin is the module's default export.
const addFormats = formats.default as unknown as (ajv: Ajv2020) => Ajv2020

/**
 * Compiles the attribute schemas of resource policies with one ajv instance per policy set.
 * ajv generates code at load time, so this needs a runtime that allows code generation.
 * @internal
 */
export class AttributeSchemaCompiler {
  readonly #ajv: Ajv2020

  constructor() {
    // Strict about keywords, so a misspelt one is an error, but not about `required` without
    // `properties` or about types, which valid schemas commonly leave implicit.
    this.#ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
      strictTuples: false,
      logger: false,
      validateFormats: true,
    })
    addFormats(this.#ajv)
  }

  /** Compiles a `schemas` block; problems go to `report` with their JSON path. */
  compile(
    block: SchemasBlock | undefined,
    path: string,
    report: (issue: PolicyIssue) => void,
  ): CompiledSchemas | undefined {
    if (block === undefined) return undefined

    return {
      principal: this.#compileOne(block.principal, `${path}/principal`, report),
      workload: this.#compileOne(block.workload, `${path}/workload`, report),
      resource: this.#compileOne(block.resource, `${path}/resource`, report),
      enforcement: block.enforcement ?? 'none',
    }
  }

  #compileOne(
    schema: JsonSchema | undefined,
    path: string,
    report: (issue: PolicyIssue) => void,
  ): AttributeValidator | undefined {
    if (schema === undefined) return undefined

    let validate
    try {
      validate = this.#ajv.compile(schema)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return this.#invalid(path, `invalid JSON Schema: ${reason}`, report)
    }
    // SECURITY: an asynchronous schema validates to a promise, which is truthy, so it would
    // pass every value.
    if ((validate as { $async?: unknown }).$async === true) {
      return this.#invalid(path, 'asynchronous JSON Schemas ($async) are not supported', report)
    }

    return (attr) => {
      const valid: unknown = validate(attr)
      if (valid === true) return []
      const errors = validate.errors ?? []
      return errors.length > 0 ? errors.map(toViolation) : [UNVALIDATED]
    }
  }

  #invalid(
    path: string,
    message: string,
    report: (issue: PolicyIssue) => void,
  ): AttributeValidator {
    report({ code: 'ERR_POLICY_INVALID', path, message })
    return () => [{ path: '/', message: 'schema could not be compiled' }]
  }
}

const UNVALIDATED = { path: '/', message: 'attributes could not be validated' }

function toViolation(error: ErrorObject): { path: string; message: string } {
  const path = error.instancePath === '' ? '/' : error.instancePath
  return { path, message: error.message ?? `failed "${error.keyword}"` }
}
