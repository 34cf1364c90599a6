/**
 * The JSON form of a condition expression, shared by the typed kit, the JSON Schema, the
 * compiler and the CEL printer.
 *
 * - a string, number, boolean or `null` is a literal;
 * - an array is a list of expressions;
 * - `{ ref: 'P.attr.department' }` or `{ ref: ['R', 'attr', 'a.b'] }` reads a value;
 * - `{ value: <any JSON> }` is a literal object or list taken as data;
 * - any other object has exactly one operator key whose value is the argument list.
 */
export type Expression =
  | string
  | number
  | boolean
  | null
  | readonly Expression[]
  | RefExpression
  | ValueExpression
  | OperatorExpression

/** Reads a value: a dotted path, or a list of segments when a key contains a dot. */
export interface RefExpression {
  readonly ref: string | readonly string[]
}

/** A literal taken as data, never interpreted as an operator. */
export interface ValueExpression {
  readonly value: unknown
}

/** Operator names and their arities, in the order the JSON Schema lists them. */
export const OPERATORS = {
  and: { min: 1, max: Infinity },
  or: { min: 1, max: Infinity },
  not: { min: 1, max: 1 },
  eq: { min: 2, max: 2 },
  ne: { min: 2, max: 2 },
  lt: { min: 2, max: 2 },
  lte: { min: 2, max: 2 },
  gt: { min: 2, max: 2 },
  gte: { min: 2, max: 2 },
  in: { min: 2, max: 2 },
  contains: { min: 2, max: 2 },
  hasIntersection: { min: 2, max: 2 },
  isSubset: { min: 2, max: 2 },
  has: { min: 1, max: 1 },
  size: { min: 1, max: 1 },
  startsWith: { min: 2, max: 2 },
  endsWith: { min: 2, max: 2 },
  includes: { min: 2, max: 2 },
  matches: { min: 2, max: 2 },
  exists: { min: 3, max: 3 },
  all: { min: 3, max: 3 },
  timestamp: { min: 1, max: 1 },
  duration: { min: 1, max: 1 },
  timeSince: { min: 1, max: 1 },
  inIpRange: { min: 2, max: 2 },
  add: { min: 2, max: 2 },
  sub: { min: 2, max: 2 },
  mul: { min: 2, max: 2 },
  div: { min: 2, max: 2 },
  mod: { min: 2, max: 2 },
} as const satisfies Record<string, { min: number; max: number }>

/** Name of an operator. */
export type OperatorName = keyof typeof OPERATORS

/** An operator applied to its argument list, for example `{ eq: [a, b] }`. */
export type OperatorExpression = {
  readonly [K in OperatorName]: { readonly [P in K]: readonly Expression[] }
}[OperatorName]

/**
 * Roots a `ref` path may start with. `now` is the check's instant; any other first segment
 * must be a variable bound by `exists` or `all`.
 */
export const REF_ROOTS = ['P', 'R', 'V', 'C', 'delegation', 'now'] as const

/** A root of a `ref` path. */
export type RefRoot = (typeof REF_ROOTS)[number]
