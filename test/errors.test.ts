import { describe, expect, it } from 'vitest'
import { AuthzError, PolicyInvalid } from '../src/errors.js'

describe('PolicyInvalid', () => {
  it('summarises the first issue and counts the rest', () => {
    const error = new PolicyInvalid([
      { code: 'ERR_POLICY_INVALID', path: '/0/resourcePolicy/rules', message: 'missing' },
      { code: 'ERR_POLICY_INVALID', path: '/1', message: 'other' },
    ])
    expect(error).toBeInstanceOf(AuthzError)
    expect(error.code).toBe('ERR_POLICY_INVALID')
    expect(error.name).toBe('PolicyInvalid')
    expect(error.message).toBe('policy set invalid: /0/resourcePolicy/rules: missing (and 1 more)')
    expect(error.issues).toHaveLength(2)
  })
})
