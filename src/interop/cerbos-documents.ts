/**
 * The shapes of the Cerbos `api.cerbos.dev/v1` documents that `toCerbos` writes, as far as it
 * uses them.
 * @internal
 */

/** A Cerbos condition tree: one CEL expression, or `all`, `any` or `none` of subtrees. */
export type CerbosMatch =
  | { readonly expr: string }
  | { readonly all: { readonly of: readonly CerbosMatch[] } }
  | { readonly none: { readonly of: readonly CerbosMatch[] } }

/** A rule condition. */
export interface CerbosCondition {
  readonly match: CerbosMatch
}

/** Output expressions of a rule, as CEL. */
export interface CerbosOutput {
  readonly when: { readonly ruleActivated?: string; readonly conditionNotMet?: string }
}

/** The Cerbos spelling of an effect. */
export type CerbosEffect = 'EFFECT_ALLOW' | 'EFFECT_DENY'

/** A rule of a Cerbos resource policy. */
export interface CerbosResourceRule {
  readonly name: string
  readonly actions: readonly string[]
  readonly effect: CerbosEffect
  readonly roles?: readonly string[]
  readonly derivedRoles?: readonly string[]
  readonly condition?: CerbosCondition
  readonly output?: CerbosOutput
}

/** An action rule of a Cerbos principal policy. */
export interface CerbosPrincipalAction {
  readonly action: string
  readonly effect: CerbosEffect
  readonly name?: string
  readonly condition?: CerbosCondition
  readonly output?: CerbosOutput
}

/** Variables or constants of a Cerbos policy: imported sets and local definitions. */
export interface CerbosBlock<T> {
  readonly import?: readonly string[]
  readonly local?: Readonly<Record<string, T>>
}

/** A reference to a schema file under `_schemas/`. */
export interface CerbosSchemaRef {
  readonly ref: string
}

/** One Cerbos policy document, with its single policy key. */
export type CerbosDocument = { readonly apiVersion: 'api.cerbos.dev/v1' } & (
  | { readonly resourcePolicy: CerbosResourcePolicy }
  | { readonly principalPolicy: CerbosPrincipalPolicy }
  | { readonly derivedRoles: CerbosDerivedRoles }
  | { readonly exportVariables: CerbosExportSet<string> }
  | { readonly exportConstants: CerbosExportSet<unknown> }
)

/** A Cerbos resource policy. */
export interface CerbosResourcePolicy {
  readonly resource: string
  readonly version: string
  readonly scope?: string
  readonly importDerivedRoles?: readonly string[]
  readonly variables?: CerbosBlock<string>
  readonly constants?: CerbosBlock<unknown>
  readonly schemas?: {
    readonly principalSchema?: CerbosSchemaRef
    readonly resourceSchema?: CerbosSchemaRef
  }
  readonly rules: readonly CerbosResourceRule[]
}

/** A Cerbos principal policy. */
export interface CerbosPrincipalPolicy {
  readonly principal: string
  readonly version: string
  readonly scope?: string
  readonly variables?: CerbosBlock<string>
  readonly constants?: CerbosBlock<unknown>
  readonly rules: readonly {
    readonly resource: string
    readonly actions: readonly CerbosPrincipalAction[]
  }[]
}

/** A Cerbos derived roles set. */
export interface CerbosDerivedRoles {
  readonly name: string
  readonly definitions: readonly {
    readonly name: string
    readonly parentRoles: readonly string[]
    readonly condition?: CerbosCondition
  }[]
  readonly variables?: CerbosBlock<string>
  readonly constants?: CerbosBlock<unknown>
}

/** A Cerbos exported variables or constants set. */
export interface CerbosExportSet<T> {
  readonly name: string
  readonly definitions: Readonly<Record<string, T>>
}

/** The `apiVersion` every exported document carries. */
export const API_VERSION = 'api.cerbos.dev/v1'
