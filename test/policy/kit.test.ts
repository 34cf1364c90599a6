import { describe, expect, it } from 'vitest'
import { definePolicies } from '../../src/policy/kit.js'
import { validatePolicies } from '../../src/policy/validate.js'
import type { App } from './fixtures.js'
import { buildWithKit, fixtureJson } from './fixtures.js'

describe('definePolicies', () => {
  it('builds the same documents as the JSON', () => {
    expect(buildWithKit()).toStrictEqual(fixtureJson)
  })

  it('builds documents that validate', () => {
    const result = validatePolicies(buildWithKit())
    expect(result).toStrictEqual({ ok: true, policies: fixtureJson })
  })

  it('builds plain refs', () => {
    const p = definePolicies<App>()
    expect(p.eq(p.R.attr.address.city, 'Paris')).toStrictEqual({
      eq: [{ ref: 'R.attr.address.city' }, 'Paris'],
    })
    expect(p.has(p.R.attr['x-flag'])).toStrictEqual({ has: [{ ref: ['R', 'attr', 'x-flag'] }] })
  })

  it('fills in no defaults', () => {
    const p = definePolicies<App>()
    const policy = p.resourcePolicy('ticket', { rules: [p.allow(['read'], { roles: ['agent'] })] })
    expect(policy).toStrictEqual({
      resourcePolicy: {
        resource: 'ticket',
        rules: [{ actions: ['read'], effect: 'allow', roles: ['agent'] }],
      },
    })
  })

  it('keeps the description', () => {
    const description = { resources: { ticket: { actions: ['read', 'close'] as const } } }
    expect(definePolicies<App>(description).description).toBe(description)
    expect(definePolicies<App>().description).toBeUndefined()
  })
})
