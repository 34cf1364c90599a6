// Policy sets that validatePolicies accepts but the engine rejects or mis-evaluates, the error
// types createAuthorizer and updatePolicies may throw, and what survives a failed update.
import { describe, expect, it } from 'vitest'
import { createAuthorizer } from '../../src/authorizer.js'
import { PolicyInvalid } from '../../src/errors.js'
import { validatePolicies } from '../../src/policy-set.js'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from '../engine/helpers.js'

const readRule = { actions: ['read'], effect: 'allow', roles: ['user'] }

/** Returns what createAuthorizer threw for `policies`, or undefined when it did not throw. */
function creationError(policies: unknown[]): unknown {
  try {
    createAuthorizer({ policies })
    return undefined
  } catch (error) {
    return error
  }
}

describe('createAuthorizer error types', () => {
  const cases: Record<string, unknown[]> = {
    'function in an attribute schema': [
      resourcePolicy('doc', [readRule], {
        schemas: { resource: { type: 'object', description: () => 'x' } },
      }),
    ],
    'symbol in an attribute schema': [
      resourcePolicy('doc', [readRule], {
        schemas: { resource: { type: 'object', description: Symbol('x') } },
      }),
    ],
    'function in a value literal': [
      resourcePolicy('doc', [{ ...readRule, when: { eq: [{ value: () => 1 }, 1] } }]),
    ],
    'function in an output': [
      resourcePolicy('doc', [{ ...readRule, output: { whenMatched: { value: [1, () => 2] } } }]),
    ],
    'function in exported constants': [
      { exportConstants: { name: 'limits', definitions: { max: () => 1 } } },
    ],
  }

  for (const [name, policies] of Object.entries(cases)) {
    it(`${name} throws PolicyInvalid`, () => {
      const error = creationError(policies)
      expect(error).toBeInstanceOf(PolicyInvalid)
      expect((error as PolicyInvalid).code).toBe('ERR_POLICY_INVALID')
    })
  }
})

describe('validatePolicies agrees with createAuthorizer', () => {
  const cases: Record<string, unknown[]> = {
    // The schema from the document format example: required without properties.
    'required without properties': [
      resourcePolicy('doc', [readRule], {
        schemas: { resource: { type: 'object', required: ['ownerId'] }, enforcement: 'reject' },
      }),
    ],
    'unknown schema keyword': [
      resourcePolicy('doc', [readRule], {
        schemas: { resource: { type: 'object', 'x-owner': 1 } },
      }),
    ],
    'invalid schema type': [
      resourcePolicy('doc', [readRule], { schemas: { resource: { type: 'nope' } } }),
    ],
    'invalid timestamp literal': [
      resourcePolicy('doc', [
        { ...readRule, when: { lt: [{ timestamp: ['not a time'] }, { ref: 'now' }] } },
      ]),
    ],
    'invalid duration literal': [
      resourcePolicy('doc', [
        {
          ...readRule,
          when: { lt: [{ duration: ['5 years'] }, { timeSince: [{ ref: 'R.attr.t' }] }] },
        },
      ]),
    ],
    'invalid CIDR literal': [
      resourcePolicy('doc', [
        { ...readRule, when: { inIpRange: [{ ref: 'R.attr.ip' }, '10.0.0.0/99'] } },
      ]),
    ],
    'undefined inside a value literal': [
      resourcePolicy('doc', [{ ...readRule, when: { eq: [{ value: { a: undefined } }, 1] } }]),
    ],
    'NaN constant': [
      resourcePolicy('doc', [{ ...readRule, when: { eq: [{ ref: 'C.x' }, 1] } }], {
        constants: { local: { x: Number.NaN } },
      }),
    ],
  }

  for (const [name, policies] of Object.entries(cases)) {
    it(`${name}: both accept or both reject`, () => {
      const validation = validatePolicies(policies)
      const error = creationError(policies)
      expect(validation.ok).toBe(error === undefined)
    })
  }
})

describe('updatePolicies atomicity', () => {
  const before = resourcePolicy('doc', [readRule])

  it('keeps set and revision on PolicyInvalid', () => {
    const authz = authorizerFor([before])
    expect(() => {
      authz.updatePolicies([resourcePolicy('doc', [{ ...readRule, roles: ['adm*'] }])])
    }).toThrow(PolicyInvalid)
    expect(authz.revision).toBe(1)
    expect(decideFor(authz, user('a', ['user']), resource('doc'), 'read').allowed).toBe(true)
  })

  it('keeps set and revision on an unclonable policy', () => {
    const authz = authorizerFor([before])
    let thrown: unknown
    try {
      authz.updatePolicies([
        resourcePolicy('doc', [{ ...readRule, when: { eq: [{ value: () => 1 }, 1] } }]),
      ])
    } catch (error) {
      thrown = error
    }
    expect(authz.revision).toBe(1)
    expect(decideFor(authz, user('a', ['user']), resource('doc'), 'read').allowed).toBe(true)
    expect(thrown).toBeInstanceOf(PolicyInvalid)
  })

  it('keeps set and revision when the list is a throwing proxy', () => {
    const authz = authorizerFor([before])
    const hostile = new Proxy([], {
      get() {
        throw new Error('hostile policies')
      },
    })
    expect(() => {
      authz.updatePolicies(hostile)
    }).toThrow(PolicyInvalid)
    expect(authz.revision).toBe(1)
  })

  it('bumps the revision by one per success', () => {
    const authz = authorizerFor([before])
    authz.updatePolicies([resourcePolicy('doc', [{ ...readRule, effect: 'deny' }])])
    authz.updatePolicies([before])
    expect(authz.revision).toBe(3)
    expect(decideFor(authz, user('a', ['user']), resource('doc'), 'read').revision).toBe(3)
  })
})

describe('policy objects mutated after load', () => {
  it('later edits do not change decisions', () => {
    const rule = { actions: ['read'], effect: 'deny', roles: ['user'] }
    const policy = resourcePolicy('doc', [rule]) as { resourcePolicy: { rules: unknown[] } }
    const authz = authorizerFor([policy])
    rule.effect = 'allow'
    rule.roles.push('*')
    policy.resourcePolicy.rules.push({ actions: ['*'], effect: 'allow', roles: ['*'] })
    expect(decideFor(authz, user('a', ['user']), resource('doc'), 'read').allowed).toBe(false)
    expect(decideFor(authz, user('a', []), resource('doc'), 'edit').allowed).toBe(false)
  })

  it('validated documents are the ones compiled', () => {
    // validatePolicies reads `effect` four times; the copy that is compiled reads it a fifth.
    let reads = 0
    const rule = {
      actions: ['read'],
      roles: ['user'],
      get effect(): string {
        reads++
        return reads <= 4 ? 'deny' : 'allow'
      },
    }
    const authz = authorizerFor([resourcePolicy('doc', [rule])])
    expect(decideFor(authz, user('a', ['user']), resource('doc'), 'read').allowed).toBe(false)
  })
})

describe('matches patterns that backtrack', () => {
  // With a backtracking engine, `a*a*a*a*a*a*b` takes about 13 s on 80 "a"s, `^.*=.*=.*=.*;$`
  // about 2 s on 400 "="s and `^(?:a|a)*$` about 2 s on 28 "a"s and a "b" (Node 20, two cores).
  // Patterns run on RE2, which is linear in the input, so each check below returns at once
  // on far longer attributes; a regression would time the test out.
  const cases = {
    'adjacent stars': ['a*a*a*a*a*a*b', 'a'.repeat(100_000)],
    'dot stars around separators': ['^.*=.*=.*=.*;$', '='.repeat(100_000)],
    'ambiguous alternatives': ['^(?:a|a)*$', `${'a'.repeat(100_000)}b`],
  }

  for (const [name, [pattern, text]] of Object.entries(cases)) {
    it(`runs ${name} in linear time`, () => {
      const policies = [
        resourcePolicy('doc', [
          { ...readRule, when: { matches: [{ ref: 'R.attr.s' }, pattern as string] } },
        ]),
      ]
      expect(validatePolicies(policies).ok).toBe(true)
      const authz = authorizerFor(policies)
      const decision = decideFor(authz, user('u', ['user']), resource('doc', { s: text }), 'read')
      expect(decision.allowed).toBe(false)
      expect(decision.errors).toEqual([])
    })
  }

  it('rejects nested quantifiers', () => {
    for (const pattern of ['(a+)+$', '(a*)*', '(a|b*)+', '(?:x+x+)+y']) {
      const result = validatePolicies([
        resourcePolicy('doc', [{ ...readRule, when: { matches: [{ ref: 'R.attr.s' }, pattern] } }]),
      ])
      expect(result.ok, pattern).toBe(false)
    }
  })
})
