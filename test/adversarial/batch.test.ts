// checkResources: result shape, limits and outputs. A batch must give one result per
// resource and an effect per requested action, so a caller never reads a missing entry.
import { describe, expect, it } from 'vitest'
import { authorizerFor, resourcePolicy } from '../engine/helpers.js'

const documents = resourcePolicy('doc', [
  {
    name: 'user-rw',
    actions: ['read', 'edit'],
    effect: 'allow',
    roles: ['user'],
    output: { whenMatched: 'granted' },
  },
  { name: 'deny-delete', actions: ['delete'], effect: 'deny', roles: ['*'] },
])
const alice = { id: 'alice', roles: ['user'] }
const doc = (id: string) => ({ kind: 'doc', id })

describe('checkResources outputs', () => {
  const authz = authorizerFor([documents])

  it('outputs are sorted by action', () => {
    const { results } = authz.checkResources({
      principal: alice,
      resources: [{ resource: doc('d1'), actions: ['read', 'edit'] }],
    })
    expect(results[0]?.outputs.map((output) => output.action)).toEqual(['edit', 'read'])
  })

  it('outputs are deduplicated', () => {
    const { results } = authz.checkResources({
      principal: alice,
      resources: [{ resource: doc('d1'), actions: ['read', 'read'] }],
    })
    expect(results[0]?.outputs).toHaveLength(1)
  })
})

describe('checkResources limits', () => {
  const authz = authorizerFor([documents])

  it('too many resources still gives one deny each', () => {
    const resources = Array.from({ length: 1001 }, (_, index) => ({
      resource: doc(`d${index}`),
      actions: ['delete'],
    }))
    const { results } = authz.checkResources({ principal: alice, resources })
    // A caller that tests `results.every(...)` must not see an empty list.
    expect(results).toHaveLength(1001)
    expect(results.every((result) => result.actions['delete'] === 'deny')).toBe(true)
  })

  it('too many actions still gives an effect each', () => {
    const actions = [...Array.from({ length: 100 }, (_, index) => `a${index}`), 'read']
    const { results } = authz.checkResources({
      principal: alice,
      resources: [{ resource: doc('d1'), actions }],
    })
    expect(Object.keys(results[0]?.actions ?? {})).toHaveLength(101)
    expect(results[0]?.actions['read']).toBe('deny')
  })

  it('results keep request order', () => {
    const ids = ['d3', 'd1', 'd2', 'd1']
    const { results } = authz.checkResources({
      principal: alice,
      resources: ids.map((id) => ({ resource: doc(id), actions: ['read', 'delete'] })),
    })
    expect(results.map((result) => result.resource.id)).toEqual(ids)
    for (const result of results) {
      expect(result.actions).toEqual({ read: 'allow', delete: 'deny' })
    }
  })

  it('invalid principal denies every action', () => {
    const { results } = authz.checkResources({
      principal: { id: 'alice', roles: ['user'], admin: true } as never,
      resources: [{ resource: doc('d1'), actions: ['read', 'edit'] }],
    })
    expect(results[0]?.actions).toEqual({ read: 'deny', edit: 'deny' })
    expect(results[0]?.decisions['read']?.reasons).toEqual(['REQUEST_INVALID'])
  })

  it('__proto__ and constructor actions are plain keys', () => {
    const { results } = authz.checkResources({
      principal: alice,
      resources: [{ resource: doc('d1'), actions: ['__proto__', 'constructor', 'read'] }],
    })
    const actions = results[0]?.actions ?? {}
    expect(Object.keys(actions)).toEqual(['__proto__', 'constructor', 'read'])
    expect(actions['__proto__']).toBe('deny')
    expect(actions['constructor']).toBe('deny')
    expect(({} as Record<string, unknown>)['read']).toBeUndefined()
  })
})
