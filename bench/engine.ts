import { createAuthorizer } from '../dist/index.js'
import type { Principal, Resource } from '../dist/index.js'

/** A benchmark case: hopgate and the same rules hand-written as `if` statements. */
export interface EngineCase {
  readonly name: string
  readonly hopgate: () => boolean
  readonly handWritten: () => boolean
}

const policies = [
  {
    derivedRoles: {
      name: 'common',
      definitions: [
        {
          name: 'owner',
          parentRoles: ['user'],
          when: { eq: [{ ref: 'R.attr.ownerId' }, { ref: 'P.id' }] },
        },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'document',
      importDerivedRoles: ['common'],
      rules: [
        {
          name: 'read-published',
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
        },
        { name: 'owner-edit', actions: ['read', 'edit'], effect: 'allow', derivedRoles: ['owner'] },
        {
          name: 'no-delete-published',
          actions: ['delete'],
          effect: 'deny',
          roles: ['*'],
          when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
        },
        { name: 'admin-all', actions: ['*'], effect: 'allow', roles: ['admin'] },
      ],
    },
  },
]

interface DocumentAttr {
  readonly ownerId: string
  readonly status: string
}

// The rules above as a developer would hand-write them, deny first.
function handWritten(principal: Principal, attr: DocumentAttr, action: string): boolean {
  if (action === 'delete' && attr.status === 'published') return false
  if (principal.roles.includes('admin')) return true
  if (!principal.roles.includes('user')) return false
  if (action === 'read' && attr.status === 'published') return true
  return (action === 'read' || action === 'edit') && attr.ownerId === principal.id
}

/** Builds the engine cases over one authorizer. */
export function engineCases(): EngineCase[] {
  const authz = createAuthorizer({ policies })
  const alice: Principal = { id: 'alice', roles: ['user'] }
  const draft: Resource = {
    kind: 'document',
    id: 'd1',
    attr: { ownerId: 'alice', status: 'draft' },
  }
  const published: Resource = {
    kind: 'document',
    id: 'd2',
    attr: { ownerId: 'bob', status: 'published' },
  }
  const attrOf = (resource: Resource): DocumentAttr => resource.attr as unknown as DocumentAttr

  const scenario = (name: string, resource: Resource, action: string): EngineCase => ({
    name,
    hopgate: () => authz.check({ principal: alice, resource, action }).allowed,
    handWritten: () => handWritten(alice, attrOf(resource), action),
  })

  return [
    scenario('allow via derived role', draft, 'edit'),
    scenario('allow via role and condition', published, 'read'),
    scenario('deny by rule', published, 'delete'),
    scenario('no match', draft, 'share'),
  ]
}
