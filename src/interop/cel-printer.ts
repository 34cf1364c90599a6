import { quoteCelString } from '../condition/cel-syntax.js'
import { OPERATORS, type Expression, type OperatorName } from '../condition/expression.js'
import { childPointer } from '../condition/fault.js'
import { primary, type IssueSink, type Printed } from './cel-printed.js'
import { hasLoneSurrogate, printRef } from './cel-refs.js'
import {
  BOOL,
  commonType,
  DOUBLE,
  DYN,
  listOf,
  mapOf,
  NULL,
  STRING,
  type CelType,
} from './cel-type.js'
import { printOperator } from './cel-operators.js'

/**
 * Empty literals. CEL types `[]` and `{}` with a free element type, which the checker binds to
 * the first overload that fits, so `[].all(x, s.startsWith(x + x))` fails to compile because
 * `x + x` is taken for bytes. Under `dyn()` they behave as the other literals of this printer.
 */
const EMPTY_LIST = primary('dyn([])', DYN)
const EMPTY_MAP = primary('dyn({})', DYN)

/** Nesting beyond which the printer stops; hopgate's validation allows less. */
const MAX_DEPTH = 128

/** Context of the policy whose expressions a printer prints. @internal */
export interface PrintScope {
  readonly report: IssueSink
}

/**
 * Prints hopgate condition expressions as CEL for Cerbos. Unlike `toCel`, which prints for
 * people, this printer writes what Cerbos compiles and evaluates the way hopgate does:
 *
 * - every number is a CEL `double`, literals as `1.0` and `size(x)` as `double(size(x))`,
 *   because every hopgate number is a double, as JSON attributes are in Cerbos, and CEL has
 *   no arithmetic that mixes `int` and `double`;
 * - operands of known, incompatible types are wrapped in `dyn()`, so the policy compiles and
 *   the comparison is decided at evaluation, as in hopgate;
 * - a numeric ref segment reads a list index or an object key, whichever the value is.
 *
 * Constructs with no faithful form are reported to `scope.report` with their JSON Pointer. The
 * text returned for them is a placeholder, so the caller must not use it.
 * @internal
 */
export class CelPrinter {
  constructor(readonly scope: PrintScope) {}

  /** Prints `expr`, found at the JSON Pointer `path`, with `bound` comprehension variables. */
  print(expr: unknown, path: string, bound: ReadonlyMap<string, CelType> = new Map()): Printed {
    return this.#node(expr, path, bound, 0)
  }

  /** Prints a child node of an operator, for {@link printOperator}. */
  child(expr: unknown, path: string, bound: ReadonlyMap<string, CelType>, depth: number): Printed {
    return this.#node(expr, path, bound, depth + 1)
  }

  #node(expr: unknown, path: string, bound: ReadonlyMap<string, CelType>, depth: number): Printed {
    if (depth > MAX_DEPTH) {
      this.scope.report(path, 'expression', `nested deeper than ${MAX_DEPTH} levels`)
      return primary('null', DYN)
    }

    switch (typeof expr) {
      case 'string':
        return this.string(expr, path)
      case 'number':
        return printNumber(expr)
      case 'boolean':
        return primary(String(expr), BOOL)
      case 'object':
        if (expr === null) return primary('null', NULL)
        if (Array.isArray(expr)) return this.#list(expr as readonly unknown[], path, bound, depth)
        return this.#object(expr, path, bound, depth)
      default:
        this.scope.report(path, 'expression', `unsupported value of type ${typeof expr}`)
        return primary('null', DYN)
    }
  }

  /** Prints a string literal; a lone surrogate has no CEL form. */
  string(text: string, path: string): Printed {
    if (hasLoneSurrogate(text)) {
      this.scope.report(
        path,
        'string with a lone surrogate',
        'CEL strings hold Unicode scalar values only',
      )
    }
    return primary(quoteCelString(text), STRING)
  }

  #list(
    items: readonly unknown[],
    path: string,
    bound: ReadonlyMap<string, CelType>,
    depth: number,
  ): Printed {
    const printed = items.map((item, index) =>
      this.#node(item, childPointer(path, index), bound, depth + 1),
    )
    if (printed.length === 0) return EMPTY_LIST
    const text = `[${printed.map((item) => item.text).join(', ')}]`
    return primary(text, listOf(commonType(printed.map((item) => item.type))))
  }

  #object(expr: object, path: string, bound: ReadonlyMap<string, CelType>, depth: number): Printed {
    const keys = Object.keys(expr)
    const [key] = keys
    const argument = (expr as Readonly<Record<string, unknown>>)[key ?? '']
    if (key === undefined || keys.length > 1) {
      this.scope.report(path, 'expression', 'expected exactly one operator key')
      return primary('null', DYN)
    }

    if (key === 'ref') return printRef(argument, { path, report: this.scope.report, bound })
    if (key === 'value') return this.data(argument, childPointer(path, 'value'), depth)
    if (!Object.hasOwn(OPERATORS, key) || !Array.isArray(argument)) {
      this.scope.report(path, `operator ${JSON.stringify(key)}`, 'not a hopgate operator')
      return primary('null', DYN)
    }
    const name = key as OperatorName
    return printOperator(this, name, argument as readonly Expression[], path, bound, depth)
  }

  /** Prints literal data from `{ value }` or a constant as CEL list and map literals. */
  data(value: unknown, path: string, depth = 0): Printed {
    if (depth > MAX_DEPTH) {
      this.scope.report(path, 'value', `nested deeper than ${MAX_DEPTH} levels`)
      return primary('null', DYN)
    }
    if (Array.isArray(value)) {
      const items = (value as readonly unknown[]).map((item, index) =>
        this.data(item, childPointer(path, index), depth + 1),
      )
      if (items.length === 0) return EMPTY_LIST
      const text = `[${items.map((item) => item.text).join(', ')}]`
      return primary(text, listOf(commonType(items.map((item) => item.type))))
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value).map(([key, item]) => ({
        key: this.string(key, path).text,
        item: this.data(item, childPointer(path, key), depth + 1),
      }))
      if (entries.length === 0) return EMPTY_MAP
      const text = `{${entries.map(({ key, item }) => `${key}: ${item.text}`).join(', ')}}`
      return primary(text, mapOf(commonType(entries.map(({ item }) => item.type))))
    }
    return this.#node(value, path, new Map(), depth)
  }
}

/**
 * Prints a number as a CEL double literal. `String()` gives the shortest text that reads back
 * as the same double, so only integers need a `.0`; exponents such as `1e+21` are valid CEL.
 */
function printNumber(value: number): Printed {
  const text = String(value)
  const literal = /[.eE]/.test(text) ? text : `${text}.0`
  return { text: literal, precedence: value < 0 ? 6 : 7, type: DOUBLE }
}
