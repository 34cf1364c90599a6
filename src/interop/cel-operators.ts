import type { Expression, OperatorName } from '../condition/expression.js'
import { childPointer } from '../condition/fault.js'
import {
  asDyn,
  binary,
  expecting,
  functionCall,
  methodCall,
  Precedence,
  primary,
  wrap,
  type Printed,
} from './cel-printed.js'
import type { CelPrinter } from './cel-printer.js'
import { printHas } from './cel-refs.js'
import {
  BOOL,
  DOUBLE,
  DURATION,
  DYN,
  elementOf,
  mayBe,
  STRING,
  TIMESTAMP,
  unifiable,
  type CelType,
} from './cel-type.js'

type Bound = ReadonlyMap<string, CelType>

/** Types that CEL orders with `<`. hopgate orders all but `bool`, which is a type error there. */
const ORDERED: readonly CelType['name'][] = ['double', 'string', 'timestamp', 'duration', 'bool']

const COMPARISON_SYMBOLS: Readonly<Record<string, string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
}

/** CEL methods of the string operators, called on their first argument. */
const STRING_METHODS: Readonly<Record<string, string>> = {
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  includes: 'contains',
}

/** Prints one operator node at `path` whose argument list is `args`. @internal */
export function printOperator(
  printer: CelPrinter,
  name: OperatorName,
  args: readonly Expression[],
  path: string,
  bound: Bound,
  depth: number,
): Printed {
  const argPath = (index: number) => childPointer(childPointer(path, name), index)
  const arg = (index: number, scope: Bound = bound) =>
    printer.child(args[index], argPath(index), scope, depth)

  switch (name) {
    case 'and':
    case 'or':
      return junction(
        args.map((_, index) => arg(index)),
        name === 'and' ? ' && ' : ' || ',
        name === 'and' ? Precedence.AND : Precedence.OR,
      )
    case 'not':
      return unaryNot(arg(0))
    case 'eq':
    case 'ne':
      return equality(arg(0), COMPARISON_SYMBOLS[name] ?? '==', arg(1))
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return ordering(arg(0), COMPARISON_SYMBOLS[name] ?? '<', arg(1))
    case 'in':
      return membership(arg(0), arg(1))
    case 'contains':
      return membership(arg(1), arg(0))
    case 'hasIntersection':
    case 'isSubset':
      return setTest(name, arg(0), arg(1))
    case 'has':
      return printHas(refOf(args[0]), { path: argPath(0), report: printer.scope.report, bound })
    case 'size':
      return primary(`double(size(${expecting(arg(0), 'string', 'list', 'map').text}))`, DOUBLE)
    case 'startsWith':
    case 'endsWith':
    case 'includes':
      return stringTest(STRING_METHODS[name] ?? name, arg(0), arg(1))
    case 'matches':
      return matches(printer, arg(0), args[1], argPath(1))
    case 'exists':
    case 'all':
      return comprehension(printer, name, args, arg(0), argPath, bound, depth)
    case 'timestamp':
      return functionCall('timestamp', [expecting(arg(0), 'string', 'timestamp')], TIMESTAMP)
    case 'duration':
      return functionCall('duration', [expecting(arg(0), 'string', 'duration')], DURATION)
    case 'timeSince':
      return methodCall(expecting(arg(0), 'timestamp'), 'timeSince', [], DURATION)
    case 'inIpRange':
      return methodCall(
        expecting(arg(0), 'string'),
        'inIPAddrRange',
        [expecting(arg(1), 'string')],
        BOOL,
      )
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return arithmetic(name, arg(0), arg(1))
    case 'mod':
      printer.scope.report(
        path,
        'operator "mod"',
        "CEL's % is defined for integers only, and every hopgate number is a double",
      )
      return primary('null', DYN)
  }
}

function refOf(expr: unknown): unknown {
  if (typeof expr !== 'object' || expr === null || !('ref' in expr)) return undefined
  return (expr as { readonly ref: unknown }).ref
}

function junction(parts: readonly Printed[], separator: string, precedence: number): Printed {
  const operands = parts.map((part) => expecting(part, 'bool'))
  const [only] = operands
  if (operands.length === 1 && only !== undefined) return only
  const text = operands.map((part) => wrap(part, precedence)).join(separator)
  return { text, precedence, type: BOOL }
}

/** Prints `!x` with `x` as a boolean operand. @internal */
export function unaryNot(operand: Printed): Printed {
  const value = expecting(operand, 'bool')
  return { text: `!${wrap(value, Precedence.UNARY)}`, precedence: Precedence.UNARY, type: BOOL }
}

function equality(left: Printed, symbol: string, right: Printed): Printed {
  const other = unifiable(left.type, right.type) ? right : asDyn(right)
  return binary(left, symbol, other, Precedence.RELATION, BOOL)
}

function ordering(left: Printed, symbol: string, right: Printed): Printed {
  const sameOrdered = left.type.name === right.type.name && ORDERED.includes(left.type.name)
  const oneDyn =
    (left.type.name === 'dyn' && ORDERED.includes(right.type.name)) ||
    (right.type.name === 'dyn' && ORDERED.includes(left.type.name))
  const bothDyn = left.type.name === 'dyn' && right.type.name === 'dyn'
  if (sameOrdered || oneDyn || bothDyn)
    return binary(left, symbol, right, Precedence.RELATION, BOOL)
  return binary(asDyn(left), symbol, asDyn(right), Precedence.RELATION, BOOL)
}

function membership(value: Printed, list: Printed): Printed {
  const container = mayBe(list.type, 'list') ? list : asDyn(list)
  const item = unifiable(value.type, elementOf(container.type)) ? value : asDyn(value)
  return binary(item, 'in', container, Precedence.RELATION, BOOL)
}

function setTest(name: string, left: Printed, right: Printed): Printed {
  const a = mayBe(left.type, 'list') ? left : asDyn(left)
  let b = mayBe(right.type, 'list') ? right : asDyn(right)
  if (!unifiable(elementOf(a.type), elementOf(b.type))) b = asDyn(b)
  return functionCall(name, [a, b], BOOL)
}

function stringTest(method: string, text: Printed, part: Printed): Printed {
  return methodCall(expecting(text, 'string'), method, [expecting(part, 'string')], BOOL)
}

/**
 * Prints `matches`. hopgate runs patterns with RE2 syntax and semantics, as CEL's `matches`
 * does in Cerbos, so the pattern is written as it is.
 */
function matches(printer: CelPrinter, subject: Printed, pattern: unknown, path: string): Printed {
  if (typeof pattern !== 'string') {
    printer.scope.report(path, 'matches', 'the pattern must be a literal string')
    return primary('false', BOOL)
  }
  const literal = printer.string(pattern, path)
  return methodCall(expecting(subject, 'string'), 'matches', [literal], BOOL)
}

function comprehension(
  printer: CelPrinter,
  name: 'exists' | 'all',
  args: readonly Expression[],
  list: Printed,
  argPath: (index: number) => string,
  bound: Bound,
  depth: number,
): Printed {
  const variable = args[1]
  if (typeof variable !== 'string') {
    printer.scope.report(argPath(1), name, 'the bound variable must be a literal name')
    return primary('false', BOOL)
  }

  const items = mayBe(list.type, 'list') ? list : asDyn(list)
  const scope = new Map(bound).set(variable, elementOf(items.type))
  const printed = printer.child(args[2], argPath(2), scope, depth)
  // Cerbos 0.55 folds constants at compile time, and folds `[2.0].all(x, true)` to false;
  // `dyn()` keeps a predicate that does not read the variable from being folded.
  const predicate = readsVariable(args[2], variable) ? expecting(printed, 'bool') : asDyn(printed)
  return methodCall(items, name, [primary(variable, DYN), predicate], BOOL)
}

/** Tells whether `expr` reads the comprehension variable `name` outside inner rebindings. */
function readsVariable(expr: unknown, name: string): boolean {
  if (typeof expr !== 'object' || expr === null) return false
  if (Array.isArray(expr)) return expr.some((item) => readsVariable(item, name))

  const entries = Object.entries(expr as Readonly<Record<string, unknown>>)
  const [entry] = entries
  if (entry === undefined || entries.length > 1) return false
  const [key, argument] = entry
  if (key === 'value') return false
  if (key === 'ref') {
    const root: unknown =
      typeof argument === 'string'
        ? argument.split('.')[0]
        : Array.isArray(argument)
          ? argument[0]
          : undefined
    return root === name
  }
  if (!Array.isArray(argument)) return false
  if ((key === 'exists' || key === 'all') && argument[1] === name) {
    return readsVariable(argument[0], name)
  }
  return argument.some((item) => readsVariable(item, name))
}

/** The result types of `+` and `-` on pairs of CEL types, keyed as `left,right`. */
const ADDITIVE_RESULTS: Readonly<Record<string, Readonly<Record<string, CelType>>>> = {
  add: {
    'double,double': DOUBLE,
    'string,string': STRING,
    'timestamp,duration': TIMESTAMP,
    'duration,timestamp': TIMESTAMP,
    'duration,duration': DURATION,
  },
  sub: {
    'double,double': DOUBLE,
    'timestamp,timestamp': DURATION,
    'timestamp,duration': TIMESTAMP,
    'duration,duration': DURATION,
  },
  mul: { 'double,double': DOUBLE },
  div: { 'double,double': DOUBLE },
}

const ARITHMETIC_SYMBOLS: Readonly<Record<string, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
}

function sameElements(left: Printed, right: Printed): boolean {
  const a = elementOf(left.type)
  const b = elementOf(right.type)
  return a.name !== 'dyn' && JSON.stringify(a) === JSON.stringify(b)
}

function arithmetic(name: string, left: Printed, right: Printed): Printed {
  const precedence =
    name === 'add' || name === 'sub' ? Precedence.ADDITIVE : Precedence.MULTIPLICATIVE
  const symbol = ARITHMETIC_SYMBOLS[name] ?? '+'
  const results = ADDITIVE_RESULTS[name] ?? {}

  // Lists concatenate only with lists of the same element type; any other pair meeting a list
  // is left to evaluation, since the checker binds list element types in ways hard to foresee.
  if (left.type.name === 'list' || right.type.name === 'list') {
    const lists = left.type.name === 'list' && right.type.name === 'list'
    if (name === 'add' && lists && sameElements(left, right)) {
      return binary(left, symbol, right, precedence, left.type)
    }
    return binary(asDyn(left), symbol, asDyn(right), precedence, DYN)
  }

  // The checker resolves an operand of type dyn against the overloads whose other operand
  // fits, and types the result when they all agree, as `dyn / 2.0` is a double.
  const fits = (pattern: string, side: Printed) =>
    side.type.name === 'dyn' || side.type.name === pattern
  const candidates = Object.entries(results).filter(([pair]) => {
    const [first = '', second = ''] = pair.split(',')
    return fits(first, left) && fits(second, right)
  })
  const [candidate] = candidates
  if (candidate !== undefined) {
    const agreed = candidates.every(
      ([, type]) => unifiable(type, candidate[1]) && type.name === candidate[1].name,
    )
    return binary(left, symbol, right, precedence, agreed ? candidate[1] : DYN)
  }
  return binary(asDyn(left), symbol, asDyn(right), precedence, DYN)
}
