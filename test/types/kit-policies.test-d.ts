import { describe, expectTypeOf, it } from 'vitest'
import type { ResourcePolicy } from '../../src/policy/document.js'
import type { KitRule } from '../../src/policy/kit-inputs.js'
import { p } from './kit-app.js'

describe('rule builders', () => {
  it('infer the actions of a rule', () => {
    expectTypeOf(p.allow(['read', 'edit'], { roles: ['user'] })).toEqualTypeOf<
      KitRule<'read' | 'edit'>
    >()
  })

  it('require roles or derived roles', () => {
    // @ts-expect-error a rule must name roles or derived roles
    p.allow(['read'], {})
  })
})

describe('resource policies', () => {
  it('build the policies of the API example', () => {
    const documents = p.resourcePolicy('document', {
      rules: [
        p.allow(['read'], { roles: ['user'], when: p.eq(p.R.attr.status, 'published') }),
        p.allow(['edit'], { derivedRoles: ['owner'] }),
        p.deny(['delete'], { roles: ['*'], when: p.eq(p.R.attr.status, 'published') }),
      ],
      importDerivedRoles: ['common'],
    })
    expectTypeOf(documents).toExtend<ResourcePolicy>()
    expectTypeOf(documents.resourcePolicy.resource).toEqualTypeOf<'document'>()
  })

  it('accept action globs that match an action', () => {
    p.resourcePolicy('document', {
      rules: [p.allow(['*', 'share:*', '*:link'], { roles: ['admin'] })],
    })
  })

  it('reject globs that match no action', () => {
    p.resourcePolicy('document', {
      // @ts-expect-error no document action starts with "read:"
      rules: [p.allow(['read:*'], { roles: ['admin'] })],
    })
  })

  it('reject actions and kinds that do not exist', () => {
    p.resourcePolicy('document', {
      // @ts-expect-error 'list' is an action of folder, not document
      rules: [p.allow(['list'], { roles: ['user'] })],
    })
    // @ts-expect-error no resource kind 'doc'
    p.resourcePolicy('doc', { rules: [] })
  })

  it('type the callback form by kind', () => {
    p.resourcePolicy('folder', (f) => ({
      rules: [f.allow(['list'], { roles: ['user'], when: f.eq(f.R.attr.shared, true) })],
    }))
    p.resourcePolicy('folder', (f) => ({
      // @ts-expect-error 'read' is not a folder action
      rules: [f.allow(['read'], { roles: ['user'] })],
    }))
    p.resourcePolicy('folder', (f) => ({
      // @ts-expect-error folders have no status
      rules: [f.allow(['list'], { roles: ['user'], when: f.eq(f.R.attr.status, 'draft') })],
    }))
  })

  it('type local variables by the App type', () => {
    p.resourcePolicy('document', {
      variables: { local: { isOwner: p.eq(p.R.attr.ownerId, p.P.id), quota: 3 } },
      rules: [],
    })
    p.resourcePolicy('document', {
      // @ts-expect-error isOwner is a boolean
      variables: { local: { isOwner: p.size(p.R.attr.ownerId) } },
      rules: [],
    })
  })
})

describe('other policies', () => {
  it('build every kind of document', () => {
    p.derivedRoles('common', [{ name: 'owner', parentRoles: ['user'], when: p.V.isOwner }])
    p.principalPolicy('alice', {
      rules: [
        { resource: 'document', actions: [{ action: 'share:*', effect: 'allow' }] },
        { resource: '*', actions: [{ action: 'anything', effect: 'deny' }] },
      ],
    })
    p.rolePolicy('auditor', {
      parentRoles: ['admin'],
      rules: [{ resource: 'folder', allowActions: ['list'] }],
    })
    p.exportVariables('shared', { quota: p.add(1, 2) })
    p.exportConstants('limits', { maxSize: 10 })
  })

  it('reject a wrong effect', () => {
    p.principalPolicy('alice', {
      // @ts-expect-error effects are allow or deny
      rules: [{ resource: 'document', actions: [{ action: 'read', effect: 'permit' }] }],
    })
  })

  it('reject actions of another kind in principal and role policies', () => {
    p.principalPolicy('alice', {
      // @ts-expect-error 'list' is not a document action
      rules: [{ resource: 'document', actions: [{ action: 'list', effect: 'allow' }] }],
    })
    p.rolePolicy('auditor', {
      parentRoles: ['admin'],
      // @ts-expect-error 'read' is not a folder action
      rules: [{ resource: 'folder', allowActions: ['read'] }],
    })
    p.principalPolicy('alice', {
      // @ts-expect-error 'documents' is neither a kind nor a glob
      rules: [{ resource: 'documents', actions: [{ action: 'read', effect: 'allow' }] }],
    })
  })

  it('reject constants of the wrong type', () => {
    // @ts-expect-error maxSize is a number
    p.exportConstants('limits', { maxSize: 'big' })
  })
})
