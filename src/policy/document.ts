import type { Expression } from '../condition/expression.js'

/** How a scoped resource policy combines with the policies of its parent scopes. */
export type ScopePermissions = 'overrideParent' | 'requireParentalConsentForAllows'

/** What a rule does when it matches. */
export type Effect = 'allow' | 'deny'

/** A JSON Schema object, passed to ajv as it is. */
export type JsonSchema = Readonly<Record<string, unknown>>

/** Variables of a policy: imported sets by name plus local definitions. */
export interface VariablesBlock {
  readonly import?: readonly string[]
  readonly local?: Readonly<Record<string, Expression>>
}

/** Constants of a policy: imported sets by name plus local values. */
export interface ConstantsBlock {
  readonly import?: readonly string[]
  readonly local?: Readonly<Record<string, unknown>>
}

/** Expressions evaluated when a rule is evaluated, reported in `decision.outputs`. */
export interface RuleOutput {
  /** Evaluated when the rule matched: action, role and condition. */
  readonly whenMatched?: Expression
  /** Evaluated when action and role matched but the condition was false. */
  readonly whenConditionFalse?: Expression
}

/** A rule of a resource policy. */
export interface ResourceRule {
  readonly name?: string
  readonly actions: readonly string[]
  readonly effect: Effect
  readonly roles?: readonly string[]
  readonly derivedRoles?: readonly string[]
  readonly when?: Expression
  readonly output?: RuleOutput
}

/** Attribute schemas of a resource policy and how strictly they are enforced. */
export interface SchemasBlock {
  /** Schema of `P.attr` for user principals. */
  readonly principal?: JsonSchema
  /** Schema of `P.attr` for workload and agent principals. */
  readonly workload?: JsonSchema
  /** Schema of `R.attr`. */
  readonly resource?: JsonSchema
  /** @defaultValue `'none'` */
  readonly enforcement?: 'none' | 'warn' | 'reject'
}

/** Rules for one resource kind. */
export interface ResourcePolicyBody {
  readonly resource: string
  readonly version?: string
  readonly scope?: string
  readonly scopePermissions?: ScopePermissions
  readonly importDerivedRoles?: readonly string[]
  readonly variables?: VariablesBlock
  readonly constants?: ConstantsBlock
  readonly schemas?: SchemasBlock
  readonly rules: readonly ResourceRule[]
}

/** One derived role: active when a parent role is held and the condition is true. */
export interface DerivedRoleDefinition {
  readonly name: string
  readonly parentRoles: readonly string[]
  readonly when?: Expression
}

/** A named set of derived roles, imported by resource policies. */
export interface DerivedRolesBody {
  readonly name: string
  readonly definitions: readonly DerivedRoleDefinition[]
  readonly variables?: VariablesBlock
  readonly constants?: ConstantsBlock
}

/** One action rule inside a principal policy. */
export interface PrincipalActionRule {
  readonly action: string
  readonly effect: Effect
  readonly name?: string
  readonly when?: Expression
  readonly output?: RuleOutput
}

/** The rules of a principal policy for resource kinds matching `resource` (glob allowed). */
export interface PrincipalResourceRule {
  readonly resource: string
  readonly actions: readonly PrincipalActionRule[]
}

/** Rules for one principal id, per resource kind. */
export interface PrincipalPolicyBody {
  readonly principal: string
  readonly version?: string
  readonly scope?: string
  readonly scopePermissions?: ScopePermissions
  readonly variables?: VariablesBlock
  readonly constants?: ConstantsBlock
  readonly rules: readonly PrincipalResourceRule[]
}

/** The (resource kind, actions) pairs a custom role keeps of what its parent roles grant. */
export interface RolePolicyRule {
  readonly resource: string
  readonly allowActions: readonly string[]
  readonly when?: Expression
}

/** A custom role that narrows its parent roles to the listed pairs. */
export interface RolePolicyBody {
  readonly role: string
  readonly parentRoles: readonly string[]
  readonly version?: string
  readonly scope?: string
  readonly variables?: VariablesBlock
  readonly constants?: ConstantsBlock
  readonly rules: readonly RolePolicyRule[]
}

/** Named expressions that other policies import by name. */
export interface ExportVariablesBody {
  readonly name: string
  readonly definitions: Readonly<Record<string, Expression>>
}

/** Named values that other policies import by name. */
export interface ExportConstantsBody {
  readonly name: string
  readonly definitions: Readonly<Record<string, unknown>>
}

/** A resource policy document. */
export interface ResourcePolicy {
  readonly resourcePolicy: ResourcePolicyBody
}
/** A derived roles document. */
export interface DerivedRoles {
  readonly derivedRoles: DerivedRolesBody
}
/** A principal policy document. */
export interface PrincipalPolicy {
  readonly principalPolicy: PrincipalPolicyBody
}
/** A role policy document. */
export interface RolePolicy {
  readonly rolePolicy: RolePolicyBody
}
/** An exported variables document. */
export interface ExportVariables {
  readonly exportVariables: ExportVariablesBody
}
/** An exported constants document. */
export interface ExportConstants {
  readonly exportConstants: ExportConstantsBody
}

/** One policy document, discriminated by its single top-level key. */
export type Policy =
  ResourcePolicy | DerivedRoles | PrincipalPolicy | RolePolicy | ExportVariables | ExportConstants
