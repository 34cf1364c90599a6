import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Authorizer, Decision } from 'hopgate'

/** What a service answers: the decision it made, and the data when allowed. */
export interface ServiceReply {
  readonly service: string
  readonly decision: DecisionSummary
  readonly data?: unknown
}

/** The parts of a decision the demo prints. */
export interface DecisionSummary {
  readonly allowed: boolean
  readonly reasons: readonly string[]
  readonly errors: readonly string[]
  readonly evaluations: readonly string[]
}

/** A route of a service: turns a request into the resource and action to check. */
export interface Route {
  readonly method: string
  readonly pattern: RegExp
  readonly target: (match: RegExpMatchArray) =>
    | {
        kind: string
        id: string
        action: string
        attr: Record<string, unknown>
        data: unknown
      }
    | undefined
}

/** A running service on 127.0.0.1. */
export interface RunningService {
  readonly name: string
  readonly url: string
  close(): Promise<void>
}

/** Header carrying the calling workload's JWT-SVID. */
export const WORKLOAD_HEADER = 'x-workload-jwt'

/**
 * Starts a service that embeds hopgate: every request is checked with the caller's workload
 * token and, when present, the user's access token.
 */
export async function startService(
  name: string,
  authz: Authorizer,
  routes: readonly Route[],
): Promise<RunningService> {
  const server = createServer((request, response) => {
    void handle(name, authz, routes, request, response)
  })
  return listen(name, server)
}

/** Starts a server with a custom handler, on 127.0.0.1 and a free port. */
export async function listen(name: string, server: Server): Promise<RunningService> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    name,
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve()
        }),
      ),
  }
}

/** Reads the workload and user tokens of a request. */
export function credentialsOf(request: IncomingMessage): { workload?: string; user?: string } {
  const workload = request.headers[WORKLOAD_HEADER]
  const authorization = request.headers.authorization
  const user = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined
  return {
    ...(typeof workload === 'string' ? { workload } : {}),
    ...(user === undefined ? {} : { user }),
  }
}

/** Reduces a decision to what the demo prints. */
export function summarize(decision: Decision): DecisionSummary {
  return {
    allowed: decision.allowed,
    reasons: decision.reasons,
    errors: decision.errors.map((error) => error.code),
    evaluations: decision.evaluations.map(
      (evaluation) => `${evaluation.as} ${evaluation.principal}: ${evaluation.effect}`,
    ),
  }
}

/** Sends a JSON reply. */
export function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

async function handle(
  name: string,
  authz: Authorizer,
  routes: readonly Route[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://service').pathname
  for (const route of routes) {
    const match = request.method === route.method ? path.match(route.pattern) : null
    const target = match === null ? undefined : route.target(match)
    if (target === undefined) continue

    const decision = await authz.checkAccess({
      credentials: credentialsOf(request),
      resource: { kind: target.kind, id: target.id, attr: target.attr },
      action: target.action,
    })
    const body: ServiceReply = { service: name, decision: summarize(decision) }
    if (decision.allowed) reply(response, 200, { ...body, data: target.data })
    else reply(response, 403, body)
    return
  }
  reply(response, 404, { service: name, error: 'not found' })
}
