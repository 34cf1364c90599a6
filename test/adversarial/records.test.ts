// The one clock and the decision log: a check reads `now` once, and its record carries the
// instant the conditions saw. Decisions handed to callers share no state with later checks.
import { describe, expect, it } from 'vitest'
import { createAuthorizer } from '../../src/authorizer.js'
import type { DecisionRecord } from '../../src/audit/decision-record.js'
import { resourcePolicy } from '../engine/helpers.js'

const documents = resourcePolicy('doc', [
  {
    name: 'user-read',
    actions: ['read', 'edit'],
    effect: 'allow',
    roles: ['user'],
    output: { whenMatched: { ref: 'now' } },
  },
])
const alice = { id: 'alice', roles: ['user'] }
const doc = { kind: 'doc', id: 'd1' }

/** Creates a clock that moves one second forward on every read and counts its reads. */
function tickingClock() {
  const clock = { reads: 0, now: () => Date.UTC(2026, 0, 1) + 1000 * ++clock.reads }
  return clock
}

describe('clock reads with a decision log', () => {
  it('check reads now once', () => {
    const clock = tickingClock()
    const authz = createAuthorizer({ policies: [documents], now: clock.now, onDecision: () => {} })
    clock.reads = 0
    authz.check({ principal: alice, resource: doc, action: 'read' })
    expect(clock.reads).toBe(1)
  })

  it('record time is the instant conditions saw', () => {
    const clock = tickingClock()
    const records: DecisionRecord[] = []
    const authz = createAuthorizer({
      policies: [documents],
      now: clock.now,
      onDecision: (record) => {
        records.push(record)
      },
    })
    const decision = authz.check({ principal: alice, resource: doc, action: 'read' })
    expect(decision.outputs[0]).toMatchObject({ val: '2026-01-01T00:00:01Z' })
    expect(records[0]?.time).toBe('2026-01-01T00:00:01.000Z')
  })

  it('checkResources reads now once per batch', () => {
    const clock = tickingClock()
    const authz = createAuthorizer({ policies: [documents], now: clock.now, onDecision: () => {} })
    clock.reads = 0
    authz.checkResources({
      principal: alice,
      resources: [
        { resource: doc, actions: ['read', 'edit'] },
        { resource: { kind: 'doc', id: 'd2' }, actions: ['read'] },
      ],
    })
    expect(clock.reads).toBe(1)
  })

  it('checkResources without a log reads now once', () => {
    const clock = tickingClock()
    const authz = createAuthorizer({ policies: [documents], now: clock.now })
    clock.reads = 0
    authz.checkResources({
      principal: alice,
      resources: [{ resource: doc, actions: ['read', 'edit'] }],
    })
    expect(clock.reads).toBe(1)
  })
})

describe('decision log sinks', () => {
  it('sink that throws or rejects changes nothing', async () => {
    const sinks = [
      () => {
        throw new Error('sink down')
      },
      () => Promise.reject(new Error('sink down')),
    ]
    for (const onDecision of sinks) {
      const authz = createAuthorizer({
        policies: [documents],
        onDecision,
        onDecisionError: () => {},
      })
      const decision = await authz.checkAccess({ principal: alice, resource: doc, action: 'read' })
      expect(decision.allowed).toBe(true)
    }
  })

  it('sink that mutates its record changes nothing', () => {
    const authz = createAuthorizer({
      policies: [documents],
      onDecision: (record) => {
        ;(record as { effect: string }).effect = 'deny'
        ;(record.reasons as string[]).push('NO_MATCH')
      },
    })
    const decision = authz.check({ principal: alice, resource: doc, action: 'read' })
    expect(decision.allowed).toBe(true)
    expect(decision.reasons).toEqual([])
  })
})

describe('decisions share no state', () => {
  it('mutating one decision leaves the next intact', () => {
    const authz = createAuthorizer({ policies: [documents] })
    const first = authz.check({ principal: alice, resource: doc, action: 'delete' })
    ;(first.reasons as string[]).length = 0
    ;(first.errors as unknown[]).push({ code: 'X' })
    ;(first.validationErrors as unknown[]).push({ path: '/' })
    ;(first.evaluations[0]?.reasons as string[] | undefined)?.push('DENIED_BY_RULE')
    const second = authz.check({ principal: alice, resource: doc, action: 'delete' })
    expect(second.reasons).toEqual(['NO_MATCH'])
    expect(second.errors).toEqual([])
    expect(second.validationErrors).toEqual([])
    expect(second.evaluations[0]?.reasons).toEqual(['NO_MATCH'])
  })
})
