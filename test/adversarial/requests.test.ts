// Hostile requests against check, checkAccess and checkResources. These entry points must
// never throw for untrusted input: anything unreadable is denied with REQUEST_INVALID.
import { describe, expect, it } from 'vitest'
import type { Authorizer } from '../../src/authorizer.js'
import type { Decision } from '../../src/engine/decision.js'
import { authorizerFor, resourcePolicy } from '../engine/helpers.js'

const documents = resourcePolicy('doc', [
  { name: 'user-read', actions: ['read'], effect: 'allow', roles: ['user'] },
  {
    name: 'published-view',
    actions: ['view'],
    effect: 'allow',
    roles: ['user'],
    when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
  },
  {
    name: 'banned-deny',
    actions: ['*'],
    effect: 'deny',
    roles: ['*'],
    when: { eq: [{ ref: 'P.attr.banned' }, true] },
  },
])

const alice = { id: 'alice', roles: ['user'], attr: { banned: false } }
const doc = { kind: 'doc', id: 'd1', attr: { status: 'published' } }

function boom(): never {
  throw new Error('hostile getter')
}

/** Calls `run` and returns its decision, or the exception it threw, without rethrowing. */
function outcome(run: () => Decision): Decision | { thrown: unknown } {
  try {
    return run()
  } catch (error) {
    return { thrown: error }
  }
}

function expectInvalid(result: Decision | { thrown: unknown }): void {
  expect(result).not.toHaveProperty('thrown')
  const decision = result as Decision
  expect(decision.allowed).toBe(false)
  expect(decision.reasons).toEqual(['REQUEST_INVALID'])
  expect(decision.errors[0]?.code).toBe('ERR_REQUEST_INVALID')
}

describe('check with throwing getters', () => {
  const authz = authorizerFor([documents])

  it('principal id getter that throws', () => {
    const principal = {
      get id(): string {
        return boom()
      },
      roles: ['user'],
    }
    expectInvalid(outcome(() => authz.check({ principal, resource: doc, action: 'read' })))
  })

  it('action getter that throws', () => {
    const request = {
      principal: alice,
      resource: doc,
      get action(): string {
        return boom()
      },
    }
    expectInvalid(outcome(() => authz.check(request)))
  })

  it('resource getter that throws', () => {
    const request = {
      principal: alice,
      get resource(): typeof doc {
        return boom()
      },
      action: 'read',
    }
    expectInvalid(outcome(() => authz.check(request)))
  })

  it('scopes proxy that throws', () => {
    const scopes = new Proxy([] as string[], { get: boom })
    expectInvalid(
      outcome(() => authz.check({ principal: alice, resource: doc, action: 'read', scopes })),
    )
  })
})

describe('check with proxies', () => {
  const authz = authorizerFor([documents])

  it('request proxy whose getPrototypeOf throws', () => {
    const request = new Proxy({}, { getPrototypeOf: boom })
    expectInvalid(outcome(() => authz.check(request as never)))
  })

  it('principal proxy whose ownKeys throws', () => {
    const principal = new Proxy({ id: 'alice', roles: ['user'] }, { ownKeys: boom })
    expectInvalid(outcome(() => authz.check({ principal, resource: doc, action: 'read' })))
  })

  it('attr proxy whose getPrototypeOf throws', () => {
    const attr = new Proxy({}, { getPrototypeOf: boom })
    expectInvalid(
      outcome(() =>
        authz.check({
          principal: { id: 'alice', roles: ['user'], attr },
          resource: doc,
          action: 'read',
        }),
      ),
    )
  })

  it('roles proxy that throws on read', () => {
    const roles = new Proxy(['user'], { get: boom })
    expectInvalid(
      outcome(() =>
        authz.check({ principal: { id: 'alice', roles }, resource: doc, action: 'read' }),
      ),
    )
  })

  it('attribute getter inside a condition is a condition error', () => {
    // Reached only after the request was read: evaluation turns the exception into a fault.
    const attr = {
      get banned(): boolean {
        return boom()
      },
    }
    const decision = authz.check({
      principal: { id: 'alice', roles: ['user'], attr },
      resource: doc,
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
    expect(decision.errors[0]?.code).toBe('ERR_CONDITION_TYPE')
    expect(decision.errors[0]?.path).toBe('/resourcePolicy/rules/2/when')
  })
})

describe('checkAccess with hostile requests', () => {
  const authz = authorizerFor([documents])

  it('action getter that throws resolves to a deny', async () => {
    const request = {
      principal: alice,
      resource: doc,
      get action(): string {
        return boom()
      },
    }
    const result = await authz.checkAccess(request).then(
      (decision) => decision,
      (error: unknown) => ({ thrown: error }),
    )
    expectInvalid(result)
  })

  it('request proxy resolves to a deny', async () => {
    const request = new Proxy({}, { getPrototypeOf: boom })
    const result = await authz.checkAccess(request as never).then(
      (decision) => decision,
      (error: unknown) => ({ thrown: error }),
    )
    expectInvalid(result)
  })
})

describe('checkResources with hostile requests', () => {
  const authz = authorizerFor([documents])

  function batch(request: unknown): ReturnType<Authorizer['checkResources']> | { thrown: unknown } {
    try {
      return authz.checkResources(request as never)
    } catch (error) {
      return { thrown: error }
    }
  }

  it('resources getter that throws', () => {
    const result = batch({
      principal: alice,
      get resources(): unknown[] {
        return boom()
      },
    })
    expect(result).not.toHaveProperty('thrown')
  })

  it('entry resource getter that throws', () => {
    const result = batch({
      principal: alice,
      resources: [
        {
          get resource(): typeof doc {
            return boom()
          },
          actions: ['read'],
        },
      ],
    })
    expect(result).not.toHaveProperty('thrown')
  })

  it('actions proxy that throws', () => {
    const actions = new Proxy(['read'], { get: boom })
    const result = batch({ principal: alice, resources: [{ resource: doc, actions }] })
    expect(result).not.toHaveProperty('thrown')
  })
})

describe('check with odd values', () => {
  const authz = authorizerFor([documents])

  it('bigint, symbol and function attributes', () => {
    for (const banned of [1n, Symbol('x'), () => true]) {
      const decision = authz.check({
        principal: { id: 'alice', roles: ['user'], attr: { banned } },
        resource: doc,
        action: 'read',
      })
      // The banned rule errors, and an erroring deny denies.
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['DENIED_BY_RULE', 'CONDITION_ERROR'])
    }
  })

  it('non-string actions', () => {
    for (const action of [Symbol('read'), 1, null, ['read'], { toString: () => 'read' }, '']) {
      const decision = authz.check({ principal: alice, resource: doc, action: action as never })
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['REQUEST_INVALID'])
      expect(decision.errors[0]?.path).toBe('/action')
    }
  })

  it('cyclic attributes', () => {
    const status: Record<string, unknown> = {}
    status['self'] = status
    const decision = authz.check({
      principal: alice,
      resource: { kind: 'doc', id: 'd1', attr: { status } },
      action: 'view',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('deeply nested attributes', () => {
    let status: unknown = 'published'
    for (let i = 0; i < 100_000; i++) status = { inner: status }
    const decision = authz.check({
      principal: alice,
      resource: { kind: 'doc', id: 'd1', attr: { status } },
      action: 'view',
    })
    expect(decision.allowed).toBe(false)
  })

  it('frozen and sealed requests', () => {
    const principal = Object.freeze({
      id: 'alice',
      roles: Object.freeze(['user']),
      attr: Object.freeze({ banned: false }),
    })
    const resource = Object.seal({
      kind: 'doc',
      id: 'd1',
      attr: Object.seal({ status: 'published' }),
    })
    const decision = authz.check(Object.freeze({ principal, resource, action: 'view' }))
    expect(decision.allowed).toBe(true)
  })

  it('lone surrogates in ids, roles and actions', () => {
    const decision = authz.check({
      principal: { id: '\uD800', roles: ['user', '\uDFFF'], attr: { banned: false } },
      resource: { kind: 'doc', id: '\uDC00', attr: { status: 'published\uD800' } },
      action: 'view\uD800',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['NO_MATCH'])
  })

  it('an enormous role list', () => {
    const roles = Array.from({ length: 200_000 }, (_, index) => `role-${index}`)
    const decision = authz.check({
      principal: { id: 'alice', roles: [...roles, 'user'], attr: { banned: false } },
      resource: doc,
      action: 'read',
    })
    expect(decision.allowed).toBe(true)
  })

  it('sparse role list', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the attack
    const roles = [, 'user'] as string[]
    const decision = authz.check({
      principal: { id: 'alice', roles, attr: { banned: false } },
      resource: doc,
      action: 'read',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['REQUEST_INVALID'])
  })

  it('unknown fields in principal and resource', () => {
    const principal = { ...alice, role: 'admin' }
    expect(authz.check({ principal, resource: doc, action: 'read' }).errors[0]?.path).toBe(
      '/principal/role',
    )
    const resource = { ...doc, owner: 'alice' }
    expect(authz.check({ principal: alice, resource, action: 'read' }).errors[0]?.path).toBe(
      '/resource/owner',
    )
  })
})

describe('check with a hostile clock', () => {
  for (const [name, value] of [
    ['NaN', Number.NaN],
    ['a string', '1767225600000'],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond the Date range', 8.64e15 + 1],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
  ] as const) {
    it(`clock returning ${name} denies`, () => {
      const authz = authorizerFor([documents], { now: () => value as unknown as number })
      const decision = authz.check({ principal: alice, resource: doc, action: 'read' })
      expect(decision.allowed).toBe(false)
      expect(decision.reasons).toEqual(['REQUEST_INVALID'])
      expect(decision.errors[0]?.message).toBe('the clock returned an invalid time')
    })
  }
})
