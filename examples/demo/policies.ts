/** Workload identities of the demo's trust domain. */
export const SPIFFE = {
  gateway: 'spiffe://acme.test/ns/edge/sa/gateway',
  documents: 'spiffe://acme.test/ns/docs/sa/documents',
  billing: 'spiffe://acme.test/ns/billing/sa/billing',
  reports: 'spiffe://acme.test/ns/analytics/sa/reports',
  assistant: 'spiffe://acme.test/agents/assistant',
  summarizer: 'spiffe://acme.test/agents/summarizer',
} as const

/** The issuer of user access tokens and the audience they are issued for. */
export const USER_ISSUER = 'https://id.acme.test'
export const API_AUDIENCE = 'https://api.acme.test'

/** Policies of the documents service. */
export const documentPolicies: unknown[] = [
  {
    derivedRoles: {
      name: 'documents-common',
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
      importDerivedRoles: ['documents-common'],
      rules: [
        {
          name: 'read-published',
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
        },
        {
          name: 'owner-read-edit',
          actions: ['read', 'edit'],
          effect: 'allow',
          derivedRoles: ['owner'],
        },
        {
          name: 'gateway-for-users',
          actions: ['read', 'edit'],
          effect: 'allow',
          roles: ['svc:gateway'],
          when: { ne: [{ ref: 'delegation.subject' }, null] },
        },
        {
          name: 'billing-metadata',
          actions: ['read:metadata'],
          effect: 'allow',
          roles: ['svc:billing'],
        },
        {
          name: 'agents-for-users',
          actions: ['read', 'edit'],
          effect: 'allow',
          roles: ['agent'],
          when: { ne: [{ ref: 'delegation.subject' }, null] },
        },
        {
          name: 'no-delete-published',
          actions: ['delete'],
          effect: 'deny',
          roles: ['*'],
          when: { eq: [{ ref: 'R.attr.status' }, 'published'] },
        },
      ],
    },
  },
]

/** Policies of the billing service. */
export const invoicePolicies: unknown[] = [
  {
    resourcePolicy: {
      resource: 'invoice',
      rules: [
        {
          name: 'customer-through-gateway',
          actions: ['read'],
          effect: 'allow',
          roles: ['user'],
          when: {
            and: [
              { eq: [{ ref: 'R.attr.customerId' }, { ref: 'P.id' }] },
              { eq: [{ ref: 'delegation.actor.id' }, SPIFFE.gateway] },
            ],
          },
        },
        {
          name: 'gateway-for-users',
          actions: ['read'],
          effect: 'allow',
          roles: ['svc:gateway'],
          when: { ne: [{ ref: 'delegation.subject' }, null] },
        },
        {
          name: 'reports-summary',
          actions: ['summarize'],
          effect: 'allow',
          roles: ['svc:reports'],
        },
      ],
    },
  },
]

/** Roles of the demo's workloads. */
export const workloads = [
  { id: SPIFFE.gateway, roles: ['svc:gateway'] },
  { id: SPIFFE.billing, roles: ['svc:billing'] },
  { id: SPIFFE.reports, roles: ['svc:reports'] },
  { id: SPIFFE.documents, roles: ['svc:documents'] },
  { pattern: 'spiffe://acme.test/agents/*', roles: ['agent'], agent: true },
]

/** The scope an agent's delegated token needs for each action on documents. */
export const requiredScopes = {
  document: { read: 'documents:read', edit: 'documents:write' },
}
