import { describe, expectTypeOf, it } from 'vitest'
import type { Duration, Expr, Ref, Timestamp } from '../../src/policy/expr-types.js'
import { definePolicies } from '../../src/policy/kit.js'
import { p } from './kit-app.js'

describe('refs', () => {
  it('types resource and principal fields', () => {
    expectTypeOf(p.R.attr.status).toEqualTypeOf<Ref<'draft' | 'published'>>()
    expectTypeOf(p.R.attr.address.city).toEqualTypeOf<Ref<string>>()
    expectTypeOf(p.R.attr.reviewedAt).toEqualTypeOf<Ref<string>>()
    expectTypeOf(p.R.attr['a.b']).toEqualTypeOf<Ref<boolean>>()
    expectTypeOf(p.R.kind).toEqualTypeOf<Ref<'document' | 'folder'>>()
    expectTypeOf(p.P.attr.teams).toEqualTypeOf<Ref<string[]>>()
    expectTypeOf(p.P.roles).toEqualTypeOf<Ref<readonly string[]>>()
    expectTypeOf(p.delegation.depth).toEqualTypeOf<Ref<number>>()
    expectTypeOf(p.now).toEqualTypeOf<Ref<Timestamp>>()
  })

  it('types variables and constants declared by the App type', () => {
    expectTypeOf(p.V.isOwner).toEqualTypeOf<Ref<boolean>>()
    expectTypeOf(p.C.maxSize).toEqualTypeOf<Ref<number>>()
    // @ts-expect-error the App type declares no variable isAdmin
    expectTypeOf(p.V.isAdmin).toBeObject()
  })

  it('leaves variables untyped when the App type declares none', () => {
    const untyped = definePolicies<{ resources: { doc: { actions: 'read' } } }>()
    untyped.and(untyped.V['anything']!, untyped.eq(untyped.C['limit']!, 3))
  })

  it('rejects unknown attributes and fields', () => {
    // @ts-expect-error no attribute ownerID
    p.eq(p.R.attr.ownerID, 'x')
    // @ts-expect-error no principal attribute region
    p.eq(p.P.attr.region, 'x')
    // @ts-expect-error a principal has no field name
    p.eq(p.P.name, 'x')
  })
})

describe('condition builders', () => {
  it('accept operands of the matching type', () => {
    expectTypeOf(p.eq(p.R.attr.status, 'published')).toEqualTypeOf<Expr<boolean>>()
    p.eq(p.R.attr.ownerId, p.P.id)
    p.eq(p.R.attr.status, p.P.attr.department)
    p.ne(p.R.attr.size, p.add(1, 2))
    p.lt(p.R.attr.size, 10)
    p.gte(p.now, p.timestamp('2026-01-01T00:00:00Z'))
    expectTypeOf(p.timeSince(p.now)).toEqualTypeOf<Expr<Duration>>()
    p.gt(p.timeSince(p.timestamp(p.R.attr.ownerId)), p.duration('1h'))
    p.in(p.R.attr.status, ['draft', 'published'])
    p.contains(p.P.attr.teams, 'a')
    p.hasIntersection(p.P.attr.teams, ['a', p.R.attr.department])
    p.exists(p.P.attr.teams, 'team', (team) => p.startsWith(team, 'eng-'))
    p.and(p.eq(p.R.attr.size, 1), true, p.R.attr['a.b'])
    p.noneOf([p.V.isOwner, p.has(p.R.attr.reviewedAt)])
    expectTypeOf(p.size(p.P.attr.teams)).toEqualTypeOf<Expr<number>>()
    p.eq(p.value({ a: 1 }), p.value({ a: 2 }))
  })

  it('reject literals of the wrong type', () => {
    // @ts-expect-error 'archived' is not a status
    p.eq(p.R.attr.status, 'archived')
    // @ts-expect-error ownerId is a string
    p.eq(p.R.attr.ownerId, 5)
    // @ts-expect-error a string does not order against a number
    p.lt(p.R.attr.ownerId, 5)
    // @ts-expect-error booleans are not ordered
    p.lt(p.R.attr['a.b'], true)
    // @ts-expect-error a timestamp does not order against a number
    p.lt(p.now, 1_700_000_000)
    // @ts-expect-error 'archived' is not a status
    p.in(p.R.attr.status, ['draft', 'archived'])
    // @ts-expect-error teams hold strings
    p.contains(p.P.attr.teams, 3)
  })

  it('reject expressions of the wrong type', () => {
    // @ts-expect-error a condition must be boolean
    p.and(p.R.attr.size)
    // @ts-expect-error size is a number, not a string
    p.startsWith(p.R.attr.size, 'a')
    // @ts-expect-error has takes a ref
    p.has(p.eq(p.R.attr.size, 1))
    // @ts-expect-error the pattern of matches is a literal
    p.matches(p.R.attr.ownerId, p.R.attr.department)
    // @ts-expect-error the element of teams is a string
    p.exists(p.P.attr.teams, 'team', (team) => p.gt(team, 1))
    // @ts-expect-error objects are written with value()
    p.eq(p.R.attr.address, { city: 'Paris' })
  })
})
