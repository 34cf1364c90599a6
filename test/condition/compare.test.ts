import { describe, expect, it } from 'vitest'
import { compareCodePoints } from '../../src/condition/operators/compare.js'
import { context, faultOf, ref, run } from './helpers.js'

describe('eq and ne', () => {
  it('compare by type and value with no coercion', () => {
    expect(run({ eq: ['5', 5] })).toBe(false)
    expect(run({ ne: ['5', 5] })).toBe(true)
    expect(run({ eq: [5, 5] })).toBe(true)
    expect(run({ eq: [5, 5.0] })).toBe(true)
    expect(run({ eq: [0, false] })).toBe(false)
    expect(run({ eq: ['', null] })).toBe(false)
    expect(run({ eq: [null, null] })).toBe(true)
    expect(run({ eq: ['a', 'a'] })).toBe(true)
    expect(run({ ne: ['a', 'b'] })).toBe(true)
  })

  it('compare lists and objects structurally', () => {
    const ctx = context({
      R: { attr: { tags: ['a', ['b', 1]], meta: { x: 1, y: { z: [true] } } } },
    })
    expect(run({ eq: [ref('R.attr.tags'), ['a', ['b', 1]]] }, ctx)).toBe(true)
    expect(run({ eq: [ref('R.attr.tags'), ['a', ['b', '1']]] }, ctx)).toBe(false)
    expect(run({ eq: [ref('R.attr.tags'), ['a']] }, ctx)).toBe(false)
    expect(run({ eq: [ref('R.attr.meta'), { value: { y: { z: [true] }, x: 1 } }] }, ctx)).toBe(true)
    expect(run({ eq: [ref('R.attr.meta'), { value: { x: 1, y: { z: [false] } } }] }, ctx)).toBe(
      false,
    )
    expect(run({ eq: [ref('R.attr.meta'), { value: { x: 1 } }] }, ctx)).toBe(false)
    expect(run({ eq: [ref('R.attr.meta'), { value: { x: 1, w: 2 } }] }, ctx)).toBe(false)
    expect(run({ eq: [{ value: [] }, { value: {} }] })).toBe(false)
  })

  it('compares null-prototype and plain objects', () => {
    const attr = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 })
    const ctx = context({ R: { attr: { nested: attr } } })
    expect(run({ eq: [ref('R.attr.nested'), { value: { x: 1 } }] }, ctx)).toBe(true)
  })

  it('faults on an unsafe nested integer', () => {
    const ctx = context({ R: { attr: { ids: [1, 2 ** 53] } } })
    expect(faultOf(run({ eq: [ref('R.attr.ids'), [1, 2]] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'eq: unsupported value: integer 9007199254740992 outside the safe range (magnitude below 2^53)',
      path: '/when',
    })
  })

  it('propagates a fault of either operand', () => {
    expect(faultOf(run({ eq: [ref('R.attr.a'), ref('R.attr.b')] })).message).toBe(
      'no such attribute: R.attr.a',
    )
    expect(faultOf(run({ ne: [1, ref('R.attr.b')] })).message).toBe('no such attribute: R.attr.b')
  })
})

describe('lt, lte, gt and gte', () => {
  it('order numbers', () => {
    expect(run({ lt: [1, 2] })).toBe(true)
    expect(run({ lt: [2, 2] })).toBe(false)
    expect(run({ lte: [2, 2] })).toBe(true)
    expect(run({ gt: [3, 2.5] })).toBe(true)
    expect(run({ gte: [-1, -1] })).toBe(true)
    expect(run({ gte: [-2, -1] })).toBe(false)
  })

  it('order strings by code point', () => {
    expect(run({ lt: ['a', 'b'] })).toBe(true)
    expect(run({ lt: ['ab', 'a'] })).toBe(false)
    expect(run({ lt: ['a', 'ab'] })).toBe(true)
    // U+FF5E sorts before U+1F600 by code point, though its UTF-16 unit is higher.
    const [tilde, grin]: readonly string[] = ['\uff5e', '\u{1f600}']
    expect(run({ lt: [tilde ?? '', grin ?? ''] })).toBe(true)
    expect((tilde ?? '') < (grin ?? '')).toBe(false)
  })

  it('faults on values of different types', () => {
    expect(faultOf(run({ lt: ['5', 5] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'lt: cannot compare string with number',
      path: '/when',
    })
    expect(faultOf(run({ gte: [true, false] })).message).toBe(
      'gte: cannot compare boolean with boolean',
    )
    expect(faultOf(run({ gt: [[1], [0]] })).message).toBe('gt: cannot compare list with list')
    expect(faultOf(run({ lte: [null, 1] })).message).toBe('lte: cannot compare null with number')
  })

  it('faults on an unsafe integer attribute', () => {
    const ctx = context({ R: { attr: { big: 2 ** 60 } } })
    expect(faultOf(run({ lt: [ref('R.attr.big'), 1] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'unsupported value at R.attr.big: integer 1152921504606847000 outside the safe range (magnitude below 2^53)',
      path: '/when/lt/0',
    })
  })
})

describe('compareCodePoints', () => {
  it('agrees with the order of code point arrays', () => {
    const samples = [
      '',
      'a',
      'b',
      'ab',
      '\u00e9',
      '\uffff',
      '\ud800\udc00',
      '\u{1f600}',
      '\ue000',
      'z\u{10ffff}',
    ]
    for (const a of samples) {
      for (const b of samples) {
        const expected = Math.sign(
          compareArrays(Array.from(a, codePoint), Array.from(b, codePoint)),
        )
        expect(Math.sign(compareCodePoints(a, b)), `${a} vs ${b}`).toBe(expected)
      }
    }
  })
})

function codePoint(char: string): number {
  return char.codePointAt(0) ?? 0
}

function compareArrays(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}
