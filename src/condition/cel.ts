import { formatHas, formatRef } from './cel-ref.js'
import { quoteCelString } from './cel-syntax.js'
import { OPERATORS, type Expression, type OperatorName } from './expression.js'
import { isPlainObject } from './kind.js'

/** CEL operator precedence, lowest first, as in the CEL grammar. */
const OR = 1
const AND = 2
const RELATION = 3
const ADDITIVE = 4
const MULTIPLICATIVE = 5
const UNARY = 6
const MEMBER = 7

/** Nesting beyond which the printer writes `...` instead of recursing. */
const MAX_PRINT_DEPTH = 256

/** Printed CEL text and the precedence of its outermost operator. */
interface Printed {
  readonly text: string
  readonly precedence: number
}

/**
 * Prints an expression as CEL, with Cerbos' extension functions where hopgate's operators map
 * to them (`hasIntersection`, `isSubset`, `timeSince`, `inIPAddrRange`) and parentheses only
 * where precedence needs them. Refs print as `P.attr.x`, `R.attr["a.b"]`, `V.x`, `C.x`,
 * `delegation.depth`, `now()`, or a bound variable's name.
 *
 * Numbers: CEL separates `int` and `double`, while every hopgate number is a double, as JSON
 * attributes are in Cerbos. Integer literals print as CEL ints, which compare with doubles.
 * Operands of arithmetic print as doubles (`1.0`, `double(size(x))`) because CEL has no mixed
 * int and double arithmetic. So `div(7, 2)` prints `7.0 / 2.0`, which is 3.5 in both.
 *
 * NOTE: CEL's `%` has no double overload, so a printed `mod` fails in CEL; and a malformed
 * expression, which the compiler would reject, prints as a best effort, not as valid CEL.
 *
 * Returns a string for any JSON input, malformed expressions included.
 *
 * @example
 * ```ts
 * toCel({ and: [{ eq: [{ ref: 'R.attr.status' }, 'published'] }, { not: [{ ref: 'V.locked' }] }] })
 * // 'R.attr.status == "published" && !V.locked'
 * ```
 */
export function toCel(expr: Expression): string {
  return print(expr, 0, false).text
}

function print(expr: unknown, depth: number, numeric: boolean): Printed {
  if (depth > MAX_PRINT_DEPTH) return primary('...')
  switch (typeof expr) {
    case 'string':
      return primary(quoteCelString(expr))
    case 'number':
      return printNumber(expr, numeric)
    case 'boolean':
      return primary(String(expr))
    case 'object':
      if (expr === null) return primary('null')
      if (Array.isArray(expr)) return primary(`[${printAll(expr, depth).join(', ')}]`)
      return printObject(expr, depth, numeric)
    default:
      return primary('null')
  }
}

function primary(text: string): Printed {
  return { text, precedence: MEMBER }
}

function printNumber(value: number, numeric: boolean): Printed {
  const text = Number.isInteger(value) && numeric ? `${value}.0` : String(value)
  return { text, precedence: value < 0 ? UNARY : MEMBER }
}

function printAll(items: readonly unknown[], depth: number): string[] {
  return items.map((item) => print(item, depth + 1, false).text)
}

function printObject(expr: object, depth: number, numeric: boolean): Printed {
  const keys = isPlainObject(expr) ? Object.keys(expr) : []
  const [key] = keys
  if (key === undefined || keys.length > 1) return primary('null')

  const argument = (expr as Readonly<Record<string, unknown>>)[key]
  if (key === 'ref') return primary(formatRef(argument))
  if (key === 'value') return primary(printData(argument, depth))
  const args: readonly unknown[] = Array.isArray(argument) ? argument : []
  if (!Object.hasOwn(OPERATORS, key)) return primary(`${key}(${printAll(args, depth).join(', ')})`)
  return printOperator(key as OperatorName, args, depth, numeric)
}

/** Prints literal data from `{ value }` as CEL list and map literals. */
function printData(value: unknown, depth: number): string {
  if (depth > MAX_PRINT_DEPTH) return '...'
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => printData(item, depth + 1)).join(', ')}]`
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${quoteCelString(key)}: ${printData(item, depth + 1)}`,
    )
    return `{${entries.join(', ')}}`
  }
  return print(value, depth, false).text
}

function printOperator(
  name: OperatorName,
  args: readonly unknown[],
  depth: number,
  numeric: boolean,
): Printed {
  const { min, max } = OPERATORS[name]
  if (args.length < min || args.length > max) {
    return primary(`${name}(${printAll(args, depth).join(', ')})`)
  }
  const arg = (index: number, argNumeric = false) => print(args[index], depth + 1, argNumeric)
  const operands = () => args.map((_, index) => arg(index))

  switch (name) {
    case 'and':
      return junction(operands(), ' && ', AND)
    case 'or':
      return junction(operands(), ' || ', OR)
    case 'not':
      return { text: `!${wrap(arg(0), UNARY)}`, precedence: UNARY }
    case 'eq':
    case 'ne':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return comparison(name, args, depth)
    case 'in':
      return relation(arg(0), 'in', arg(1))
    case 'contains':
      return relation(arg(1), 'in', arg(0))
    case 'has':
      return printHas(args[0])
    case 'size':
      return primary(numeric ? `double(size(${arg(0).text}))` : `size(${arg(0).text})`)
    case 'hasIntersection':
    case 'timestamp':
    case 'duration':
      return primary(`${name}(${printAll(args, depth).join(', ')})`)
    case 'exists':
    case 'all':
      return comprehension(name, arg(0), args[1], arg(2))
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod':
      return arithmetic(name, arg(0, true), arg(1, true))
    default:
      return method(
        METHOD_NAMES[name],
        arg(0),
        args.slice(1).map((_, index) => arg(index + 1)),
      )
  }
}

/** CEL names of the operators printed as a method call on their first argument. */
const METHOD_NAMES: Readonly<Record<string, string>> = {
  isSubset: 'isSubset',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  includes: 'contains',
  matches: 'matches',
  timeSince: 'timeSince',
  inIpRange: 'inIPAddrRange',
}

const COMPARISON_SYMBOLS: Readonly<Record<string, string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
}

const ARITHMETIC_SYMBOLS: Readonly<Record<string, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  mod: '%',
}

/** Parenthesises `printed` when its precedence is below `minimum`. */
function wrap(printed: Printed, minimum: number): string {
  return printed.precedence < minimum ? `(${printed.text})` : printed.text
}

function junction(parts: readonly Printed[], separator: string, precedence: number): Printed {
  const [only] = parts
  if (parts.length === 1 && only !== undefined) return only
  return { text: parts.map((part) => wrap(part, precedence)).join(separator), precedence }
}

/**
 * Prints a comparison. A side compared with arithmetic is printed as a double, so that
 * `eq(add(R.attr.n, 1), 5)` prints `R.attr.n + 1.0 == 5.0`.
 */
function comparison(name: string, args: readonly unknown[], depth: number): Printed {
  const left = print(args[0], depth + 1, isArithmetic(args[1]))
  const right = print(args[1], depth + 1, isArithmetic(args[0]))
  return relation(left, COMPARISON_SYMBOLS[name] ?? name, right)
}

function isArithmetic(expr: unknown): boolean {
  if (typeof expr !== 'object' || expr === null) return false
  const keys = Object.keys(expr)
  return keys.length === 1 && Object.hasOwn(ARITHMETIC_SYMBOLS, keys[0] ?? '')
}

/** Prints a relation; CEL relations associate, so a relation operand is parenthesised. */
function relation(left: Printed, symbol: string, right: Printed): Printed {
  return {
    text: `${wrap(left, RELATION + 1)} ${symbol} ${wrap(right, RELATION + 1)}`,
    precedence: RELATION,
  }
}

function arithmetic(name: string, left: Printed, right: Printed): Printed {
  const precedence = name === 'add' || name === 'sub' ? ADDITIVE : MULTIPLICATIVE
  const symbol = ARITHMETIC_SYMBOLS[name] ?? name
  return { text: `${wrap(left, precedence)} ${symbol} ${wrap(right, precedence + 1)}`, precedence }
}

function method(name: string | undefined, receiver: Printed, args: readonly Printed[]): Printed {
  const list = args.map((arg) => arg.text).join(', ')
  return primary(`${wrap(receiver, MEMBER)}.${name ?? 'null'}(${list})`)
}

function comprehension(
  name: string,
  list: Printed,
  variable: unknown,
  predicate: Printed,
): Printed {
  const bound = typeof variable === 'string' ? variable : 'null'
  return primary(`${wrap(list, MEMBER)}.${name}(${bound}, ${predicate.text})`)
}

function printHas(arg: unknown): Printed {
  const keys = typeof arg === 'object' && arg !== null ? Object.keys(arg) : []
  if (keys.length !== 1 || keys[0] !== 'ref') return primary(`has(${print(arg, 1, false).text})`)
  const { text, tests } = formatHas((arg as { readonly ref: unknown }).ref)
  if (tests > 1) return { text, precedence: AND }
  return { text, precedence: text.startsWith('has(') ? MEMBER : RELATION }
}
