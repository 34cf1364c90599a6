import { describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import { context, faultOf, ref, run } from './helpers.js'

const missing = ref('R.attr.missing')
const missingFault = {
  code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
  message: 'no such attribute: R.attr.missing',
}

describe('or', () => {
  it('is true when any operand is true', () => {
    expect(run({ or: [false, true] })).toBe(true)
    expect(run({ or: [false, false, true] })).toBe(true)
    expect(run({ or: [false, false] })).toBe(false)
    expect(run({ or: [true] })).toBe(true)
  })

  it('absorbs an error when another operand is true', () => {
    expect(run({ or: [true, missing] })).toBe(true)
    expect(run({ or: [missing, true] })).toBe(true)
    expect(run({ or: [missing, missing, true] })).toBe(true)
  })

  it('propagates an error when no operand is true', () => {
    expect(faultOf(run({ or: [missing, false] }))).toEqual({ ...missingFault, path: '/when/or/0' })
    expect(faultOf(run({ or: [false, missing] }))).toEqual({ ...missingFault, path: '/when/or/1' })
    expect(faultOf(run({ or: [false, false, missing] }))).toEqual({
      ...missingFault,
      path: '/when/or/2',
    })
  })

  it('faults on unabsorbed non-boolean operands', () => {
    expect(faultOf(run({ or: [false, 'yes'] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'or: expected boolean, got string',
      path: '/when/or/1',
    })
    expect(faultOf(run({ or: [1] })).message).toBe('or: expected boolean, got number')
    expect(run({ or: ['yes', true] })).toBe(true)
  })

  it('returns the first error in operand order', () => {
    const other = ref('R.attr.other')
    expect(faultOf(run({ or: [false, missing, other] })).path).toBe('/when/or/1')
    expect(faultOf(run({ or: [other, missing, false] })).path).toBe('/when/or/0')
  })
})

describe('and', () => {
  it('is false when any operand is false', () => {
    expect(run({ and: [true, true] })).toBe(true)
    expect(run({ and: [true, false] })).toBe(false)
    expect(run({ and: [true, true, false] })).toBe(false)
    expect(run({ and: [true, true, true] })).toBe(true)
    expect(run({ and: [false] })).toBe(false)
  })

  it('absorbs an error when another operand is false', () => {
    expect(run({ and: [false, missing] })).toBe(false)
    expect(run({ and: [missing, false] })).toBe(false)
    expect(run({ and: [missing, true, false] })).toBe(false)
  })

  it('propagates an error when no operand is false', () => {
    expect(faultOf(run({ and: [true, missing] }))).toEqual({ ...missingFault, path: '/when/and/1' })
    expect(faultOf(run({ and: [missing, true] }))).toEqual({ ...missingFault, path: '/when/and/0' })
    expect(faultOf(run({ and: [missing] }))).toEqual({ ...missingFault, path: '/when/and/0' })
  })

  it('faults on unabsorbed non-boolean operands', () => {
    expect(faultOf(run({ and: [true, null] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'and: expected boolean, got null',
      path: '/when/and/1',
    })
    expect(run({ and: [null, false] })).toBe(false)
    expect(faultOf(run({ and: [true, true, ref('R.attr')] })).message).toBe(
      'and: expected boolean, got object',
    )
  })
})

describe('not', () => {
  it('negates booleans', () => {
    expect(run({ not: [true] })).toBe(false)
    expect(run({ not: [false] })).toBe(true)
  })

  it('keeps an error an error', () => {
    expect(faultOf(run({ not: [missing] }))).toEqual({ ...missingFault, path: '/when/not/0' })
  })

  it('faults on a non-boolean operand', () => {
    expect(faultOf(run({ not: ['false'] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'not: expected boolean, got string',
      path: '/when/not/0',
    })
  })
})

describe('logic over attributes', () => {
  const ctx = context({ R: { attr: { flag: false, empty: null } } })

  it('tells missing, null and false apart', () => {
    const flagIsFalse: Expression = { eq: [ref('R.attr.flag'), false] }
    expect(run(flagIsFalse, ctx)).toBe(true)
    expect(run({ eq: [ref('R.attr.empty'), null] }, ctx)).toBe(true)
    expect(run({ eq: [ref('R.attr.empty'), false] }, ctx)).toBe(false)
    expect(run({ eq: [ref('R.attr.flag'), null] }, ctx)).toBe(false)
    expect(faultOf(run({ eq: [ref('R.attr.absent'), null] }, ctx)).code).toBe(
      'ERR_CONDITION_MISSING_ATTRIBUTE',
    )
    expect(run({ not: [ref('R.attr.flag')] }, ctx)).toBe(true)
    expect(faultOf(run({ not: [ref('R.attr.empty')] }, ctx)).message).toBe(
      'not: expected boolean, got null',
    )
  })
})
