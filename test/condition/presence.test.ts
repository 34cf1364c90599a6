import { describe, expect, it } from 'vitest'
import { compile, context, faultOf, ref, run } from './helpers.js'

const ctx = context({
  R: {
    attr: {
      owner: 'alice',
      empty: null,
      flag: false,
      nested: { x: 1 },
      list: [1, 2],
      name: 'doc',
      'a.b': 1,
    },
  },
})

describe('has', () => {
  it('is true for present attributes', () => {
    expect(run({ has: [ref('R.attr.owner')] }, ctx)).toBe(true)
    expect(run({ has: [ref('R.attr.empty')] }, ctx)).toBe(true)
    expect(run({ has: [ref('R.attr.flag')] }, ctx)).toBe(true)
    expect(run({ has: [ref('R.attr.nested.x')] }, ctx)).toBe(true)
    expect(run({ has: [ref(['R', 'attr', 'a.b'])] }, ctx)).toBe(true)
    expect(run({ has: [ref('R.attr.list.1')] }, ctx)).toBe(true)
  })

  it('is false for missing attributes', () => {
    expect(run({ has: [ref('R.attr.absent')] }, ctx)).toBe(false)
    expect(run({ has: [ref('R.attr.absent.deeper.still')] }, ctx)).toBe(false)
    expect(run({ has: [ref('R.attr.nested.y')] }, ctx)).toBe(false)
    expect(run({ has: [ref('R.attr.list.2')] }, ctx)).toBe(false)
    expect(run({ has: [ref('P.attr.anything')] }, ctx)).toBe(false)
  })

  it('faults when an intermediate value has no attributes', () => {
    expect(faultOf(run({ has: [ref('R.attr.name.first')] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'cannot read "first" of string: R.attr.name',
      path: '/when/has/0',
    })
    expect(faultOf(run({ has: [ref('R.attr.empty.x')] }, ctx)).message).toBe(
      'cannot read "x" of null: R.attr.empty',
    )
  })

  it('reports a non-attribute argument', () => {
    for (const arg of ['R.attr.owner', ref('P.id'), ref('R.attr'), ref('now'), { eq: [1, 1] }]) {
      const { evaluate, issues } = compile({ has: [arg] })
      expect(issues).toEqual([
        {
          code: 'ERR_CONDITION_INVALID',
          path: '/when/has/0',
          message: 'has: argument must be a ref that selects an attribute, such as R.attr.owner',
        },
      ])
      expect(faultOf(evaluate(ctx)).code).toBe('ERR_CONDITION_INVALID')
    }
  })
})

describe('size', () => {
  it('counts code points of a string', () => {
    expect(run({ size: ['abc'] })).toBe(3)
    expect(run({ size: [''] })).toBe(0)
    expect(run({ size: ['\u{1f600}'] })).toBe(1)
    expect(run({ size: ['a\u{1f600}b\u{1f44d}\u{1f3fd}'] })).toBe(5)
    expect(run({ size: ['\u00e9'] })).toBe(1)
    expect(run({ size: ['e\u0301'] })).toBe(2)
    expect(run({ size: ['\ud800'] })).toBe(1)
    expect(run({ size: ['\udc00\ud800'] })).toBe(2)
  })

  it('counts list elements and object keys', () => {
    expect(run({ size: [ref('R.attr.list')] }, ctx)).toBe(2)
    expect(run({ size: [[]] })).toBe(0)
    expect(run({ size: [ref('R.attr')] }, ctx)).toBe(7)
    expect(run({ size: [{ value: {} }] })).toBe(0)
  })

  it('faults on other values', () => {
    expect(faultOf(run({ size: [5] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'size: expected string, list or object, got number',
      path: '/when',
    })
    expect(faultOf(run({ size: [null] })).message).toBe(
      'size: expected string, list or object, got null',
    )
    expect(faultOf(run({ size: [ref('R.attr.x')] })).message).toBe('no such attribute: R.attr.x')
  })
})
