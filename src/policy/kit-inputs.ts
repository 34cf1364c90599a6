import type { ActionOf, ActionPattern, AppShape, ResourceKind } from './app-types.js'
import type { Effect, SchemasBlock, ScopePermissions } from './document.js'
import type { AnyOperand, Condition, JsonValue, Operand } from './expr-types.js'

/** A resource kind glob, for principal and role policy rules that cover several kinds. */
export type ResourceGlob = `${string}*${string}`

/** The outputs of a rule built with the kit. */
export interface OutputInput {
  readonly whenMatched?: AnyOperand
  readonly whenConditionFalse?: AnyOperand
}

/** The principals a rule applies to: roles, derived roles or both. */
export type RoleSelector =
  | { readonly roles: readonly string[]; readonly derivedRoles?: readonly string[] }
  | { readonly roles?: readonly string[]; readonly derivedRoles: readonly string[] }

/** The options of `allow` and `deny`. */
export type RuleOptions = RoleSelector & {
  readonly when?: Condition
  readonly name?: string
  readonly output?: OutputInput
}

/** A resource policy rule as the kit builds it, with its action patterns typed. */
export interface KitRule<A extends string> {
  readonly actions: readonly A[]
  readonly effect: Effect
  readonly name?: string
  readonly roles?: readonly string[]
  readonly derivedRoles?: readonly string[]
  readonly when?: Condition
  readonly output?: OutputInput
}

/** Local variable definitions, typed by `App['variables']` when the `App` type declares them. */
export type VariableDefinitions<App extends AppShape> = App extends {
  readonly variables: infer V extends object
}
  ? { readonly [N in keyof V]?: Operand<V[N]> }
  : Readonly<Record<string, AnyOperand>>

/** Constant values, typed by `App['constants']` when the `App` type declares them. */
export type ConstantDefinitions<App extends AppShape> = App extends {
  readonly constants: infer C extends object
}
  ? { readonly [N in keyof C]?: C[N] }
  : Readonly<Record<string, JsonValue>>

/** The `variables` block of a policy built with the kit. */
export interface VariablesInput<App extends AppShape> {
  readonly import?: readonly string[]
  readonly local?: VariableDefinitions<App>
}

/** The `constants` block of a policy built with the kit. */
export interface ConstantsInput<App extends AppShape> {
  readonly import?: readonly string[]
  readonly local?: ConstantDefinitions<App>
}

interface Blocks<App extends AppShape> {
  readonly variables?: VariablesInput<App>
  readonly constants?: ConstantsInput<App>
}

/** The body of `resourcePolicy(kind, body)`: a resource policy without its `resource`. */
export interface ResourcePolicyInput<
  App extends AppShape,
  K extends ResourceKind<App>,
> extends Blocks<App> {
  readonly version?: string
  readonly scope?: string
  readonly scopePermissions?: ScopePermissions
  readonly importDerivedRoles?: readonly string[]
  readonly schemas?: SchemasBlock
  readonly rules: readonly KitRule<ActionPattern<ActionOf<App, K>>>[]
}

/** One derived role definition. */
export interface DerivedRoleInput {
  readonly name: string
  readonly parentRoles: readonly string[]
  readonly when?: Condition
}

/** The body of `derivedRoles(name, body)`. */
export interface DerivedRolesInput<App extends AppShape> extends Blocks<App> {
  readonly definitions: readonly DerivedRoleInput[]
}

/** One action rule of a principal policy, for actions of type `A`. */
export interface PrincipalActionInput<A extends string> {
  readonly action: A
  readonly effect: Effect
  readonly name?: string
  readonly when?: Condition
  readonly output?: OutputInput
}

/** The rules of a principal policy for one resource kind, or for a glob of kinds. */
export type PrincipalRuleInput<App extends AppShape> =
  | {
      [K in ResourceKind<App>]: {
        readonly resource: K
        readonly actions: readonly PrincipalActionInput<ActionPattern<ActionOf<App, K>>>[]
      }
    }[ResourceKind<App>]
  | { readonly resource: ResourceGlob; readonly actions: readonly PrincipalActionInput<string>[] }

/** The body of `principalPolicy(principal, body)`. */
export interface PrincipalPolicyInput<App extends AppShape> extends Blocks<App> {
  readonly version?: string
  readonly scope?: string
  readonly scopePermissions?: ScopePermissions
  readonly rules: readonly PrincipalRuleInput<App>[]
}

/** The actions a role policy keeps for one resource kind, or for a glob of kinds. */
export type RoleRuleInput<App extends AppShape> =
  | {
      [K in ResourceKind<App>]: {
        readonly resource: K
        readonly allowActions: readonly ActionPattern<ActionOf<App, K>>[]
        readonly when?: Condition
      }
    }[ResourceKind<App>]
  | {
      readonly resource: ResourceGlob
      readonly allowActions: readonly string[]
      readonly when?: Condition
    }

/** The body of `rolePolicy(role, body)`. */
export interface RolePolicyInput<App extends AppShape> extends Blocks<App> {
  readonly parentRoles: readonly string[]
  readonly version?: string
  readonly scope?: string
  readonly rules: readonly RoleRuleInput<App>[]
}
