import type { CompiledExpression } from '../condition/compiled.js'
import type { Effect, ScopePermissions } from '../policy/document.js'
import type { Attributes } from './model.js'

/** @internal A validator of attributes compiled from a JSON Schema. */
export type AttributeValidator = (
  attr: Attributes,
) => readonly { readonly path: string; readonly message: string }[]

/** @internal An expression output of a rule. */
export interface CompiledOutputs {
  readonly whenMatched: CompiledExpression | undefined
  readonly whenConditionFalse: CompiledExpression | undefined
}

/** @internal A rule of a resource or principal policy, ready to evaluate. */
export interface CompiledRule {
  readonly name: string
  readonly effect: Effect
  /** `policyId#ruleName`, the `src` of outputs. */
  readonly src: string
  /** Tests an action against the rule's action patterns. */
  readonly matchesAction: (action: string) => boolean
  /** The rule's action patterns, literal and glob. */
  readonly actions: readonly string[]
  /** Literal role names; empty for principal policy rules. */
  readonly roles: ReadonlySet<string>
  /** True when the rule lists `*` among its roles, or is a principal policy rule. */
  readonly anyRole: boolean
  readonly derivedRoles: readonly string[]
  readonly condition: CompiledExpression | undefined
  /** Tests a resource kind; set on principal policy rules, whose `resource` may be a glob. */
  readonly matchesKind: ((kind: string) => boolean) | undefined
  /** JSON Pointer of the rule inside its policy document. */
  readonly path: string
  readonly outputs: CompiledOutputs
}

/** @internal A derived role, with its condition compiled against its own set's variables. */
export interface CompiledDerivedRole {
  readonly name: string
  readonly parentRoles: ReadonlySet<string>
  readonly anyParent: boolean
  readonly condition: CompiledExpression | undefined
  /** JSON Pointer of the condition in the derived-roles document. */
  readonly path: string
  /** Id of the derived-roles document, for error reports. */
  readonly policyId: string
}

/** @internal A policy of one kind at one version and scope. */
export interface CompiledScopedPolicy {
  readonly id: string
  readonly scope: string
  readonly scopePermissions: ScopePermissions
  /** Rules sorted by name, so the first matching rule of an effect is the deciding one. */
  readonly rules: readonly CompiledRule[]
  /**
   * For each action a rule names literally, the rules that can match it, in name order. An
   * action not listed here can only match the rules in `globRules`.
   */
  readonly byAction: ReadonlyMap<string, readonly CompiledRule[]>
  /** The rules with at least one glob action pattern, in name order. */
  readonly globRules: readonly CompiledRule[]
  readonly derivedRoles: ReadonlyMap<string, CompiledDerivedRole>
}

/** @internal Attribute schemas of a resource policy. */
export interface CompiledSchemas {
  readonly principal: AttributeValidator | undefined
  readonly workload: AttributeValidator | undefined
  readonly resource: AttributeValidator | undefined
  readonly enforcement: 'none' | 'warn' | 'reject'
}

/** @internal A resource policy: a scoped policy with optional attribute schemas. */
export interface CompiledResourcePolicy extends CompiledScopedPolicy {
  readonly schemas: CompiledSchemas | undefined
}

/** @internal One (resource kind pattern, action patterns, condition) entry of a role policy. */
export interface CompiledRoleRule {
  readonly matchesKind: (kind: string) => boolean
  readonly matchesAction: (action: string) => boolean
  readonly condition: CompiledExpression | undefined
  readonly path: string
}

/** @internal A custom role that narrows its parent roles. */
export interface CompiledRolePolicy {
  readonly id: string
  readonly role: string
  readonly scope: string
  readonly parentRoles: readonly string[]
  readonly rules: readonly CompiledRoleRule[]
}

/** @internal Scoped policies keyed by name (kind, principal id or role), version, then scope. */
export type PolicyIndex<T> = ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, T>>>

/** @internal A principal policy; each rule carries its own resource kind pattern. */
export type CompiledPrincipalPolicy = CompiledScopedPolicy

/** @internal The compiled form of a whole policy set. */
export interface CompiledPolicySet {
  readonly resources: PolicyIndex<CompiledResourcePolicy>
  readonly principals: PolicyIndex<CompiledPrincipalPolicy>
  /** Role policies keyed by role, then version, then scope. */
  readonly roles: PolicyIndex<CompiledRolePolicy>
}
