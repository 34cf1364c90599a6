import { definePolicies } from '../../src/policy/kit.js'

/** The application type of the fixtures: two resource kinds, typed variables and constants. */
export type App = {
  principal: { department: string; teams: string[]; clearance: number; ip: string }
  resources: {
    document: {
      actions: 'read' | 'edit' | 'delete' | 'share:link' | 'share:email'
      attr: {
        ownerId: string
        department: string
        status: 'draft' | 'published'
        size: number
        tags: string[]
        createdAt: string
        name: string
        address: { city: string }
        'x-flag': boolean
      }
    }
    ticket: { actions: 'read' | 'comment' | 'close'; attr: { assignee: string; priority: number } }
  }
  variables: { isOwner: boolean; isRecent: boolean; isBeforeCutoff: boolean; namedWell: boolean }
  constants: { maxSize: number; maxChain: number; regions: string[] }
}

/** Builds the fixture set with the kit: every document kind and every builder. */
export function buildWithKit() {
  const p = definePolicies<App>()

  const documents = p.resourcePolicy('document', {
    version: 'default',
    importDerivedRoles: ['common'],
    variables: {
      import: ['shared'],
      local: { isOwner: p.eq(p.R.attr.ownerId, p.P.id) },
    },
    constants: { import: ['limits'], local: { maxSize: 1048576 } },
    schemas: { resource: { type: 'object', required: ['ownerId'] }, enforcement: 'warn' },
    rules: [
      p.allow(['read'], {
        name: 'read-published',
        roles: ['user'],
        when: p.or(p.eq(p.R.attr.status, 'published'), p.V.isOwner),
        output: { whenMatched: p.P.id, whenConditionFalse: p.value({ reason: 'draft' }) },
      }),
      p.allow(['edit', 'share:*'], { derivedRoles: ['owner'] }),
      p.deny(['delete'], { roles: ['*'], when: p.eq(p.R.attr.status, 'published') }),
      p.allow(['*'], {
        roles: ['admin'],
        when: p.allOf([
          p.ne(p.R.attr.department, 'secret'),
          p.lt(p.R.attr.size, p.C.maxSize),
          p.lte(p.add(p.R.attr.size, 1), p.mul(p.C.maxSize, 2)),
          p.gt(p.sub(p.P.attr.clearance, 1), p.div(p.R.attr.size, 1024)),
          p.gte(p.mod(p.P.attr.clearance, 10), 0),
        ]),
      }),
    ],
  })

  const tickets = p.resourcePolicy('ticket', (t) => ({
    scope: 'acme',
    scopePermissions: 'requireParentalConsentForAllows',
    rules: [
      t.allow(['comment', 'read'], {
        roles: ['agent'],
        when: t.anyOf([
          t.eq(t.R.attr.assignee, t.P.id),
          t.noneOf([t.gt(t.R.attr.priority, 3)]),
          t.not(t.in(t.P.id, ['mallory', 'trudy'])),
        ]),
      }),
    ],
  }))

  const rootTickets = p.resourcePolicy('ticket', {
    rules: [p.allow(['read'], { roles: ['agent'] })],
  })

  const common = p.derivedRoles('common', {
    definitions: [
      { name: 'owner', parentRoles: ['user'], when: p.V.isOwner },
      {
        name: 'colleague',
        parentRoles: ['*'],
        when: p.and(
          p.has(p.R.attr.department),
          p.eq(p.P.attr.department, p.R.attr.department),
          p.hasIntersection(p.P.attr.teams, p.R.attr.tags),
        ),
      },
    ],
    variables: { local: { isOwner: p.eq(p.R.attr.ownerId, p.P.id) } },
  })

  const reviewers = p.derivedRoles('reviewers', [
    {
      name: 'reviewer',
      parentRoles: ['user'],
      when: p.exists(p.P.attr.teams, 'team', (team) => p.startsWith(team, 'review-')),
    },
  ])

  const backup = p.principalPolicy('spiffe://acme.test/ns/ops/sa/backup', {
    version: 'default',
    rules: [
      {
        resource: 'document',
        actions: [
          { action: 'read', effect: 'allow', when: p.inIpRange(p.P.attr.ip, '10.0.0.0/8') },
          { action: 'delete', effect: 'deny', name: 'no-delete' },
        ],
      },
      {
        resource: '*',
        actions: [{ action: '*', effect: 'deny', when: p.gt(p.delegation.depth, 1) }],
      },
    ],
  })

  const support = p.rolePolicy('support-agent', {
    parentRoles: ['user'],
    rules: [
      { resource: 'ticket', allowActions: ['read', 'comment'] },
      {
        resource: 'document',
        allowActions: ['read'],
        when: p.all(p.R.attr.tags, 'tag', (tag) => p.endsWith(tag, '-public')),
      },
    ],
  })

  const shared = p.exportVariables('shared', {
    isRecent: p.lt(p.timeSince(p.timestamp(p.R.attr.createdAt)), p.duration('720h')),
    isBeforeCutoff: p.lt(p.now, p.timestamp('2030-01-01T00:00:00Z')),
    namedWell: p.and(
      p.matches(p.R.attr.name, '^[a-z][a-z0-9-]*$'),
      p.includes(p.R.attr.name, 'doc'),
      p.gt(p.size(p.R.attr.name), 3),
      p.isSubset(p.R.attr.tags, ['a', 'b']),
      p.contains(p.R.attr.tags, 'a'),
      p.eq(p.R.attr.address.city, 'Paris'),
      p.eq(p.R.attr['x-flag'], true),
    ),
  })

  const limits = p.exportConstants('limits', { maxChain: 3, regions: ['eu', 'us'] })

  return [documents, tickets, rootTickets, common, reviewers, backup, support, shared, limits]
}

const ref = (path: string | string[]) => ({ ref: path })

/** The same set as {@link buildWithKit}, written as JSON. */
export const fixtureJson = [
  {
    resourcePolicy: {
      resource: 'document',
      version: 'default',
      importDerivedRoles: ['common'],
      variables: {
        import: ['shared'],
        local: { isOwner: { eq: [ref('R.attr.ownerId'), ref('P.id')] } },
      },
      constants: { import: ['limits'], local: { maxSize: 1048576 } },
      schemas: { resource: { type: 'object', required: ['ownerId'] }, enforcement: 'warn' },
      rules: [
        {
          name: 'read-published',
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { or: [{ eq: [ref('R.attr.status'), 'published'] }, ref('V.isOwner')] },
          output: { whenMatched: ref('P.id'), whenConditionFalse: { value: { reason: 'draft' } } },
        },
        { actions: ['edit', 'share:*'], effect: 'allow', derivedRoles: ['owner'] },
        {
          actions: ['delete'],
          effect: 'deny',
          roles: ['*'],
          when: { eq: [ref('R.attr.status'), 'published'] },
        },
        {
          actions: ['*'],
          effect: 'allow',
          roles: ['admin'],
          when: {
            and: [
              { ne: [ref('R.attr.department'), 'secret'] },
              { lt: [ref('R.attr.size'), ref('C.maxSize')] },
              { lte: [{ add: [ref('R.attr.size'), 1] }, { mul: [ref('C.maxSize'), 2] }] },
              { gt: [{ sub: [ref('P.attr.clearance'), 1] }, { div: [ref('R.attr.size'), 1024] }] },
              { gte: [{ mod: [ref('P.attr.clearance'), 10] }, 0] },
            ],
          },
        },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'ticket',
      scope: 'acme',
      scopePermissions: 'requireParentalConsentForAllows',
      rules: [
        {
          actions: ['comment', 'read'],
          effect: 'allow',
          roles: ['agent'],
          when: {
            or: [
              { eq: [ref('R.attr.assignee'), ref('P.id')] },
              { not: [{ or: [{ gt: [ref('R.attr.priority'), 3] }] }] },
              { not: [{ in: [ref('P.id'), ['mallory', 'trudy']] }] },
            ],
          },
        },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'ticket',
      rules: [{ actions: ['read'], effect: 'allow', roles: ['agent'] }],
    },
  },
  {
    derivedRoles: {
      name: 'common',
      definitions: [
        { name: 'owner', parentRoles: ['user'], when: ref('V.isOwner') },
        {
          name: 'colleague',
          parentRoles: ['*'],
          when: {
            and: [
              { has: [ref('R.attr.department')] },
              { eq: [ref('P.attr.department'), ref('R.attr.department')] },
              { hasIntersection: [ref('P.attr.teams'), ref('R.attr.tags')] },
            ],
          },
        },
      ],
      variables: { local: { isOwner: { eq: [ref('R.attr.ownerId'), ref('P.id')] } } },
    },
  },
  {
    derivedRoles: {
      name: 'reviewers',
      definitions: [
        {
          name: 'reviewer',
          parentRoles: ['user'],
          when: { exists: [ref('P.attr.teams'), 'team', { startsWith: [ref('team'), 'review-'] }] },
        },
      ],
    },
  },
  {
    principalPolicy: {
      principal: 'spiffe://acme.test/ns/ops/sa/backup',
      version: 'default',
      rules: [
        {
          resource: 'document',
          actions: [
            {
              action: 'read',
              effect: 'allow',
              when: { inIpRange: [ref('P.attr.ip'), '10.0.0.0/8'] },
            },
            { action: 'delete', effect: 'deny', name: 'no-delete' },
          ],
        },
        {
          resource: '*',
          actions: [{ action: '*', effect: 'deny', when: { gt: [ref('delegation.depth'), 1] } }],
        },
      ],
    },
  },
  {
    rolePolicy: {
      role: 'support-agent',
      parentRoles: ['user'],
      rules: [
        { resource: 'ticket', allowActions: ['read', 'comment'] },
        {
          resource: 'document',
          allowActions: ['read'],
          when: { all: [ref('R.attr.tags'), 'tag', { endsWith: [ref('tag'), '-public'] }] },
        },
      ],
    },
  },
  {
    exportVariables: {
      name: 'shared',
      definitions: {
        isRecent: {
          lt: [{ timeSince: [{ timestamp: [ref('R.attr.createdAt')] }] }, { duration: ['720h'] }],
        },
        isBeforeCutoff: { lt: [ref('now'), { timestamp: ['2030-01-01T00:00:00Z'] }] },
        namedWell: {
          and: [
            { matches: [ref('R.attr.name'), '^[a-z][a-z0-9-]*$'] },
            { includes: [ref('R.attr.name'), 'doc'] },
            { gt: [{ size: [ref('R.attr.name')] }, 3] },
            { isSubset: [ref('R.attr.tags'), ['a', 'b']] },
            { contains: [ref('R.attr.tags'), 'a'] },
            { eq: [ref('R.attr.address.city'), 'Paris'] },
            { eq: [ref(['R', 'attr', 'x-flag']), true] },
          ],
        },
      },
    },
  },
  { exportConstants: { name: 'limits', definitions: { maxChain: 3, regions: ['eu', 'us'] } } },
]
