import type { JsonSchema } from './document.js'
import type {
  DelegationFields,
  PrincipalFields,
  Ref,
  ResourceFields,
  Timestamp,
  UntypedRef,
} from './expr-types.js'

/**
 * The shape of the `App` type given to `definePolicies<App>()`: the principal's attributes,
 * and the actions and attributes of each resource kind. Variables and constants may be typed
 * too; otherwise `p.V` and `p.C` are untyped.
 *
 * @example
 * ```ts
 * type App = {
 *   principal: { department: string }
 *   resources: {
 *     document: { actions: 'read' | 'edit'; attr: { ownerId: string } }
 *   }
 *   variables: { isOwner: boolean }
 * }
 * ```
 */
export interface AppShape {
  readonly principal?: object
  readonly resources: object
  readonly variables?: object
  readonly constants?: object
}

/** The resource kinds of an `App` type. */
export type ResourceKind<App extends AppShape> = keyof App['resources'] & string

type ResourceEntry<App extends AppShape, K extends ResourceKind<App>> = App['resources'][K]

/** The actions of resource kind `K`. */
export type ActionOf<App extends AppShape, K extends ResourceKind<App>> =
  ResourceEntry<App, K> extends { readonly actions: infer A extends string } ? A : never

/** The attributes of resource kind `K`. */
export type AttrOf<App extends AppShape, K extends ResourceKind<App>> =
  ResourceEntry<App, K> extends { readonly attr: infer A extends object } ? A : object

/** The principal attributes of an `App` type. */
export type PrincipalAttrOf<App extends AppShape> = App extends {
  readonly principal: infer A extends object
}
  ? A
  : object

type AttrKeys<App extends AppShape> = {
  [K in ResourceKind<App>]: keyof AttrOf<App, K> & string
}[ResourceKind<App>]

type AttrValue<App extends AppShape, Key extends string> = {
  [K in ResourceKind<App>]: Key extends keyof AttrOf<App, K> ? AttrOf<App, K>[Key] : never
}[ResourceKind<App>]

/**
 * The attributes of every resource kind merged: each key of any kind, with the union of its
 * types. This is what `p.R.attr` offers when the policy's kind is not known.
 */
export type MergedAttr<App extends AppShape> = {
  readonly [Key in AttrKeys<App>]: AttrValue<App, Key>
}

/**
 * An action, or a glob matching at least one action: `'*'` matches every action, and `*` in
 * place of a `:`-separated segment matches any one segment (`'share:*'`).
 */
export type ActionPattern<A extends string> = '*' | SegmentGlobs<A>

type SegmentGlobs<A extends string> = A extends `${infer Head}:${infer Tail}`
  ? `${Head | '*'}:${SegmentGlobs<Tail>}`
  : A | '*'

/** `p.V`: typed by `App['variables']` when the `App` type declares them. */
export type VariableRefs<App extends AppShape> = App extends {
  readonly variables: infer V extends object
}
  ? { readonly [N in keyof V & string]-?: Ref<V[N]> }
  : Readonly<Record<string, UntypedRef>>

/** `p.C`: typed by `App['constants']` when the `App` type declares them. */
export type ConstantRefs<App extends AppShape> = App extends {
  readonly constants: infer C extends object
}
  ? { readonly [N in keyof C & string]-?: Ref<C[N]> }
  : Readonly<Record<string, UntypedRef>>

/** The refs every kit offers. */
export interface KitRefs<App extends AppShape> {
  /** The principal: `p.P.id`, `p.P.roles`, `p.P.attr.department`, ... */
  readonly P: Ref<PrincipalFields<PrincipalAttrOf<App>>>
  /**
   * The resource. Outside a per-policy callback its `attr` merges the attributes of every
   * resource kind; inside `resourcePolicy(kind, (k) => ...)`, `k.R` has the attributes of
   * that kind only.
   */
  readonly R: Ref<ResourceFields<ResourceKind<App>, MergedAttr<App>>>
  /** Variables: `p.V.isOwner` is `{ ref: 'V.isOwner' }`. */
  readonly V: VariableRefs<App>
  /** Constants: `p.C.maxSize` is `{ ref: 'C.maxSize' }`. */
  readonly C: ConstantRefs<App>
  /** The delegation context: `p.delegation.actor.id`, `p.delegation.depth`, ... */
  readonly delegation: Ref<DelegationFields<PrincipalAttrOf<App>>>
  /** The instant of the check. */
  readonly now: Ref<Timestamp>
}

/**
 * A runtime description of an `App` type, kept on the kit for tools that generate requests,
 * such as the testing toolkit: JSON Schemas of the attributes and the list of actions.
 */
export interface AppDescription<App extends AppShape> {
  readonly principal?: { readonly attr?: JsonSchema }
  readonly resources?: {
    readonly [K in ResourceKind<App>]?: {
      readonly actions?: readonly ActionOf<App, K>[]
      readonly attr?: JsonSchema
    }
  }
}
