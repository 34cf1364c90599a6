import { describe, expect, it } from 'vitest'
import { context, faultOf, ref, run, sub } from './helpers.js'

describe('arithmetic on numbers', () => {
  it('computes with doubles', () => {
    expect(run({ add: [2, 3] })).toBe(5)
    expect(run(sub(2, 3))).toBe(-1)
    expect(run({ mul: [2.5, 4] })).toBe(10)
    expect(run({ div: [7, 2] })).toBe(3.5)
    expect(run({ mod: [7, 3] })).toBe(1)
    expect(run({ mod: [-7, 3] })).toBe(-1)
    expect(run({ mod: [7.5, 2] })).toBe(1.5)
    expect(run({ add: [0.1, 0.2] })).toBe(0.1 + 0.2)
  })

  it('faults on division and modulo by zero', () => {
    expect(faultOf(run({ div: [1, 0] }))).toEqual({
      code: 'ERR_CONDITION_ARITHMETIC',
      message: 'div: division by zero',
      path: '/when',
    })
    expect(faultOf(run({ div: [0, 0] })).message).toBe('div: division by zero')
    expect(faultOf(run({ mod: [1, 0] }))).toEqual({
      code: 'ERR_CONDITION_ARITHMETIC',
      message: 'mod: modulo by zero',
      path: '/when',
    })
  })

  it('faults on a result outside the safe range', () => {
    expect(faultOf(run({ add: [2 ** 53 - 1, 1] }))).toEqual({
      code: 'ERR_CONDITION_ARITHMETIC',
      message: 'add: result 9007199254740992 outside the safe range (magnitude below 2^53)',
      path: '/when',
    })
    expect(run({ add: [2 ** 53 - 2, 1] })).toBe(2 ** 53 - 1)
    expect(faultOf(run({ mul: [2 ** 30, 2 ** 30] })).code).toBe('ERR_CONDITION_ARITHMETIC')
    expect(faultOf(run(sub(-(2 ** 52), 2 ** 52))).code).toBe('ERR_CONDITION_ARITHMETIC')
    expect(faultOf(run({ mul: [2 ** 51 + 0.5, 4] })).message).toBe(
      'mul: result 9007199254740994 outside the safe range (magnitude below 2^53)',
    )
  })

  it('faults on an unsafe integer operand', () => {
    const ctx = context({ R: { attr: { list: [2 ** 53] } } })
    expect(faultOf(run({ add: [ref('R.attr.list.0'), 1] }, ctx)).message).toBe(
      'unsupported value at R.attr.list[0]: integer 9007199254740992 outside the safe range (magnitude below 2^53)',
    )
    expect(
      faultOf(run({ exists: [ref('R.attr.list'), 'n', { gt: [{ add: [ref('n'), 1] }, 0] }] }, ctx)),
    ).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'add: unsupported value: integer 9007199254740992 outside the safe range (magnitude below 2^53)',
      path: '/when/exists/2/gt/0',
    })
  })

  it('faults on operands of the wrong type', () => {
    expect(faultOf(run({ mul: ['2', 3] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'mul: expected numbers, got string and number',
      path: '/when',
    })
    expect(faultOf(run({ div: [1, null] })).message).toBe(
      'div: expected numbers, got number and null',
    )
    expect(faultOf(run({ add: ['a', 1] })).message).toBe('add: cannot add string and number')
    expect(faultOf(run(sub('a', 'b'))).message).toBe('sub: cannot subtract string from string')
  })

  it('propagates operand faults', () => {
    expect(faultOf(run({ add: [ref('R.attr.n'), 1] })).message).toBe('no such attribute: R.attr.n')
  })
})

describe('add on strings and lists', () => {
  it('concatenates', () => {
    expect(run({ add: ['ab', 'cd'] })).toBe('abcd')
    expect(run({ add: [[1, 'a'], [[2]]] })).toEqual([1, 'a', [2]])
    expect(run({ eq: [{ add: [ref('P.roles'), ['x']] }, ['user', 'x']] })).toBe(true)
    expect(faultOf(run({ add: [['a'], 'b'] })).message).toBe('add: cannot add list and string')
  })
})
