import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Handles one request to the test key server. */
export type Handler = (request: IncomingMessage, response: ServerResponse) => void

/** A JWKS HTTP server on 127.0.0.1 whose behaviour a test swaps at will. */
export interface JwksServer {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  readonly url: string
  /** Number of requests received, by path. */
  readonly hits: Map<string, number>
  /** Total number of requests received. */
  count(): number
  /** Replaces the handler of every later request. */
  handle(handler: Handler): void
  close(): Promise<void>
}

/** Starts a key server on an ephemeral loopback port. */
export async function startJwksServer(initial: Handler): Promise<JwksServer> {
  let handler = initial
  const hits = new Map<string, number>()
  const server = createServer((request, response) => {
    const path = request.url ?? '/'
    hits.set(path, (hits.get(path) ?? 0) + 1)
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: () => [...hits.values()].reduce((sum, n) => sum + n, 0),
    handle: (next) => {
      handler = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

/** Responds with a JSON body. */
export function json(body: unknown, status = 200): Handler {
  return (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }
}

/** Returns a port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve()
    }),
  )
  return port
}

/** Waits for a number of milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
