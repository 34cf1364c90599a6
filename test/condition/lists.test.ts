import { describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import { compile, context, faultOf, ref, run } from './helpers.js'

const ctx = context({
  R: {
    attr: {
      numbers: [1, 2, 3],
      owners: [{ id: 'bob' }, { id: 'alice' }],
      partial: [{ id: 'bob' }, {}],
      groups: [{ members: ['a', 'b'] }, { members: ['c'] }],
      name: 'doc',
    },
  },
})

describe('exists', () => {
  it('is true when some element satisfies the predicate', () => {
    expect(run({ exists: [ref('R.attr.numbers'), 'n', { gt: [ref('n'), 2] }] }, ctx)).toBe(true)
    expect(run({ exists: [ref('R.attr.numbers'), 'n', { gt: [ref('n'), 3] }] }, ctx)).toBe(false)
    expect(run({ exists: [[], 'n', true] }, ctx)).toBe(false)
    expect(
      run({ exists: [ref('R.attr.owners'), 'o', { eq: [ref('o.id'), ref('P.id')] }] }, ctx),
    ).toBe(true)
  })

  it('absorbs an error when another element is true', () => {
    const hasBob: Expression = {
      exists: [ref('R.attr.partial'), 'o', { eq: [ref('o.id'), 'bob'] }],
    }
    expect(run(hasBob, ctx)).toBe(true)
    const reversed = context({ R: { attr: { partial: [{}, { id: 'bob' }] } } })
    expect(run(hasBob, reversed)).toBe(true)
  })

  it('propagates an error when no element is true', () => {
    const hasCarol: Expression = {
      exists: [ref('R.attr.partial'), 'o', { eq: [ref('o.id'), 'carol'] }],
    }
    expect(faultOf(run(hasCarol, ctx))).toEqual({
      code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
      message: 'no such attribute: o.id',
      path: '/when/exists/2/eq/0',
    })
  })

  it('faults on a non-boolean predicate result', () => {
    expect(faultOf(run({ exists: [ref('R.attr.numbers'), 'n', ref('n')] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'exists: predicate must return boolean, got number',
      path: '/when/exists/2',
    })
  })

  it('faults when the operand is not a list', () => {
    expect(faultOf(run({ exists: [ref('R.attr.name'), 'c', true] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'exists: expected list, got string',
      path: '/when',
    })
  })
})

describe('all', () => {
  it('is true when every element satisfies the predicate', () => {
    expect(run({ all: [ref('R.attr.numbers'), 'n', { gt: [ref('n'), 0] }] }, ctx)).toBe(true)
    expect(run({ all: [ref('R.attr.numbers'), 'n', { gt: [ref('n'), 1] }] }, ctx)).toBe(false)
    expect(run({ all: [[], 'n', false] }, ctx)).toBe(true)
  })

  it('absorbs an error when another element is false', () => {
    const allAlice: Expression = {
      all: [ref('R.attr.partial'), 'o', { eq: [ref('o.id'), 'alice'] }],
    }
    expect(run(allAlice, ctx)).toBe(false)
  })

  it('propagates an error when no element is false', () => {
    const allBob: Expression = { all: [ref('R.attr.partial'), 'o', { eq: [ref('o.id'), 'bob'] }] }
    expect(faultOf(run(allBob, ctx)).message).toBe('no such attribute: o.id')
  })
})

describe('nested comprehensions', () => {
  it('bind each variable to its own element', () => {
    const anyMember: Expression = {
      exists: [
        ref('R.attr.groups'),
        'g',
        { exists: [ref('g.members'), 'm', { eq: [ref('m'), 'c'] }] },
      ],
    }
    expect(run(anyMember, ctx)).toBe(true)
    const everyGroupHasB: Expression = {
      all: [
        ref('R.attr.groups'),
        'g',
        { exists: [ref('g.members'), 'm', { eq: [ref('m'), 'b'] }] },
      ],
    }
    expect(run(everyGroupHasB, ctx)).toBe(false)
  })

  it('read the outer variable inside the inner predicate', () => {
    const pairs: Expression = {
      exists: [
        ref('R.attr.numbers'),
        'a',
        { exists: [ref('R.attr.numbers'), 'b', { eq: [{ add: [ref('a'), ref('b')] }, 6] }] },
      ],
    }
    expect(run(pairs, ctx)).toBe(true)
    const distinct: Expression = {
      all: [
        ref('R.attr.numbers'),
        'a',
        {
          exists: [
            ref('R.attr.numbers'),
            'b',
            { and: [{ ne: [ref('a'), ref('b')] }, { eq: [ref('a'), ref('a')] }] },
          ],
        },
      ],
    }
    expect(run(distinct, ctx)).toBe(true)
  })

  it('let inner bindings shadow outer ones', () => {
    const shadow: Expression = {
      exists: [[[1, 2]], 'x', { exists: [ref('x'), 'x', { eq: [ref('x'), 2] }] }],
    }
    expect(run(shadow, ctx)).toBe(true)
  })

  it('survive a comprehension inside a variable', () => {
    // The variable is compiled on its own, so its comprehension uses the same slot as the
    // outer one. After it returns, n must again be the outer element (1 or 2), not 5.
    const variables: Record<string, Expression> = {
      anyLarge: { exists: [[5, 6], 'n', { gt: [ref('n'), 4] }] },
    }
    const expr: Expression = {
      all: [[1, 2], 'n', { and: [ref('V.anyLarge'), { lt: [ref('n'), 3] }] }],
    }
    expect(run(expr, ctx, { variables })).toBe(true)
  })

  it('keep bindings inside their comprehension', () => {
    const { issues } = compile({ and: [{ exists: [[1], 'n', true] }, { eq: [ref('n'), 1] }] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/and/1/eq/0',
        message:
          'unknown ref root "n" (expected P, R, V, C, delegation, now or a variable bound by exists or all)',
      },
    ])
  })
})

describe('comprehension variable names', () => {
  it.each([
    [5, 'exists: variable name must be a literal string'],
    [{ ref: 'x' }, 'exists: variable name must be a literal string'],
    ['1x', 'exists: invalid variable name "1x": expected an identifier'],
    ['a.b', 'exists: invalid variable name "a.b": expected an identifier'],
    ['in', 'exists: invalid variable name "in": expected an identifier'],
    ['P', 'exists: variable name "P" is reserved'],
    ['R', 'exists: variable name "R" is reserved'],
    ['V', 'exists: variable name "V" is reserved'],
    ['C', 'exists: variable name "C" is reserved'],
    ['delegation', 'exists: variable name "delegation" is reserved'],
    ['now', 'exists: variable name "now" is reserved'],
    ['request', 'exists: variable name "request" is reserved'],
  ])('rejects %j', (name, message) => {
    const { evaluate, issues } = compile({ exists: [[1], name, true] })
    expect(issues).toEqual([{ code: 'ERR_CONDITION_INVALID', path: '/when/exists/1', message }])
    expect(faultOf(evaluate(ctx)).message).toBe(message)
  })
})
