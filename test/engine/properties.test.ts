import fc from 'fast-check'
import { describe, it } from 'vitest'
import type { Decision } from '../../src/engine/decision.js'
import type { Principal, Resource } from '../../src/engine/model.js'
import { propertyParameters } from '../support/seed.js'
import { authorizerFor } from './helpers.js'

type Json = Record<string, unknown>

const ACTIONS = ['read', 'edit', 'view:a', 'view:b', 'share']
const PATTERNS = ['read', 'edit', 'view:*', '*', 'share']
const ROLES = ['a', 'b', 'c']
const ERROR = { eq: [{ ref: 'R.attr.missing' }, 1] }
const CONDITIONS: unknown[] = [
  true,
  false,
  { eq: [{ ref: 'R.attr.x' }, 1] },
  { gt: [{ ref: 'P.attr.n' }, 2] },
  ERROR,
  { or: [ERROR, { eq: [{ ref: 'R.attr.x' }, 2] }] },
  { and: [{ eq: [{ ref: 'R.attr.x' }, 1] }, { gt: [{ ref: 'P.attr.n' }, 2] }] },
  { not: [{ eq: [{ ref: 'R.attr.x' }, 1] }] },
]

const rule = fc.record({
  actions: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 }),
  effect: fc.constantFrom('allow', 'deny'),
  roles: fc.uniqueArray(fc.constantFrom(...ROLES, '*'), { minLength: 1, maxLength: 2 }),
  when: fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined }),
})

const policySet = fc
  .record({
    root: fc.array(rule, { minLength: 1, maxLength: 5 }),
    child: fc.array(rule, { maxLength: 4 }),
    consent: fc.boolean(),
  })
  .map(({ root, child, consent }) => {
    const policies: Json[] = [{ resourcePolicy: { resource: 'doc', rules: root.map(clean) } }]
    if (child.length > 0) {
      const scopePermissions = consent ? 'requireParentalConsentForAllows' : 'overrideParent'
      policies.push({
        resourcePolicy: {
          resource: 'doc',
          scope: 'acme',
          scopePermissions,
          rules: child.map(clean),
        },
      })
    }
    return policies
  })

const request = fc.record({
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 3 }),
  n: fc.constantFrom(1, 3),
  x: fc.constantFrom(1, 2),
  scope: fc.constantFrom('', 'acme'),
  action: fc.constantFrom(...ACTIONS),
})

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never

function clean(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined))
}

function decideAll(policies: readonly Json[], requests: readonly Request[]): Decision[] {
  const authz = authorizerFor(policies, { lenientScopeSearch: true })
  return requests.map((input) => {
    const principal: Principal = { id: 'p', roles: input.roles, attr: { n: input.n } }
    const target: Resource = { kind: 'doc', id: 'd', attr: { x: input.x }, scope: input.scope }
    return authz.check({ principal, resource: target, action: input.action })
  })
}

function summary(decision: Decision): string {
  return `${decision.effect} ${decision.reasons.join(',')}`
}

function rulesOf(policy: Json): Json[] {
  return (policy['resourcePolicy'] as { rules: Json[] }).rules
}

function withRules(policy: Json, rules: Json[]): Json {
  return { resourcePolicy: { ...(policy['resourcePolicy'] as Json), rules } }
}

describe('engine properties', () => {
  it('shuffling rules and policies never changes a decision', () => {
    fc.assert(
      fc.property(
        policySet,
        fc.array(request, { minLength: 1, maxLength: 10 }),
        fc.func(fc.integer()),
        (policies, requests, order) => {
          const shuffle = <T>(items: readonly T[]): T[] =>
            items
              .map((item, index) => ({ item, key: order(index, items.length) }))
              .sort((left, right) => left.key - right.key)
              .map(({ item }) => item)
          const named = policies.map((policy) =>
            withRules(
              policy,
              rulesOf(policy).map((entry, index) => ({ name: `r${index}`, ...entry })),
            ),
          )
          const shuffled = shuffle(
            named.map((policy) => withRules(policy, shuffle(rulesOf(policy)))),
          )

          const before = decideAll(named, requests).map(summary)
          const after = decideAll(shuffled, requests).map(summary)
          return JSON.stringify(before) === JSON.stringify(after)
        },
      ),
      propertyParameters(),
    )
  })

  it('adding a deny rule never turns a deny into an allow', () => {
    fc.assert(
      fc.property(
        policySet,
        rule,
        fc.nat(),
        fc.array(request, { minLength: 1, maxLength: 10 }),
        (policies, extra, target, requests) => {
          const index = target % policies.length
          const policy = policies[index] as Json
          const deny = clean({ ...extra, effect: 'deny' })
          const extended = policies.map((entry, position) =>
            position === index ? withRules(policy, [...rulesOf(policy), deny]) : entry,
          )

          const before = decideAll(policies, requests)
          const after = decideAll(extended, requests)
          return before.every((decision, position) => decision.allowed || !after[position]?.allowed)
        },
      ),
      propertyParameters(),
    )
  })

  it('an erroring condition never turns a deny into an allow', () => {
    fc.assert(
      fc.property(
        policySet,
        fc.nat(),
        fc.nat(),
        fc.array(request, { minLength: 1, maxLength: 10 }),
        (policies, policyPick, rulePick, requests) => {
          const index = policyPick % policies.length
          const policy = policies[index] as Json
          const rules = rulesOf(policy)
          const target = rulePick % rules.length
          const broken = rules.map((entry, position) =>
            position === target ? { ...entry, when: ERROR } : entry,
          )
          const changed = policies.map((entry, position) =>
            position === index ? withRules(policy, broken) : entry,
          )

          const before = decideAll(policies, requests)
          const after = decideAll(changed, requests)
          return before.every((decision, position) => decision.allowed || !after[position]?.allowed)
        },
      ),
      propertyParameters(),
    )
  })
})
