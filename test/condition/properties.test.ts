import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toCel } from '../../src/condition/cel.js'
import { ConditionFault } from '../../src/condition/compiled.js'
import { OPERATORS, type Expression } from '../../src/condition/expression.js'
import { compareCodePoints } from '../../src/condition/operators/compare.js'
import { parseTimestamp } from '../../src/condition/time-syntax.js'
import { Timestamp } from '../../src/condition/values.js'
import { compile, context, ref } from './helpers.js'
import { assertProperty } from './seed.js'

/** A truth value of the reference three-valued logic: true, false, or error. */
type Truth = 'T' | 'F' | 'E'

const logicTree: fc.Arbitrary<Expression> = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expression>(true, false, ref('R.attr.missing'), 'not a boolean', {
      div: [1, 0],
    }),
    fc
      .array(tie('node'), { minLength: 1, maxLength: 4 })
      .map((args): Expression => ({ and: args })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((args): Expression => ({ or: args })),
    tie('node').map((arg): Expression => ({ not: [arg] })),
  ),
})).node

/** Evaluates a logic tree with CEL's rules: a decisive operand wins over errors. */
function reference(expr: Expression): Truth {
  if (expr === true) return 'T'
  if (expr === false) return 'F'
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return 'E'
  if ('and' in expr) return junction(expr.and.map(reference), 'F')
  if ('or' in expr) return junction(expr.or.map(reference), 'T')
  if ('not' in expr) {
    const [operand] = expr.not
    const value = operand === undefined ? 'E' : reference(operand)
    return NEGATION[value]
  }
  return 'E'
}

const NEGATION: Readonly<Record<Truth, Truth>> = { T: 'F', F: 'T', E: 'E' }

function junction(values: readonly Truth[], decisive: Truth): Truth {
  if (values.includes(decisive)) return decisive
  if (values.includes('E')) return 'E'
  return NEGATION[decisive]
}

function truthOf(value: unknown): Truth {
  if (value === true) return 'T'
  if (value === false) return 'F'
  if (value instanceof ConditionFault) return 'E'
  throw new Error(`logic returned ${String(value)}`)
}

const operatorNames = Object.keys(OPERATORS) as (keyof typeof OPERATORS)[]

/** Any JSON-shaped tree, with operator keys, refs and values mixed in at random. */
const anyExpression: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc
      .constantFrom(
        ...['P.id', 'R.attr.a', 'R.attr.a.b', 'now', 'x', 'V.v', 'C.c', 'delegation.actor.id'],
      )
      .map(ref),
    fc.record({ ref: fc.array(fc.string(), { maxLength: 3 }) }),
    fc.record({ value: fc.jsonValue({ maxDepth: 2 }) }),
    fc
      .tuple(fc.constantFrom(...operatorNames), fc.array(tie('node'), { maxLength: 4 }))
      .map(([name, args]) => ({ [name]: args })),
    fc
      .tuple(fc.string(), fc.array(tie('node'), { maxLength: 2 }))
      .map(([name, args]) => ({ [name]: args })),
    fc.constantFrom(
      { exists: [ref('R.attr.list'), 'item', ref('item')] },
      { all: [[1, 2], 'n', { gt: [ref('n'), 0] }] },
    ),
  ),
})).node

const attributes = fc.dictionary(
  fc.constantFrom('a', 'b', 'list', '__proto__', 'constructor'),
  fc.jsonValue({ maxDepth: 3 }),
)

describe('condition properties', () => {
  it('logic matches three-valued reference', () => {
    assertProperty(
      fc.property(logicTree, (tree) => {
        // A leaf alone would evaluate to itself, so the tree is wrapped in a one-operand and.
        const expr: Expression = { and: [tree] }
        const { evaluate, issues } = compile(expr)
        expect(issues).toEqual([])
        expect(truthOf(evaluate(context()))).toBe(reference(expr))
      }),
    )
  })

  it('toCel never throws and returns a string', () => {
    assertProperty(
      fc.property(anyExpression, (expr) => {
        expect(typeof toCel(expr as Expression)).toBe('string')
      }),
    )
  })

  it('compiled expressions never throw', () => {
    assertProperty(
      fc.property(anyExpression, attributes, (expr, attr) => {
        const { evaluate } = compile(expr as Expression, {
          variables: { v: true },
          constants: { c: [1] },
        })
        const ctx = context({ R: { attr: { ...attr, list: [1, 'a', null] } } })
        expect(() => evaluate(ctx)).not.toThrow()
      }),
    )
  })

  it('eq agrees with structural equality of JSON', () => {
    const data = fc.jsonValue({ maxDepth: 3 }).filter(hasOnlySafeNumbers)
    assertProperty(
      fc.property(data, data, (a, b) => {
        const expected = canonical(a) === canonical(b)
        expect(compile({ eq: [{ value: a }, { value: b }] }).evaluate(context())).toBe(expected)
        expect(
          compile({ eq: [{ value: a }, { value: structuredClone(a) }] }).evaluate(context()),
        ).toBe(true)
      }),
    )
  })

  it('compareCodePoints orders like arrays of code points', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 })
    assertProperty(
      fc.property(text, text, (a, b) => {
        const expected = Math.sign(compareArrays(codePoints(a), codePoints(b)))
        expect(Math.sign(compareCodePoints(a, b))).toBe(expected)
      }),
    )
  })

  it('timestamps round-trip and match Date', () => {
    const millis = fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 })
    assertProperty(
      fc.property(millis, fc.integer({ min: 0, max: 999_999 }), (ms, extraNanos) => {
        const timestamp = Timestamp.fromMillis(ms)
        expect(timestamp.toString()).toBe(new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z'))
        const precise = new Timestamp(timestamp.seconds, timestamp.nanos + extraNanos)
        const parsed = parseTimestamp(precise.toString())
        expect(parsed).toBeInstanceOf(Timestamp)
        expect((parsed as Timestamp).compare(precise)).toBe(0)
      }),
    )
  })
})

function hasOnlySafeNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) || !Number.isInteger(value)
  if (Array.isArray(value)) return value.every(hasOnlySafeNumbers)
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).every(hasOnlySafeNumbers)
  }
  return true
}

/** JSON text with object keys sorted, so that equal data gives equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => compareCodePoints(a, b))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0)
}

function compareArrays(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}
