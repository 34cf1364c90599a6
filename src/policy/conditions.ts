import type { OperatorName } from '../condition/expression.js'
import type {
  Condition,
  Duration,
  Expr,
  Operand,
  Orderable,
  Ref,
  RefBrand,
  Timestamp,
  Widen,
} from './expr-types.js'
import { createRef, toJson, toOperand } from './refs.js'

/**
 * Builders of condition expressions. Each returns the plain JSON operator object, typed by
 * what it evaluates to. In two-sided comparisons the left operand fixes the type. A literal
 * on the right must be of that type, and an expression on the right must have its widened
 * type. So when `status` is `'draft' | 'published'`, `eq(p.R.attr.status, 'archived')` does
 * not compile, but `eq(p.R.attr.status, p.P.attr.department)` does for a string attribute.
 */
export interface ConditionBuilders {
  /** True when every condition is true. */
  and(first: Condition, ...rest: Condition[]): Expr<boolean>
  /** True when any condition is true. */
  or(first: Condition, ...rest: Condition[]): Expr<boolean>
  /** Negates a condition; negating an error is an error. */
  not(condition: Condition): Expr<boolean>
  /** `and` of a list of conditions. */
  allOf(conditions: readonly [Condition, ...Condition[]]): Expr<boolean>
  /** `or` of a list of conditions. */
  anyOf(conditions: readonly [Condition, ...Condition[]]): Expr<boolean>
  /** True when no condition of the list is true: `not(or(...))`. */
  noneOf(conditions: readonly [Condition, ...Condition[]]): Expr<boolean>

  /** Equality by type and value, lists and objects by structure. */
  eq<T>(left: Operand<T>, right: Compared<T>): Expr<boolean>
  /** Inequality: the negation of `eq`. */
  ne<T>(left: Operand<T>, right: Compared<T>): Expr<boolean>
  /** Less than, for numbers, strings, timestamps and durations. */
  lt<T extends Orderable>(left: Operand<T>, right: Ordered<T>): Expr<boolean>
  /** Less than or equal. */
  lte<T extends Orderable>(left: Operand<T>, right: Ordered<T>): Expr<boolean>
  /** Greater than. */
  gt<T extends Orderable>(left: Operand<T>, right: Ordered<T>): Expr<boolean>
  /** Greater than or equal. */
  gte<T extends Orderable>(left: Operand<T>, right: Ordered<T>): Expr<boolean>

  /** True when `value` is an element of `list`. */
  in<T>(value: Operand<T>, list: ListOf<T>): Expr<boolean>
  /** True when `list` contains `value`. */
  contains<E>(list: Operand<readonly E[]>, value: Compared<E>): Expr<boolean>
  /** True when the lists share an element. */
  hasIntersection<E>(left: Operand<readonly E[]>, right: ListOf<E>): Expr<boolean>
  /** True when every element of `left` is in `right`. */
  isSubset<E>(left: Operand<readonly E[]>, right: ListOf<E>): Expr<boolean>
  /** True when the attribute is present; a missing intermediate gives false. */
  has(ref: RefBrand): Expr<boolean>
  /** Length of a string in code points, or number of elements of a list or keys of a map. */
  size(value: Operand<string> | Operand<readonly unknown[]> | Expr<object>): Expr<number>

  /** True when `text` starts with `prefix`. */
  startsWith(text: Operand<string>, prefix: Operand<string>): Expr<boolean>
  /** True when `text` ends with `suffix`. */
  endsWith(text: Operand<string>, suffix: Operand<string>): Expr<boolean>
  /** True when `text` contains `part`. */
  includes(text: Operand<string>, part: Operand<string>): Expr<boolean>
  /** True when `text` matches `pattern`, a literal in the RE2-compatible subset. */
  matches(text: Operand<string>, pattern: string): Expr<boolean>

  /** True when `predicate` holds for an element of `list`, bound to `name`. */
  exists<E>(list: Operand<readonly E[]>, name: string, predicate: Predicate<E>): Expr<boolean>
  /** True when `predicate` holds for every element of `list`, bound to `name`. */
  all<E>(list: Operand<readonly E[]>, name: string, predicate: Predicate<E>): Expr<boolean>

  /** Parses an RFC 3339 timestamp such as `'2026-01-01T00:00:00Z'`. */
  timestamp(text: Operand<string>): Expr<Timestamp>
  /** Parses a duration such as `'90m'` or `'1h30m'`. */
  duration(text: Operand<string>): Expr<Duration>
  /** The duration from `time` to the check's instant. */
  timeSince(time: Operand<Timestamp>): Expr<Duration>
  /** True when the IP address `ip` is in the CIDR range `cidr`. */
  inIpRange(ip: Operand<string>, cidr: Operand<string>): Expr<boolean>

  /** Sum of two numbers. */
  add(left: Operand<number>, right: Operand<number>): Expr<number>
  /** Difference of two numbers. */
  sub(left: Operand<number>, right: Operand<number>): Expr<number>
  /** Product of two numbers. */
  mul(left: Operand<number>, right: Operand<number>): Expr<number>
  /** Quotient of two numbers; dividing by zero is an error. */
  div(left: Operand<number>, right: Operand<number>): Expr<number>
  /** Remainder of two numbers; dividing by zero is an error. */
  mod(left: Operand<number>, right: Operand<number>): Expr<number>

  /** A literal object or list taken as data: `{ value: data }`. */
  value<T>(data: T): Expr<T>
}

/** The right side of `eq` and friends: a literal of the left's type or a widened expression. */
export type Compared<T> = Operand<NoInfer<T>> | Expr<Widen<NoInfer<T>>>

/** The right side of ordering comparisons: any operand of the widened type. */
export type Ordered<T> = Operand<Widen<NoInfer<T>>>

/** A list whose elements compare with values of type `T`. */
export type ListOf<T> = readonly Compared<T>[] | Expr<readonly Widen<NoInfer<T>>[]>

/** The predicate of `exists` and `all`: a callback that gets the element as a ref. */
export type Predicate<E> = (element: Ref<E>) => Condition

function operator<T>(name: OperatorName, args: readonly unknown[]): Expr<T> {
  return { [name]: args.map(toOperand) } as unknown as Expr<T>
}

function binder(name: 'exists' | 'all') {
  return (list: unknown, variable: string, predicate: (element: never) => unknown) => {
    const condition = predicate(createRef([variable]) as never)
    return operator<boolean>(name, [list, variable, condition])
  }
}

/** The implementation of {@link ConditionBuilders}. @internal */
export const conditionBuilders: ConditionBuilders = {
  and: (...conditions: unknown[]) => operator('and', conditions),
  or: (...conditions: unknown[]) => operator('or', conditions),
  not: (condition) => operator('not', [condition]),
  allOf: (conditions) => operator('and', conditions),
  anyOf: (conditions) => operator('or', conditions),
  noneOf: (conditions) => operator('not', [operator('or', conditions)]),

  eq: (left, right) => operator('eq', [left, right]),
  ne: (left, right) => operator('ne', [left, right]),
  lt: (left, right) => operator('lt', [left, right]),
  lte: (left, right) => operator('lte', [left, right]),
  gt: (left, right) => operator('gt', [left, right]),
  gte: (left, right) => operator('gte', [left, right]),

  in: (value, list) => operator('in', [value, list]),
  contains: (list, value) => operator('contains', [list, value]),
  hasIntersection: (left, right) => operator('hasIntersection', [left, right]),
  isSubset: (left, right) => operator('isSubset', [left, right]),
  has: (ref) => operator('has', [ref]),
  size: (value) => operator('size', [value]),

  startsWith: (text, prefix) => operator('startsWith', [text, prefix]),
  endsWith: (text, suffix) => operator('endsWith', [text, suffix]),
  includes: (text, part) => operator('includes', [text, part]),
  matches: (text, pattern) => operator('matches', [text, pattern]),

  exists: binder('exists'),
  all: binder('all'),

  timestamp: (text) => operator('timestamp', [text]),
  duration: (text) => operator('duration', [text]),
  timeSince: (time) => operator('timeSince', [time]),
  inIpRange: (ip, cidr) => operator('inIpRange', [ip, cidr]),

  add: (left, right) => operator('add', [left, right]),
  sub: (left, right) => operator('sub', [left, right]),
  mul: (left, right) => operator('mul', [left, right]),
  div: (left, right) => operator('div', [left, right]),
  mod: (left, right) => operator('mod', [left, right]),

  value: <T>(data: T) => ({ value: toJson(data) }) as unknown as Expr<T>,
}
