import type { EvalContext } from '../condition/compiled.js'
import type { AttributeValidator, CompiledResourcePolicy } from './compiled.js'
import type { ValidationError } from './decision.js'

/** @internal The result of validating attributes against a resource policy's schemas. */
export interface SchemaCheck {
  readonly errors: readonly ValidationError[]
  /** Id of the policy whose `reject` enforcement denies the request, if any. */
  readonly rejectedBy: string | undefined
}

const PASSED: SchemaCheck = { errors: [], rejectedBy: undefined }

/**
 * Validates `P.attr` and `R.attr` against the schemas of the nearest policy in the walked
 * scopes that declares any. The principal schema applies to users, the workload schema to
 * workloads and agents.
 * @internal
 */
export function checkSchemas(
  scopes: readonly CompiledResourcePolicy[],
  ctx: EvalContext,
): SchemaCheck {
  const policy = scopes.find((candidate) => candidate.schemas !== undefined)
  const schemas = policy?.schemas
  if (policy === undefined || schemas === undefined || schemas.enforcement === 'none') {
    return PASSED
  }

  const principalSchema = ctx.P.kind === 'user' ? schemas.principal : schemas.workload
  const errors = [
    ...validate(principalSchema, ctx.P.attr, 'principal'),
    ...validate(schemas.resource, ctx.R.attr, 'resource'),
  ]
  if (errors.length === 0) return PASSED

  return { errors, rejectedBy: schemas.enforcement === 'reject' ? policy.id : undefined }
}

function validate(
  validator: AttributeValidator | undefined,
  attr: EvalContext['P']['attr'],
  source: ValidationError['source'],
): ValidationError[] {
  if (validator === undefined) return []

  try {
    return validator(attr).map((violation) => ({ ...violation, source }))
  } catch {
    // SECURITY: attributes that make the validator throw count as invalid, never as valid.
    return [{ path: '/', message: 'attributes could not be validated', source }]
  }
}
