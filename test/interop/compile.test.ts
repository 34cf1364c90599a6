import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import type { Policy } from '../../src/policy/document.js'
import { validatePolicies } from '../../src/policy-set.js'
import { toCerbos } from '../../src/interop/to-cerbos.js'
import { scenarioArbitrary } from '../conformance/grammar/scenario.js'
import { namespaced } from '../conformance/namespace.js'
import { compileStore, writeStore, type Store } from '../conformance/store.js'
import { propertySeed } from '../condition/seed.js'

const stores: Store[] = []

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.remove()))
})

/** Exports `policies`, runs `cerbos compile` on them and expects exit code 0. */
async function expectCompiles(policies: readonly Policy[]): Promise<void> {
  const store = await writeStore(toCerbos(policies).files)
  stores.push(store)
  const result = await compileStore(store.directory)
  expect(result.output).not.toContain('Compilation errors')
  expect(result.code).toBe(0)
}

const leaf: fc.Arbitrary<Expression> = fc.oneof(
  fc.constantFrom<Expression>('a', '', 'x.y', 0, 1, 2.5, -1, true, false, null),
  fc.constantFrom<Expression>(
    { ref: 'R.attr.x' },
    { ref: 'R.attr.l.0' },
    { ref: ['R', 'attr', 'a.b'] },
    { ref: 'P.roles' },
    { ref: 'P.id' },
    { ref: 'P.policyVersion' },
    { ref: 'now' },
    { ref: 'item' },
    { ref: 'item.id' },
  ),
  fc.constantFrom<Expression>(
    { value: { a: 1, b: ['x'] } },
    { value: [1, 'a'] },
    { timestamp: ['2020-01-01T00:00:00Z'] },
    { duration: ['1h'] },
  ),
)

const UNARY = ['not', 'size', 'timestamp', 'duration', 'timeSince'] as const
const BINARY = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'contains',
  'hasIntersection',
  'isSubset',
  'startsWith',
  'endsWith',
  'includes',
  'inIpRange',
  'add',
  'sub',
  'mul',
  'div',
] as const

/** Expressions of any shape and any mix of types, well typed or not. */
const anyExpression = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.tuple(fc.constantFrom(...UNARY), tie('node')).map(([name, arg]) => op(name, [arg])),
    fc
      .tuple(fc.constantFrom(...BINARY), tie('node'), tie('node'))
      .map(([name, a, b]) => op(name, [a, b])),
    fc
      .tuple(fc.constantFrom('and', 'or'), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
      .map(([name, args]) => op(name, args)),
    fc
      .tuple(fc.constantFrom('exists', 'all'), tie('node'), tie('node'))
      .map(([name, list, predicate]) => op(name, [list, 'item', predicate])),
    tie('node').map((subject) => op('matches', [subject, '^a.b$'])),
    fc.constantFrom<Expression>({ has: [{ ref: 'R.attr.a.b' }] }, { has: [{ ref: 'R.attr.l.1' }] }),
  ),
})).node

function op(name: string, args: readonly Expression[]): Expression {
  return { [name]: args } as unknown as Expression
}

describe('exported policies compile in Cerbos', () => {
  it('generated scenarios', async () => {
    const scenarios = fc
      .sample(scenarioArbitrary({ min: 1, max: 1 }), { seed: propertySeed, numRuns: 60 })
      .map((value, index) => namespaced(value, `c${index}`))
    await expectCompiles(scenarios.flatMap((value) => value.policies))
  }, 120_000)

  it('expressions of any type, well typed or not', async () => {
    const policies: Policy[] = []
    for (const when of fc.sample(anyExpression, { seed: propertySeed, numRuns: 3_000 })) {
      const policy: Policy = {
        resourcePolicy: {
          resource: `fuzz${policies.length}`,
          rules: [
            { actions: ['read'], effect: 'allow', roles: ['*'], when },
            {
              actions: ['edit'],
              effect: 'deny',
              roles: ['user'],
              when,
              output: { whenMatched: when },
            },
          ],
        },
      }
      if (validatePolicies([policy]).ok) policies.push(policy)
      if (policies.length === 400) break
    }
    expect(policies.length).toBeGreaterThan(100)
    await expectCompiles(policies)
  }, 120_000)
})
