import type { PrincipalKind } from '../engine/model.js'

declare const valueType: unique symbol
declare const refBrand: unique symbol
declare const timestampBrand: unique symbol
declare const durationBrand: unique symbol

/**
 * A condition expression built by the typed kit that evaluates to a `T`. The type parameter
 * exists for the compiler only: at run time the value is plain JSON such as `{ eq: [a, b] }`.
 */
export interface Expr<out T> {
  readonly [valueType]: T
}

/** The marker that sets refs apart from other expressions, for `has`. */
export interface RefBrand {
  readonly [refBrand]: true
}

/**
 * A typed ref such as `p.R.attr.status`, which becomes `{ ref: 'R.attr.status' }` in the
 * policy. Properties of an object-typed ref are refs to its fields, so
 * `p.R.attr.address.city` is a `Ref<string>`.
 */
export type Ref<T> = Expr<T> & RefBrand & RefFields<T>

/** The field refs of a `Ref<T>`: one per key of an object type, none for lists and scalars. */
export type RefFields<T> = [NonNullable<T>] extends [readonly unknown[]]
  ? unknown
  : NonNullable<T> extends object
    ? {
        readonly [K in keyof NonNullable<T> & string]-?: Ref<Exclude<NonNullable<T>[K], undefined>>
      }
    : unknown

/** The type of a timestamp in conditions: `now`, `timestamp(...)`. */
export interface Timestamp {
  readonly [timestampBrand]: 'timestamp'
}

/** The type of a duration in conditions: `duration('90m')`, `timeSince(...)`. */
export interface Duration {
  readonly [durationBrand]: 'duration'
}

/**
 * A value of type `T` in a condition: a typed expression, or a literal of that type. Lists are
 * written as arrays of operands. Objects have no literal form, because an object in an
 * expression is an operator: use `p.value(...)`.
 */
export type Operand<T> = Expr<T> | Literal<T>

/** The literal forms of `T`: scalars as they are, lists as arrays of operands. */
export type Literal<T> = T extends string | number | boolean | null
  ? T
  : T extends readonly (infer E)[]
    ? readonly Operand<E>[]
    : never

/** A condition: a boolean expression or literal. */
export type Condition = Operand<boolean>

/** Any expression, for outputs, whose value can be of any type. */
export type AnyOperand = Expr<unknown> | string | number | boolean | null | readonly AnyOperand[]

/** The widened type of a literal type: `string` for `'draft' | 'published'`. */
export type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T

/** Values that `lt`, `lte`, `gt` and `gte` order. */
export type Orderable = string | number | Timestamp | Duration

/** A JSON value. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/**
 * The type of a ref whose type the kit cannot know, such as a variable when the `App` type
 * declares no variables. It fits wherever an expression is expected.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped ref must fit every operand
export type UntypedRef = Expr<any> & RefBrand

/** The principal as conditions read it through `P`. */
export interface PrincipalFields<Attr> {
  readonly id: string
  readonly kind: PrincipalKind
  readonly roles: readonly string[]
  readonly attr: Attr
  readonly policyVersion: string
  readonly scope: string
}

/** The resource as conditions read it through `R`. */
export interface ResourceFields<Kind extends string, Attr> {
  readonly kind: Kind
  readonly id: string
  readonly attr: Attr
  readonly policyVersion: string
  readonly scope: string
}

/** The delegation context as conditions read it through `delegation`. */
export interface DelegationFields<SubjectAttr> {
  /** The acting workload or agent; its attributes are not typed by the `App` type. */
  readonly actor: PrincipalFields<Readonly<Record<string, unknown>>> | null
  /** The user the actor acts for. */
  readonly subject: PrincipalFields<SubjectAttr> | null
  readonly chain: readonly string[]
  readonly depth: number
}
