import { describe, expect, it } from 'vitest'
import type { PrincipalValue } from '../../src/engine/model.js'
import { compile, context, faultOf, ref, run } from './helpers.js'

describe('refs to fixed fields', () => {
  const ctx = context({
    P: { id: 'bob', kind: 'agent', roles: ['user', 'admin'], policyVersion: 'v2', scope: 'acme' },
    R: { kind: 'ticket', id: 't9', policyVersion: 'v3', scope: 'acme.eu' },
  })

  it('read the principal', () => {
    expect(run(ref('P.id'), ctx)).toBe('bob')
    expect(run(ref('P.kind'), ctx)).toBe('agent')
    expect(run(ref('P.roles'), ctx)).toEqual(['user', 'admin'])
    expect(run(ref('P.policyVersion'), ctx)).toBe('v2')
    expect(run(ref('P.scope'), ctx)).toBe('acme')
    expect(run(ref('P.roles.1'), ctx)).toBe('admin')
  })

  it('read the resource', () => {
    expect(run(ref('R.kind'), ctx)).toBe('ticket')
    expect(run(ref('R.id'), ctx)).toBe('t9')
    expect(run(ref('R.policyVersion'), ctx)).toBe('v3')
    expect(run(ref('R.scope'), ctx)).toBe('acme.eu')
    expect(run(ref('R.attr'), ctx)).toEqual({})
  })
})

describe('attribute refs', () => {
  const ctx = context({
    R: {
      attr: {
        owner: 'alice',
        flag: false,
        empty: null,
        'a.b': 1,
        list: [10, 20],
        nested: { x: { y: 2 } },
      },
    },
  })

  it('read present attributes', () => {
    expect(run(ref('R.attr.owner'), ctx)).toBe('alice')
    expect(run(ref('R.attr.flag'), ctx)).toBe(false)
    expect(run(ref('R.attr.empty'), ctx)).toBe(null)
    expect(run(ref(['R', 'attr', 'a.b']), ctx)).toBe(1)
    expect(run(ref('R.attr.nested.x.y'), ctx)).toBe(2)
    expect(run(ref('R.attr.list.0'), ctx)).toBe(10)
  })

  it('fault on a missing attribute, naming its path', () => {
    expect(faultOf(run(ref('R.attr.absent'), ctx))).toEqual({
      code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
      message: 'no such attribute: R.attr.absent',
      path: '/when',
    })
    expect(faultOf(run(ref('R.attr.nested.x.z'), ctx)).message).toBe(
      'no such attribute: R.attr.nested.x.z',
    )
    expect(faultOf(run(ref(['R', 'attr', 'x.y']), ctx)).message).toBe(
      'no such attribute: R.attr["x.y"]',
    )
    expect(faultOf(run(ref('R.attr.absent.deeper'), ctx)).message).toBe(
      'no such attribute: R.attr.absent',
    )
  })

  it('fault on a list index out of range', () => {
    expect(faultOf(run(ref('R.attr.list.2'), ctx))).toEqual({
      code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
      message: 'no such attribute: R.attr.list[2]',
      path: '/when',
    })
  })

  it('fault on fields of non-objects', () => {
    expect(faultOf(run(ref('R.attr.owner.first'), ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'cannot read "first" of string: R.attr.owner',
      path: '/when',
    })
    expect(faultOf(run(ref('R.attr.empty.x'), ctx)).message).toBe(
      'cannot read "x" of null: R.attr.empty',
    )
    expect(faultOf(run(ref('R.attr.list.first'), ctx)).message).toBe(
      'cannot read "first" of list: R.attr.list',
    )
    expect(faultOf(run(ref('R.attr.list.01'), ctx)).message).toBe(
      'cannot read "01" of list: R.attr.list',
    )
  })

  it('treat an own property holding undefined as missing', () => {
    const holey = context({ R: { attr: { gone: undefined } } })
    expect(faultOf(run(ref('R.attr.gone'), holey)).code).toBe('ERR_CONDITION_MISSING_ATTRIBUTE')
  })
})

describe('prototype keys', () => {
  const names = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']

  it('are missing unless owned', () => {
    for (const name of names) {
      const result = run(ref(['R', 'attr', name]), context({ R: { attr: {} } }))
      expect(faultOf(result).code, name).toBe('ERR_CONDITION_MISSING_ATTRIBUTE')
      expect(run({ has: [ref(['R', 'attr', name])] }), name).toBe(false)
    }
  })

  it('are data when JSON defines them', () => {
    const attr = JSON.parse(
      '{"__proto__": {"admin": true}, "constructor": "c", "prototype": [1]}',
    ) as Record<string, unknown>
    const ctx = context({ R: { attr } })
    expect(run(ref('R.attr.__proto__.admin'), ctx)).toBe(true)
    expect(run(ref('R.attr.constructor'), ctx)).toBe('c')
    expect(run(ref('R.attr.prototype.0'), ctx)).toBe(1)
    expect(run({ has: [ref('R.attr.__proto__')] }, ctx)).toBe(true)
    expect(run({ size: [ref('R.attr')] }, ctx)).toBe(3)
    expect(
      run({ eq: [ref('R.attr.__proto__'), { value: JSON.parse('{"admin": true}') }] }, ctx),
    ).toBe(true)
  })

  it('are data in a null-prototype object', () => {
    const attr = Object.create(null) as Record<string, unknown>
    attr['__proto__'] = 'data'
    attr['constructor'] = 7
    const ctx = context({ P: { attr } })
    expect(run(ref('P.attr.__proto__'), ctx)).toBe('data')
    expect(run(ref('P.attr.constructor'), ctx)).toBe(7)
    expect(faultOf(run(ref('P.attr.prototype'), ctx)).code).toBe('ERR_CONDITION_MISSING_ATTRIBUTE')
  })

  it('never reach Object.prototype through a nested object', () => {
    const ctx = context({ R: { attr: { inner: {} } } })
    expect(faultOf(run(ref('R.attr.inner.constructor.name'), ctx)).message).toBe(
      'no such attribute: R.attr.inner.constructor',
    )
  })
})

describe('unsupported attribute values', () => {
  it('fault on an unsafe integer', () => {
    const ctx = context({
      R: { attr: { id: 2 ** 53, negative: -(2 ** 53), safe: 2 ** 53 - 1, real: 1.5 } },
    })
    expect(faultOf(run(ref('R.attr.id'), ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'unsupported value at R.attr.id: integer 9007199254740992 outside the safe range (magnitude below 2^53)',
      path: '/when',
    })
    expect(faultOf(run(ref('R.attr.negative'), ctx)).code).toBe('ERR_CONDITION_TYPE')
    expect(run(ref('R.attr.safe'), ctx)).toBe(2 ** 53 - 1)
    expect(run(ref('R.attr.real'), ctx)).toBe(1.5)
  })

  it('fault on values that JSON cannot hold', () => {
    const ctx = context({
      R: { attr: { when: new Date(0), big: 1n, nan: Number.NaN, map: new Map() } },
    })
    expect(faultOf(run(ref('R.attr.when'), ctx)).message).toBe(
      'unsupported value at R.attr.when: object that is neither an array nor a plain object',
    )
    expect(faultOf(run(ref('R.attr.big'), ctx)).message).toBe(
      'unsupported value at R.attr.big: bigint',
    )
    expect(faultOf(run(ref('R.attr.nan'), ctx)).message).toBe(
      'unsupported value at R.attr.nan: number NaN',
    )
    expect(faultOf(run(ref('R.attr.map.size'), ctx)).message).toBe(
      'cannot read "size" of unsupported value (object that is neither an array nor a plain object): R.attr.map',
    )
  })

  it('turn exceptions into faults', () => {
    const attr = {}
    Object.defineProperty(attr, 'secret', {
      enumerable: true,
      get() {
        throw new Error('getter ran')
      },
    })
    const result = run({ or: [true, { eq: [ref('R.attr.secret'), 1] }] }, context({ R: { attr } }))
    expect(result).toBe(true)
    // The exception ends the whole evaluation, so a later true operand does not absorb it.
    expect(
      faultOf(run({ or: [{ eq: [ref('R.attr.secret'), 1] }, true] }, context({ R: { attr } })))
        .path,
    ).toBe('/when')
    expect(faultOf(run({ eq: [ref('R.attr.secret'), 1] }, context({ R: { attr } })))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'evaluation failed: Error thrown (attributes must be plain JSON and the clock a finite number)',
      path: '/when',
    })
  })
})

describe('delegation refs', () => {
  const actor: PrincipalValue = {
    id: 'spiffe://acme.test/agents/helper',
    kind: 'agent',
    roles: ['agent'],
    attr: { model: 'm1' },
    policyVersion: 'default',
    scope: '',
  }

  it('read a direct call', () => {
    expect(run(ref('delegation.actor'))).toBe(null)
    expect(run(ref('delegation.subject'))).toBe(null)
    expect(run(ref('delegation.chain'))).toEqual([])
    expect(run(ref('delegation.depth'))).toBe(0)
    expect(run({ eq: [ref('delegation.actor'), null] })).toBe(true)
  })

  it('read an on-behalf-of call', () => {
    const ctx = context({ delegation: { actor, subject: null, chain: [actor.id], depth: 1 } })
    expect(run(ref('delegation.actor.id'), ctx)).toBe(actor.id)
    expect(run(ref('delegation.actor.kind'), ctx)).toBe('agent')
    expect(run(ref('delegation.actor.attr.model'), ctx)).toBe('m1')
    expect(run(ref('delegation.chain.0'), ctx)).toBe(actor.id)
    expect(run(ref('delegation.depth'), ctx)).toBe(1)
  })

  it('fault on a field of an absent actor', () => {
    expect(faultOf(run(ref('delegation.subject.id')))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'cannot read "id" of null: delegation.subject',
      path: '/when',
    })
  })
})

describe('variable and constant refs', () => {
  it('read a variable and fields of its value', () => {
    const variables = {
      owner: { eq: [ref('R.attr.owner'), ref('P.id')] },
      meta: ref('R.attr.meta'),
    }
    const ctx = context({ R: { attr: { owner: 'alice', meta: { level: 3 } } } })
    expect(run(ref('V.owner'), ctx, { variables })).toBe(true)
    expect(run(ref('V.meta.level'), ctx, { variables })).toBe(3)
  })

  it('keep fault paths inside variables', () => {
    const variables = { owner: { eq: [ref('R.attr.owner'), ref('P.id')] } }
    expect(faultOf(run(ref('V.owner'), context(), { variables }))).toEqual({
      code: 'ERR_CONDITION_MISSING_ATTRIBUTE',
      message: 'no such attribute: R.attr.owner',
      path: '/variables/owner/eq/0',
    })
  })

  it('read a constant and fields of it', () => {
    const constants = { limits: { max: 10, tiers: ['a', 'b'] } }
    expect(run(ref('C.limits.max'), context(), { constants })).toBe(10)
    expect(run(ref('C.limits.tiers.1'), context(), { constants })).toBe('b')
    expect(faultOf(run(ref('C.limits.min'), context(), { constants })).message).toBe(
      'no such attribute: C.limits.min',
    )
  })

  it('report a constant holding an unsafe integer', () => {
    const { evaluate, issues } = compile(ref('C.big'), { constants: { big: 2 ** 60 } })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when',
        message:
          'C.big: integer literal 1152921504606847000 outside the safe range (magnitude below 2^53)',
      },
    ])
    expect(faultOf(evaluate(context())).code).toBe('ERR_CONDITION_INVALID')
  })
})

describe('now', () => {
  it('is the timestamp of ctx.now', () => {
    expect(String(run(ref('now'), context({ now: Date.UTC(2026, 0, 2, 3, 4, 5, 678) })))).toBe(
      '2026-01-02T03:04:05.678Z',
    )
  })

  it('follows ctx.now from one evaluation to the next', () => {
    const { evaluate } = compile(ref('now'))
    expect(String(evaluate(context({ now: 0 })))).toBe('1970-01-01T00:00:00Z')
    expect(String(evaluate(context({ now: 1000 })))).toBe('1970-01-01T00:00:01Z')
  })
})
