import { describe, expect, it } from 'vitest'
import { context, faultOf, ref, run } from './helpers.js'

const ctx = context({
  P: { attr: { teams: ['red', 'blue'], level: 2 } },
  R: { attr: { tags: ['a', 5, null, ['x'], { k: 1 }], name: 'doc', ids: [2 ** 53] } },
})

describe('in', () => {
  it('finds values in a literal list', () => {
    expect(run({ in: [ref('P.id'), ['alice', 'bob']] }, ctx)).toBe(true)
    expect(run({ in: [ref('P.id'), ['carol']] }, ctx)).toBe(false)
    expect(run({ in: ['5', [5]] }, ctx)).toBe(false)
    expect(run({ in: [5, [5]] }, ctx)).toBe(true)
    expect(run({ in: [null, [null]] }, ctx)).toBe(true)
    expect(run({ in: [false, [0, '', null]] }, ctx)).toBe(false)
    expect(run({ in: [ref('P.attr.teams'), [['red', 'blue']]] }, ctx)).toBe(true)
  })

  it('finds values by deep equality', () => {
    expect(run({ in: ['a', ref('R.attr.tags')] }, ctx)).toBe(true)
    expect(run({ in: [null, ref('R.attr.tags')] }, ctx)).toBe(true)
    expect(run({ in: [['x'], ref('R.attr.tags')] }, ctx)).toBe(true)
    expect(run({ in: [{ value: { k: 1 } }, ref('R.attr.tags')] }, ctx)).toBe(true)
    expect(run({ in: [{ value: { k: 2 } }, ref('R.attr.tags')] }, ctx)).toBe(false)
    expect(run({ in: ['5', ref('R.attr.tags')] }, ctx)).toBe(false)
  })

  it('faults on a non-list operand', () => {
    expect(faultOf(run({ in: ['d', ref('R.attr.name')] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'in: expected list, got string',
      path: '/when',
    })
    expect(faultOf(run({ in: ['d', 'doc'] }, ctx)).message).toBe('in: expected list, got string')
  })

  it('faults on an unsafe integer in the list', () => {
    expect(faultOf(run({ in: [1, ref('R.attr.ids')] }, ctx)).message).toBe(
      'in: unsupported value: integer 9007199254740992 outside the safe range (magnitude below 2^53)',
    )
  })

  it('propagates a fault of either operand', () => {
    expect(faultOf(run({ in: [ref('R.attr.x'), ['a']] }, ctx)).message).toBe(
      'no such attribute: R.attr.x',
    )
    expect(faultOf(run({ in: ['a', ref('R.attr.y')] }, ctx)).message).toBe(
      'no such attribute: R.attr.y',
    )
  })
})

describe('contains', () => {
  it('is in with its operands swapped', () => {
    expect(run({ contains: [ref('P.attr.teams'), 'red'] }, ctx)).toBe(true)
    expect(run({ contains: [ref('P.attr.teams'), 'green'] }, ctx)).toBe(false)
    expect(run({ contains: [['a', 'b'], 'b'] }, ctx)).toBe(true)
    expect(faultOf(run({ contains: [ref('R.attr.name'), 'd'] }, ctx)).message).toBe(
      'contains: expected list, got string',
    )
  })
})

describe('hasIntersection', () => {
  it('tells whether two lists share an element', () => {
    expect(run({ hasIntersection: [ref('P.attr.teams'), ['blue', 'green']] }, ctx)).toBe(true)
    expect(run({ hasIntersection: [ref('P.attr.teams'), ['green']] }, ctx)).toBe(false)
    expect(run({ hasIntersection: [[], ['green']] }, ctx)).toBe(false)
    expect(run({ hasIntersection: [[[1]], [[1]]] }, ctx)).toBe(true)
    expect(run({ hasIntersection: [['1'], [1]] }, ctx)).toBe(false)
  })

  it('faults on a non-list operand', () => {
    expect(faultOf(run({ hasIntersection: ['red', ['red']] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'hasIntersection: expected list, got string',
      path: '/when',
    })
    expect(faultOf(run({ hasIntersection: [['red'], { value: { red: 1 } }] }, ctx)).message).toBe(
      'hasIntersection: expected list, got object',
    )
  })

  it('agrees on indexed large lists', () => {
    const big = Array.from({ length: 300 }, (_, i) => `u${i}`)
    const large = context({ R: { attr: { big, mixed: [...big, ['nested'], 7] } } })
    expect(run({ hasIntersection: [ref('R.attr.big'), ref('R.attr.big')] }, large)).toBe(true)
    expect(run({ hasIntersection: [['u299', 'x'], ref('R.attr.big')] }, large)).toBe(true)
    expect(run({ hasIntersection: [['v1', 'x', 'y'], ref('R.attr.big')] }, large)).toBe(false)
    expect(run({ hasIntersection: [[['nested']], ref('R.attr.mixed')] }, large)).toBe(true)
    expect(run({ hasIntersection: [['7', 8], ref('R.attr.mixed')] }, large)).toBe(false)
  })
})

describe('isSubset', () => {
  it('tests that every element is included', () => {
    expect(run({ isSubset: [['red'], ref('P.attr.teams')] }, ctx)).toBe(true)
    expect(run({ isSubset: [ref('P.attr.teams'), ['red']] }, ctx)).toBe(false)
    expect(run({ isSubset: [[], []] }, ctx)).toBe(true)
    expect(run({ isSubset: [['red', 'red'], ['red']] }, ctx)).toBe(true)
    expect(run({ isSubset: [[{ value: { k: 1 } }], ref('R.attr.tags')] }, ctx)).toBe(true)
  })

  it('agrees on indexed large lists', () => {
    const big = Array.from({ length: 300 }, (_, i) => i)
    const large = context({ R: { attr: { big } } })
    expect(run({ isSubset: [ref('R.attr.big'), ref('R.attr.big')] }, large)).toBe(true)
    expect(run({ isSubset: [[1, 2, 299], ref('R.attr.big')] }, large)).toBe(true)
    expect(run({ isSubset: [[1, 2, 300], ref('R.attr.big')] }, large)).toBe(false)
  })

  it('faults on a non-list operand', () => {
    expect(faultOf(run({ isSubset: [['a'], null] }, ctx)).message).toBe(
      'isSubset: expected list, got null',
    )
  })
})
