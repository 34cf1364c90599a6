import { describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import { celOf } from './helpers.js'

const ref = (path: string | readonly string[]): Expression => ({ ref: path })

describe('CEL for Cerbos: numbers', () => {
  it.each<[string, Expression, string]>([
    ['integer literal', { eq: [ref('R.attr.n'), 5] }, 'R.attr.n == 5.0'],
    ['fraction', { eq: [ref('R.attr.n'), 0.1] }, 'R.attr.n == 0.1'],
    ['negative', { lt: [ref('R.attr.n'), -2] }, 'R.attr.n < -2.0'],
    ['exponent', { lt: [ref('R.attr.n'), 1.5e-7] }, 'R.attr.n < 1.5e-7'],
    ['size', { gt: [{ size: [ref('R.attr.tags')] }, 2] }, 'double(size(R.attr.tags)) > 2.0'],
    [
      'bound element of an integer list',
      { exists: [[1, 2], 'i', { eq: [{ add: [ref('i'), 1] }, 2] }] },
      '[1.0, 2.0].exists(i, i + 1.0 == 2.0)',
    ],
    [
      'quotient of an attribute',
      { gt: [{ div: [ref('R.attr.n'), 2] }, 1] },
      'R.attr.n / 2.0 > 1.0',
    ],
  ])('%s', (_, expression, cel) => {
    expect(celOf(expression)).toBe(cel)
  })
})

describe('CEL for Cerbos: operands of known, different types', () => {
  it.each<[string, Expression, string]>([
    ['string equals number', { eq: ['a', 5] }, '"a" == dyn(5.0)'],
    ['number in strings', { in: [5, ['a', 'b']] }, 'dyn(5.0) in ["a", "b"]'],
    ['string below number', { lt: ['a', 5] }, 'dyn("a") < dyn(5.0)'],
    ['list as a boolean', { and: [['x'], true] }, 'dyn(["x"]) && true'],
    [
      'roles meet numbers',
      { hasIntersection: [ref('P.roles'), [1]] },
      'hasIntersection(P.roles, dyn([1.0]))',
    ],
    [
      'quotient equals string',
      { eq: [{ div: [ref('R.attr.n'), 2] }, 'x'] },
      'R.attr.n / 2.0 == dyn("x")',
    ],
    ['null against string', { eq: ['a', null] }, '"a" == dyn(null)'],
    ['empty list', { eq: [ref('R.attr.l'), []] }, 'R.attr.l == dyn([])'],
    [
      'element of concatenated roles',
      { exists: [{ add: [ref('P.roles'), ref('P.roles')] }, 'r', { eq: [ref('r'), 1] }] },
      '(P.roles + P.roles).exists(r, r == dyn(1.0))',
    ],
    ['list divided', { eq: [{ div: [ref('P.roles'), 2] }, 1] }, 'dyn(P.roles) / dyn(2.0) == 1.0'],
    ['attribute against anything', { eq: [ref('R.attr.x'), null] }, 'R.attr.x == null'],
  ])('%s', (_, expression, cel) => {
    expect(celOf(expression)).toBe(cel)
  })
})

describe('CEL for Cerbos: refs', () => {
  it.each<[string, Expression, string]>([
    [
      'numeric segment of unknown type',
      { eq: [ref('R.attr.items.0'), 'a'] },
      '(type(R.attr.items) == list ? R.attr.items[0] : R.attr.items["0"]) == "a"',
    ],
    ['numeric segment of a list', { eq: [ref('P.roles.0'), 'a'] }, 'P.roles[0] == "a"'],
    ['key with a dot', { eq: [ref(['R', 'attr', 'a.b']), 'a'] }, 'R.attr["a.b"] == "a"'],
    ['reserved word key', { eq: [ref('R.attr.in'), 1] }, 'R.attr["in"] == 1.0'],
    [
      'policy version',
      { eq: [ref('P.policyVersion'), 'default'] },
      '(P.policyVersion == "" ? "default" : P.policyVersion) == "default"',
    ],
    [
      'now',
      { lt: [ref('now'), { timestamp: ['2030-01-01T00:00:00Z'] }] },
      'now() < timestamp("2030-01-01T00:00:00Z")',
    ],
  ])('%s', (_, expression, cel) => {
    expect(celOf(expression)).toBe(cel)
  })
})

describe('CEL for Cerbos: variables', () => {
  it('reads an attribute of a variable', () => {
    const cel = celOf({ eq: [ref('V.owner.id'), ref('P.id')] }, { owner: ref('R.attr.owner') })
    expect(cel).toBe('V.owner.id == P.id')
  })
})

describe('CEL for Cerbos: has', () => {
  it.each<[string, Expression, string]>([
    ['one attribute', { has: [ref('P.attr.team')] }, 'has(P.attr.team)'],
    ['nested attribute', { has: [ref('R.attr.a.b')] }, 'has(R.attr.a) && has(R.attr.a.b)'],
    [
      'negated key with a dot',
      { not: [{ has: [ref(['R', 'attr', 'a.b'])] }] },
      '!("a.b" in R.attr)',
    ],
    [
      'list index',
      { has: [ref('R.attr.l.0')] },
      'has(R.attr.l) && (type(R.attr.l) == list ? size(R.attr.l) > 0 : "0" in R.attr.l)',
    ],
  ])('%s', (_, expression, cel) => {
    expect(celOf(expression)).toBe(cel)
  })
})

describe('CEL for Cerbos: operators', () => {
  it.each<[string, Expression, string]>([
    [
      'matches keeps the RE2 pattern',
      { matches: [ref('R.attr.s'), '^a.\\sb$'] },
      'R.attr.s.matches("^a.\\\\sb$")',
    ],
    ['includes', { includes: [ref('R.attr.s'), 'x'] }, 'R.attr.s.contains("x")'],
    ['contains', { contains: [ref('R.attr.l'), 'x'] }, '"x" in R.attr.l'],
    ['isSubset', { isSubset: [ref('R.attr.l'), ['a']] }, 'isSubset(R.attr.l, ["a"])'],
    [
      'timeSince',
      { gt: [{ timeSince: [{ timestamp: [ref('R.attr.t')] }] }, { duration: ['1h'] }] },
      'timestamp(R.attr.t).timeSince() > duration("1h")',
    ],
    [
      'inIpRange',
      { inIpRange: [ref('R.attr.ip'), '10.0.0.0/8'] },
      'R.attr.ip.inIPAddrRange("10.0.0.0/8")',
    ],
    [
      'object literal',
      { eq: [ref('R.attr.o'), { value: { a: 1, b: ['x'] } }] },
      'R.attr.o == {"a": 1.0, "b": ["x"]}',
    ],
    ['not of or', { not: [{ or: [ref('R.attr.a'), ref('R.attr.b')] }] }, '!(R.attr.a || R.attr.b)'],
    [
      'or inside and',
      { and: [{ or: [ref('R.attr.a'), ref('R.attr.b')] }, ref('R.attr.c')] },
      '(R.attr.a || R.attr.b) && R.attr.c',
    ],
    [
      'all over objects',
      { all: [ref('R.attr.items'), 'item', { gt: [ref('item.v'), 0] }] },
      'R.attr.items.all(item, item.v > 0.0)',
    ],
  ])('%s', (_, expression, cel) => {
    expect(celOf(expression)).toBe(cel)
  })
})
