import { describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import { compile, context, faultOf, ref, run } from './helpers.js'

const root = '/resourcePolicy/rules/0/when'

/** Compiles `expr` at `root` and returns its reports. */
function issuesOf(expr: unknown): unknown {
  return compile(expr as Expression, { path: root }).issues
}

function invalid(path: string, message: string) {
  return { code: 'ERR_CONDITION_INVALID', path, message }
}

describe('compile-time reports', () => {
  it('name an unknown operator at its node', () => {
    expect(issuesOf({ or: [true, { regex: ['a'] }] })).toEqual([
      invalid(`${root}/or/1`, 'unknown operator "regex"'),
    ])
    expect(issuesOf({ constructor: [] })).toEqual([invalid(root, 'unknown operator "constructor"')])
    expect(issuesOf(JSON.parse('{"__proto__": []}'))).toEqual([
      invalid(root, 'unknown operator "__proto__"'),
    ])
  })

  it('name a wrong argument count', () => {
    expect(issuesOf({ eq: [1, 2, 3] })).toEqual([invalid(root, 'eq: expected 2 arguments, got 3')])
    expect(issuesOf({ not: [] })).toEqual([invalid(root, 'not: expected 1 argument, got 0')])
    expect(issuesOf({ and: [] })).toEqual([
      invalid(root, 'and: expected at least 1 argument, got 0'),
    ])
    expect(issuesOf({ exists: [[], 'x'] })).toEqual([
      invalid(root, 'exists: expected 3 arguments, got 2'),
    ])
  })

  it('name arguments that are not a list', () => {
    expect(issuesOf({ not: true })).toEqual([
      invalid(`${root}/not`, 'not: arguments must be a list'),
    ])
  })

  it('name objects that are not one operator', () => {
    expect(issuesOf({ eq: [1, 1], ne: [1, 2] })).toEqual([
      invalid(root, 'expected exactly one operator key, got "eq", "ne"'),
    ])
    expect(issuesOf({ ref: 'P.id', value: 1 })).toEqual([
      invalid(root, 'expected exactly one operator key, got "ref", "value"'),
    ])
    expect(issuesOf({})).toEqual([
      invalid(
        root,
        'an empty object is not an expression: write { "value": {} } for an empty object',
      ),
    ])
  })

  it('name values that are not expressions', () => {
    expect(issuesOf(undefined)).toEqual([invalid(root, 'unsupported expression of type undefined')])
    expect(issuesOf({ eq: [() => 1, 1] })).toEqual([
      invalid(`${root}/eq/0`, 'unsupported expression of type function'),
    ])
    expect(issuesOf({ eq: [new Date(0), 1] })).toEqual([
      invalid(`${root}/eq/0`, 'unsupported expression: an object that is not plain JSON'),
    ])
  })

  it('name malformed refs', () => {
    expect(issuesOf(ref('R..x'))).toEqual([invalid(root, 'ref "R..x" has an empty segment')])
    expect(issuesOf(ref('R.attr.'))).toEqual([invalid(root, 'ref "R.attr." has an empty segment')])
    expect(issuesOf({ ref: [] })).toEqual([
      invalid(root, 'ref must be a dotted string or a non-empty list of strings'),
    ])
    expect(issuesOf({ ref: ['R', 1] })).toEqual([
      invalid(root, 'ref must be a dotted string or a non-empty list of strings'),
    ])
    expect(issuesOf({ ref: 5 })).toEqual([
      invalid(root, 'ref must be a dotted string or a non-empty list of strings'),
    ])
  })

  it('name unknown roots and fields', () => {
    expect(issuesOf(ref('request.principal.id'))).toEqual([
      invalid(
        root,
        'unknown ref root "request" (expected P, R, V, C, delegation, now or a variable bound by exists or all)',
      ),
    ])
    expect(issuesOf(ref('P.department'))).toEqual([
      invalid(
        root,
        'no such field: P.department (P has id, kind, roles, attr, policyVersion, scope)',
      ),
    ])
    expect(issuesOf(ref('R.owner'))).toEqual([
      invalid(root, 'no such field: R.owner (R has kind, id, attr, policyVersion, scope)'),
    ])
    expect(issuesOf(ref('delegation.user'))).toEqual([
      invalid(root, 'no such field: delegation.user (delegation has actor, subject, chain, depth)'),
    ])
    expect(issuesOf(ref('delegation.actor.name'))).toEqual([
      invalid(
        root,
        'no such field: delegation.actor.name (delegation.actor has id, kind, roles, attr, policyVersion, scope)',
      ),
    ])
    expect(issuesOf(ref(['P', 'constructor']))).toEqual([
      invalid(
        root,
        'no such field: P.constructor (P has id, kind, roles, attr, policyVersion, scope)',
      ),
    ])
    expect(issuesOf(ref('now.seconds'))).toEqual([invalid(root, 'now has no fields')])
  })

  it('name undefined variables and constants', () => {
    expect(issuesOf({ and: [ref('V.isOwner'), ref('C.max')] })).toEqual([
      invalid(`${root}/and/0`, 'undefined variable: V.isOwner'),
      invalid(`${root}/and/1`, 'undefined constant: C.max'),
    ])
    expect(issuesOf(ref('V'))).toEqual([invalid(root, 'V needs a variable name, such as V.name')])
    expect(issuesOf(ref('C'))).toEqual([invalid(root, 'C needs a constant name, such as C.name')])
  })

  it('name unsafe and non-finite number literals', () => {
    expect(issuesOf({ eq: [ref('R.attr.id'), 2 ** 53] })).toEqual([
      invalid(
        `${root}/eq/1`,
        'integer literal 9007199254740992 outside the safe range (magnitude below 2^53)',
      ),
    ])
    expect(issuesOf({ in: [1, [1, -(2 ** 60)]] })).toEqual([
      invalid(
        `${root}/in/1/1`,
        'integer literal -1152921504606847000 outside the safe range (magnitude below 2^53)',
      ),
    ])
    expect(issuesOf({ eq: [{ value: { ids: [1, 2 ** 53] } }, 1] })).toEqual([
      invalid(
        `${root}/eq/0/value/ids/1`,
        'integer literal 9007199254740992 outside the safe range (magnitude below 2^53)',
      ),
    ])
    expect(issuesOf(Number.POSITIVE_INFINITY)).toEqual([
      invalid(root, 'number literal Infinity is not finite'),
    ])
    expect(issuesOf(2 ** 53 - 1)).toEqual([])
  })

  it('name literal data that is not JSON', () => {
    expect(issuesOf({ value: { when: new Date(0), n: undefined, 'a/b': 1n } })).toEqual([
      invalid(
        `${root}/value/when`,
        'unsupported value in literal data: an object that is not plain JSON',
      ),
      invalid(`${root}/value/n`, 'unsupported value in literal data: undefined'),
      invalid(`${root}/value/a~1b`, 'unsupported value in literal data: bigint'),
    ])
  })

  it('report every problem in document order', () => {
    const expr = {
      or: [
        { eq: [ref('R.attr.a'), 2 ** 53] },
        { matches: ['x', '(a*)*'] },
        { inIpRange: ['1.2.3.4', 'nope'] },
      ],
    }
    expect(issuesOf(expr)).toEqual([
      invalid(
        `${root}/or/0/eq/1`,
        'integer literal 9007199254740992 outside the safe range (magnitude below 2^53)',
      ),
      invalid(
        `${root}/or/1/matches/1`,
        'matches: unsafe pattern "(a*)*": nested quantifier at index 4: a repeated group contains a repeat',
      ),
      invalid(
        `${root}/or/2/inIpRange/1`,
        'inIpRange: invalid CIDR range "nope": expected an address, a slash and a prefix length',
      ),
    ])
  })

  it('limit nesting depth', () => {
    let deep: Expression = true
    for (let i = 0; i < 70; i++) deep = { not: [deep] }
    const issues = issuesOf(deep) as readonly { path: string; message: string }[]
    expect(issues).toHaveLength(1)
    expect(issues[0]?.message).toBe('expression nested deeper than 64 levels')
    expect(issues[0]?.path).toBe(root + '/not/0'.repeat(65))
  })
})

describe('compiled results of invalid nodes', () => {
  it('fault with the reported issue', () => {
    const expr: unknown = { not: [{ regex: ['a'] }] }
    const { evaluate } = compile(expr as Expression, { path: root })
    expect(faultOf(evaluate(context()))).toEqual({
      code: 'ERR_CONDITION_INVALID',
      message: 'unknown operator "regex"',
      path: `${root}/not/0`,
    })
  })

  it('propagate through and', () => {
    const { evaluate } = compile({ and: [true, ref('P.department')] })
    expect(faultOf(evaluate(context())).code).toBe('ERR_CONDITION_INVALID')
  })
})

describe('literals', () => {
  it('evaluate to themselves', () => {
    expect(run('text')).toBe('text')
    expect(run(1.5)).toBe(1.5)
    expect(run(true)).toBe(true)
    expect(run(null)).toBe(null)
    expect(run([1, 'a', [null]])).toEqual([1, 'a', [null]])
  })

  it('return frozen data from value', () => {
    const data = run({ value: JSON.parse('{"__proto__": {"x": 1}, "list": [1]}') }) as Record<
      string,
      unknown
    >
    expect(Object.isFrozen(data)).toBe(true)
    expect(Object.isFrozen(data['list'])).toBe(true)
    expect(Object.hasOwn(data, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
    expect(JSON.stringify(data)).toBe('{"__proto__":{"x":1},"list":[1]}')
  })

  it('build computed lists, stopping at faults', () => {
    const ctx = context({ R: { attr: { a: 1 } } })
    expect(run([ref('R.attr.a'), ref('P.id')], ctx)).toEqual([1, 'alice'])
    expect(faultOf(run([ref('R.attr.a'), ref('R.attr.b'), ref('R.attr.c')], ctx))).toEqual({
      code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
      message: 'no such attribute: R.attr.b',
      path: '/when/1',
    })
  })

  it('escape JSON Pointer tokens in value paths', () => {
    expect(issuesOf({ value: { '~x/': undefined } })).toEqual([
      invalid(`${root}/value/~0x~1`, 'unsupported value in literal data: undefined'),
    ])
  })
})
