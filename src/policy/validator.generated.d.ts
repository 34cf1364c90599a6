// Types of validator.generated.js, written by hand: the generator emits JavaScript only.

/**
 * One error reported by the generated validator, in ajv's `ErrorObject` shape without
 * `message`: the generator turns messages off.
 * @internal
 */
export interface SchemaError {
  readonly keyword: string
  /** JSON Pointer of the failing value inside the validated document. */
  readonly instancePath: string
  /** JSON Pointer of the failing keyword inside the policy schema, prefixed with `#`. */
  readonly schemaPath: string
  readonly params: Readonly<Record<string, unknown>>
  /** Set on errors about an object key that failed `propertyNames`. */
  readonly propertyName?: string
}

/**
 * The policy document schema compiled by ajv: returns whether `data` is valid and leaves the
 * errors of the last call in `errors`.
 * @internal
 */
export interface DocumentValidator {
  (data: unknown): boolean
  readonly errors: readonly SchemaError[] | null | undefined
}

/** @internal */
export declare const validate: DocumentValidator
/** @internal */
declare const validateDefault: DocumentValidator
export default validateDefault
