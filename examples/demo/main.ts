/**
 * hopgate demo: three services on 127.0.0.1 (a gateway, a documents service and a billing
 * service) call each other with signed workload tokens (JWT-SVIDs) and user access tokens.
 * The documents and billing services embed hopgate and decide every request in process.
 */
import { createServer } from 'node:http'
import { createAuthorizer } from 'hopgate'
import {
  API_AUDIENCE,
  documentPolicies,
  invoicePolicies,
  requiredScopes,
  SPIFFE,
  USER_ISSUER,
  workloads,
} from './policies.js'
import { credentialsOf, listen, reply, startService, WORKLOAD_HEADER } from './services.js'
import type { RunningService, ServiceReply } from './services.js'
import { accessTokenIssuer, createSigner, svidIssuer } from './tokens.js'

const DOCUMENTS = {
  d1: { ownerId: 'alice', status: 'draft', title: 'Q3 plan' },
  d2: { ownerId: 'bob', status: 'published', title: 'Handbook' },
} as const
const INVOICES = { i1: { customerId: 'alice', total: 120 } } as const
const USERS = {
  alice: { sub: 'alice', roles: ['user'], department: 'sales' },
  bob: { sub: 'bob', roles: ['user'], department: 'support' },
}

interface Scenario {
  readonly title: string
  readonly caller: string
  readonly send: () => Promise<Response>
}

async function main(): Promise<void> {
  const trustDomain = await createSigner('ES256', 'acme-svid-1')
  const idp = await createSigner('RS256', 'idp-1')
  const mintSvid = svidIssuer(trustDomain)
  const mintAccessToken = accessTokenIssuer(idp, USER_ISSUER)

  const identityFor = (audience: string) => ({
    audience,
    trustDomains: { 'acme.test': { jwks: trustDomain.jwks } },
    issuers: [
      {
        issuer: USER_ISSUER,
        jwks: idp.jwks,
        audience: API_AUDIENCE,
        rolesClaim: 'roles',
        attributeClaims: ['department'],
      },
    ],
    workloads,
    requiredScopes,
  })

  const documents = await startService(
    'documents',
    createAuthorizer({ policies: documentPolicies, identity: identityFor(SPIFFE.documents) }),
    [
      {
        method: 'GET',
        pattern: /^\/documents\/(\w+)\/metadata$/,
        target: (match) => lookup(DOCUMENTS, 'document', match[1], 'read:metadata'),
      },
      {
        method: 'GET',
        pattern: /^\/documents\/(\w+)$/,
        target: (match) => lookup(DOCUMENTS, 'document', match[1], 'read'),
      },
      {
        method: 'PUT',
        pattern: /^\/documents\/(\w+)$/,
        target: (match) => lookup(DOCUMENTS, 'document', match[1], 'edit'),
      },
    ],
  )
  const billing = await startService(
    'billing',
    createAuthorizer({ policies: invoicePolicies, identity: identityFor(SPIFFE.billing) }),
    [
      {
        method: 'GET',
        pattern: /^\/invoices\/(\w+)$/,
        target: (match) => lookup(INVOICES, 'invoice', match[1], 'read'),
      },
      {
        method: 'POST',
        pattern: /^\/invoices\/summary$/,
        target: () => ({
          kind: 'invoice',
          id: 'all',
          action: 'summarize',
          attr: {},
          data: { count: 1 },
        }),
      },
    ],
  )
  const gateway = await startGateway({ documents, billing }, (audience) =>
    mintSvid(SPIFFE.gateway, audience, Date.now()),
  )
  const services = [documents, billing, gateway]

  const now = Date.now()
  const aliceToken = await mintAccessToken(USERS.alice, API_AUDIENCE, now)
  const bobToken = await mintAccessToken(USERS.bob, API_AUDIENCE, now)
  const expiredToken = await mintAccessToken(USERS.alice, API_AUDIENCE, now - 2 * 3_600_000)
  const asWorkload = async (spiffeId: string, audience: string) => ({
    [WORKLOAD_HEADER]: await mintSvid(spiffeId, audience, now),
  })

  // Exchanged tokens: alice delegated to an agent, with the scopes she granted it.
  const toAssistant = await mintAccessToken(USERS.alice, API_AUDIENCE, now, {
    scope: 'documents:read',
    act: { sub: SPIFFE.assistant },
  })
  const toSummarizer = await mintAccessToken(USERS.alice, API_AUDIENCE, now, {
    scope: 'documents:read documents:write',
    act: { sub: SPIFFE.summarizer },
  })
  const asAgent = async (agent: string, token: string) => ({
    ...(await asWorkload(agent, SPIFFE.documents)),
    authorization: `Bearer ${token}`,
  })
  const scenarios: Scenario[] = [
    {
      title: 'billing reads document metadata',
      caller: 'billing → documents',
      send: async () =>
        fetch(`${documents.url}/documents/d1/metadata`, {
          headers: await asWorkload(SPIFFE.billing, SPIFFE.documents),
        }),
    },
    {
      title: 'reports summarizes invoices',
      caller: 'reports → billing',
      send: async () =>
        fetch(`${billing.url}/invoices/summary`, {
          method: 'POST',
          headers: await asWorkload(SPIFFE.reports, SPIFFE.billing),
        }),
    },
    {
      title: 'alice reads her draft through the gateway',
      caller: 'gateway for alice → documents',
      send: () => viaGateway(gateway, 'GET', '/documents/d1', aliceToken),
    },
    {
      title: 'alice reads her invoice through the gateway',
      caller: 'gateway for alice → billing',
      send: () => viaGateway(gateway, 'GET', '/invoices/i1', aliceToken),
    },
    {
      title: "bob edits alice's draft (user lacks the right)",
      caller: 'gateway for bob → documents',
      send: () => viaGateway(gateway, 'PUT', '/documents/d1', bobToken),
    },
    {
      title: "reports reads alice's invoice (workload lacks the right)",
      caller: 'reports for alice → billing',
      send: async () =>
        fetch(`${billing.url}/invoices/i1`, {
          headers: {
            ...(await asWorkload(SPIFFE.reports, SPIFFE.billing)),
            authorization: `Bearer ${aliceToken}`,
          },
        }),
    },
    {
      title: 'an agent reads for alice within its scope',
      caller: 'assistant agent for alice → documents',
      send: async () =>
        fetch(`${documents.url}/documents/d1`, {
          headers: await asAgent(SPIFFE.assistant, toAssistant),
        }),
    },
    {
      title: 'an agent edits for alice outside its scope',
      caller: 'assistant agent for alice → documents',
      send: async () =>
        fetch(`${documents.url}/documents/d1`, {
          method: 'PUT',
          headers: await asAgent(SPIFFE.assistant, toAssistant),
        }),
    },
    {
      title: "an agent forwards another agent's token",
      caller: 'assistant agent with summarizer token → documents',
      send: async () =>
        fetch(`${documents.url}/documents/d1`, {
          method: 'PUT',
          headers: await asAgent(SPIFFE.assistant, toSummarizer),
        }),
    },
    {
      title: 'alice reads her draft with an expired token',
      caller: 'gateway for alice → documents',
      send: () => viaGateway(gateway, 'GET', '/documents/d1', expiredToken),
    },
  ]

  const rows: string[][] = []
  try {
    for (const [index, scenario] of scenarios.entries()) {
      const response = await scenario.send()
      const body = (await response.json()) as ServiceReply
      rows.push([
        String(index + 1),
        scenario.title,
        scenario.caller,
        body.decision.allowed ? 'ALLOW' : 'DENY',
        [...body.decision.reasons, ...body.decision.errors].join(' ') || '-',
        body.decision.evaluations.join('; '),
      ])
    }
  } finally {
    await Promise.all(services.map((service) => service.close()))
  }

  printTable(['#', 'scenario', 'call', 'decision', 'reason', 'evaluations'], rows)
}

// The gateway verifies nothing itself: it forwards the user's token with its own JWT-SVID,
// minted for the backend's audience, so the backend decides on behalf of the user.
async function startGateway(
  backends: { documents: RunningService; billing: RunningService },
  svidFor: (audience: string) => Promise<string>,
): Promise<RunningService> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://gateway').pathname
      const backend = path.startsWith('/invoices/') ? backends.billing : backends.documents
      const audience = backend === backends.billing ? SPIFFE.billing : SPIFFE.documents
      const { user } = credentialsOf(request)

      const forwarded = await fetch(`${backend.url}${path}`, {
        method: request.method ?? 'GET',
        headers: {
          [WORKLOAD_HEADER]: await svidFor(audience),
          ...(user === undefined ? {} : { authorization: `Bearer ${user}` }),
        },
      })
      reply(response, forwarded.status, await forwarded.json())
    })()
  })
  return listen('gateway', server)
}

function viaGateway(
  gateway: RunningService,
  method: string,
  path: string,
  token: string,
): Promise<Response> {
  return fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } })
}

function lookup(
  table: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  kind: string,
  id: string | undefined,
  action: string,
) {
  const record = id === undefined ? undefined : table[id]
  if (id === undefined || record === undefined) return undefined
  return { kind, id, action, attr: { ...record }, data: record }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')

  console.log(line(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
}

await main()
