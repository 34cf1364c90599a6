import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import * as esm from 'hopgate'

const require = createRequire(import.meta.url)
const cjs = require('hopgate') as typeof esm

const policies = [
  {
    resourcePolicy: {
      resource: 'document',
      rules: [{ name: 'user-read', actions: ['read'], effect: 'allow', roles: ['user'] }],
    },
  },
]

describe.each([
  ['import', esm],
  ['require', cjs],
])('built package through %s', (_loader, hopgate) => {
  it('decides a check', () => {
    const authz = hopgate.createAuthorizer({ policies })
    const decision = authz.check({
      principal: { id: 'alice', roles: ['user'] },
      resource: { kind: 'document', id: 'd1' },
      action: 'read',
    })
    expect(decision).toMatchObject({ allowed: true, reasons: [], revision: 1 })
    expect(decision.evaluations[0]).toMatchObject({ policy: 'resource.document.vdefault', rule: 'user-read' })
  })

  it('validates policies with the precompiled schema', () => {
    const result = hopgate.validatePolicies([{ resourcePolicy: { resource: 'document' } }])
    expect(result.ok).toBe(false)
  })

  it('exports policies to Cerbos documents', () => {
    const { files } = hopgate.toCerbos(policies, { format: 'json' })
    const document = files.find((file) => file.content.includes('resourcePolicy'))
    expect(document?.content).toContain('"apiVersion": "api.cerbos.dev/v1"')
  })

  it('throws coded errors for invalid policies', () => {
    expect(() => hopgate.createAuthorizer({ policies: [{ nope: true }] })).toThrow(hopgate.PolicyInvalid)
  })
})

describe('module formats', () => {
  it('ESM and CJS builds export the same names', () => {
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort())
  })
})
