import { describe, expect, it } from 'vitest'
import { compile, context, faultOf, ref, run } from './helpers.js'

const ctx = context({ R: { attr: { path: '/docs/report.pdf', count: 3, emoji: 'hi \u{1f600}!' } } })

describe('startsWith, endsWith and includes', () => {
  it('test strings', () => {
    expect(run({ startsWith: [ref('R.attr.path'), '/docs/'] }, ctx)).toBe(true)
    expect(run({ startsWith: [ref('R.attr.path'), 'docs'] }, ctx)).toBe(false)
    expect(run({ endsWith: [ref('R.attr.path'), '.pdf'] }, ctx)).toBe(true)
    expect(run({ endsWith: [ref('R.attr.path'), '.PDF'] }, ctx)).toBe(false)
    expect(run({ includes: [ref('R.attr.path'), 'report'] }, ctx)).toBe(true)
    expect(run({ includes: [ref('R.attr.path'), 'memo'] }, ctx)).toBe(false)
    expect(run({ includes: [ref('R.attr.path'), ''] }, ctx)).toBe(true)
    expect(run({ includes: [ref('R.attr.emoji'), '\u{1f600}'] }, ctx)).toBe(true)
  })

  it('fault on operands that are not strings', () => {
    expect(faultOf(run({ startsWith: [ref('R.attr.count'), '3'] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'startsWith: expected string, got number',
      path: '/when',
    })
    expect(faultOf(run({ endsWith: ['abc', null] }, ctx)).message).toBe(
      'endsWith: expected string, got null',
    )
    expect(faultOf(run({ includes: [['a'], 'a'] }, ctx)).message).toBe(
      'includes: expected string, got list',
    )
  })
})

describe('matches', () => {
  it('searches without anchoring, like CEL', () => {
    expect(run({ matches: [ref('R.attr.path'), 'report'] }, ctx)).toBe(true)
    expect(run({ matches: [ref('R.attr.path'), '^report'] }, ctx)).toBe(false)
    expect(run({ matches: [ref('R.attr.path'), '^/docs/[a-z]+\\.pdf$'] }, ctx)).toBe(true)
    expect(run({ matches: [ref('R.attr.emoji'), '^hi .!$'] }, ctx)).toBe(true)
    expect(run({ matches: ['v1.2', '^v\\d+(\\.\\d+)?$'] }, ctx)).toBe(true)
  })

  it('accepts a constant pattern', () => {
    const constants = { pdf: '\\.pdf$' }
    expect(run({ matches: [ref('R.attr.path'), ref('C.pdf')] }, ctx, { constants })).toBe(true)
  })

  it('faults on a non-string subject', () => {
    expect(faultOf(run({ matches: [ref('R.attr.count'), '3'] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'matches: expected string, got number',
      path: '/when',
    })
  })

  it('reports a non-literal pattern', () => {
    const { evaluate, issues } = compile({ matches: ['a', ref('R.attr.path')] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/matches/1',
        message: 'matches: pattern must be a literal string',
      },
    ])
    expect(faultOf(evaluate(ctx))).toEqual({
      code: 'ERR_CONDITION_INVALID',
      message: 'matches: pattern must be a literal string',
      path: '/when/matches/1',
    })
    expect(compile({ matches: ['a', 5] }).issues[0]?.message).toBe(
      'matches: pattern must be a literal string',
    )
  })

  it('reports an unsafe pattern', () => {
    const { evaluate, issues } = compile({ matches: [ref('R.attr.path'), '(a+)+$'] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/matches/1',
        message:
          'matches: unsafe pattern "(a+)+$": nested quantifier at index 4: a repeated group contains a repeat',
      },
    ])
    expect(faultOf(evaluate(ctx)).code).toBe('ERR_CONDITION_INVALID')
  })

  it('accepts RE2 flag groups', () => {
    const { evaluate, issues } = compile({ matches: ['xABCx', '(?i)abc'] })
    expect(issues).toEqual([])
    expect(evaluate(ctx)).toBe(true)
  })

  it('matches in linear time where a backtracking engine would not', () => {
    // a*a*a*a*a*a*b on a run of a's takes seconds with backtracking, microseconds on RE2.
    const { evaluate, issues } = compile({ matches: [{ ref: 'R.attr.text' }, 'a*a*a*a*a*a*b'] })
    expect(issues).toEqual([])
    expect(evaluate(context({ R: { attr: { text: 'a'.repeat(5000) } } }))).toBe(false)
  })

  it('reports a pattern RE2 cannot compile', () => {
    const { issues } = compile({ matches: ['a', '[z-a]'] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/matches/1',
        message: 'matches: invalid pattern "[z-a]": invalid character class range: `z-a`',
      },
    ])
  })
})
