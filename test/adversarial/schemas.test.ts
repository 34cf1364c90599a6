// An `$async` schema makes ajv return a promise, which is always truthy, so every attribute
// object would pass. Such schemas are rejected when policies load.
import { describe, expect, it } from 'vitest'
import { PolicyInvalid } from '../../src/errors.js'
import { validatePolicies } from '../../src/policy-set.js'
import { authorizerFor, decideFor, resource, resourcePolicy, user } from '../engine/helpers.js'

const asyncSchema = {
  $async: true,
  type: 'object',
  properties: { ownerId: { type: 'string' } },
}
const documents = resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['user'] }], {
  schemas: { resource: asyncSchema, enforcement: 'reject' },
})

describe('async attribute schemas', () => {
  it('validatePolicies rejects $async', () => {
    expect(validatePolicies([documents]).ok).toBe(false)
  })

  it('createAuthorizer rejects $async with its path', () => {
    expect(() => authorizerFor([documents])).toThrow(PolicyInvalid)
    expect(() => authorizerFor([documents])).toThrow(
      'policy set invalid: /0/resourcePolicy/schemas/resource: asynchronous JSON Schemas ($async) are not supported',
    )
  })

  it('a synchronous schema still denies invalid attributes under reject', () => {
    const sync = resourcePolicy('doc', [{ actions: ['read'], effect: 'allow', roles: ['user'] }], {
      schemas: { resource: { ...asyncSchema, $async: false }, enforcement: 'reject' },
    })
    const decision = decideFor(
      authorizerFor([sync]),
      user('a', ['user']),
      resource('doc', { ownerId: 5 }),
      'read',
    )
    expect(decision.allowed).toBe(false)
    expect(decision.reasons).toEqual(['SCHEMA_REJECTED'])
  })
})
