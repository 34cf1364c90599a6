import { createRemoteJWKSet, customFetch, jwksCache } from 'jose'
import type { FetchImplementation } from 'jose'
import { KeysUnavailable } from '../errors.js'
import { checkJwks } from './jwk-checks.js'
import { KeySetGenerations } from './key-set-generations.js'
import type { KeySet } from './key-sets.js'

/** Fetch limits of remote key sets, every default filled in. @internal */
export interface RemoteKeySetLimits {
  readonly timeout: number
  readonly cooldown: number
  readonly cacheMaxAge: number
  readonly failureBackoff: number
  readonly maxResponseBytes: number
  readonly maxKeys: number
}

/** Settings of a remote key set besides its URL. @internal */
export interface RemoteKeySetContext {
  /** The owner of the set in messages, for example `issuer "https://idp.test"`. */
  readonly owner: string
  /** Path of the `jwksUri` option in messages. */
  readonly where: string
  /** Key types accepted in the fetched set. */
  readonly keyTypes: readonly string[]
  readonly limits: RemoteKeySetLimits
  /** The injected clock in ms, which times the failure backoff. */
  readonly now: () => number
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/**
 * Creates a key set fetched from a JWKS URL through jose's `createRemoteJWKSet`, which
 * shares one fetch among concurrent verifications and refetches an unknown `kid` at most once
 * per cooldown.
 *
 * hopgate's own fetch adds what jose leaves out: redirects are never followed, the body is
 * cut off past `maxResponseBytes`, the set is checked like a local one (public keys only, no
 * RSA key under 2048 bits, at most `maxKeys`), and after a failed fetch no request is sent
 * for `failureBackoff` ms. Every failure becomes {@link KeysUnavailable}.
 *
 * The set's generation changes with every fetch that brings different keys, and is
 * undefined once `cacheMaxAge` has passed, so that cached verifications wait for the refetch
 * an uncached verification would trigger.
 *
 * NOTE: jose times the cooldown and `cacheMaxAge` with the system clock, not the injected
 * `now`; only the failure backoff follows the injected clock.
 * @internal
 */
export function createRemoteKeySet(uri: string, context: RemoteKeySetContext): KeySet {
  const url = checkJwksUri(uri, context.where)
  const { limits } = context
  const generations = new KeySetGenerations()

  const lookup = createRemoteJWKSet(url, {
    timeoutDuration: limits.timeout,
    cooldownDuration: limits.cooldown,
    cacheMaxAge: limits.cacheMaxAge,
    [customFetch]: createGuardedFetch(context),
    [jwksCache]: generations,
  })
  return {
    owner: context.owner,
    lookup,
    generation: () => (lookup.fresh ? generations.generation : undefined),
  }
}

function checkJwksUri(uri: string, where: string): URL {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new TypeError(`${where}: not a URL: ${JSON.stringify(uri)}`)
  }

  // SECURITY: keys fetched over plain HTTP could be replaced in transit. Only loopback is
  // exempt, for local key servers and tests.
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname)
  if (url.protocol !== 'https:' && !loopback) {
    throw new TypeError(`${where}: must be an https: URL, got ${JSON.stringify(uri)}`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`${where}: must not contain credentials`)
  }
  return url
}

function createGuardedFetch(context: RemoteKeySetContext): FetchImplementation {
  let failedAt: number | undefined

  return async (url, init) => {
    const started = context.now()
    if (failedAt !== undefined && started < failedAt + context.limits.failureBackoff) {
      throw unavailable(context, 'the last fetch failed, retrying after the failure backoff')
    }

    try {
      const jwks = await fetchKeySet(url, init, context)
      failedAt = undefined
      return new Response(JSON.stringify(jwks), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    } catch (error) {
      failedAt = context.now()
      throw error
    }
  }
}

async function fetchKeySet(
  url: string,
  init: Parameters<FetchImplementation>[1],
  context: RemoteKeySetContext,
): Promise<unknown> {
  let response: Response
  try {
    // SECURITY: a redirect could point the key fetch anywhere, so it counts as a failure.
    response = await fetch(url, { ...init, redirect: 'manual' })
  } catch (cause) {
    throw unavailable(context, isTimeout(cause) ? 'fetch timed out' : 'fetch failed', cause)
  }

  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined)
    throw unavailable(context, `server responded with HTTP ${response.status}`)
  }

  const text = await readBody(response, context)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw unavailable(context, 'response is not JSON', cause)
  }

  try {
    return checkJwks(json, {
      where: 'response',
      format: 'jwks',
      keyTypes: context.keyTypes,
      maxKeys: context.limits.maxKeys,
    })
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'not a JSON Web Key Set'
    throw unavailable(context, `key set rejected: ${reason}`, cause)
  }
}

async function readBody(response: Response, context: RemoteKeySetContext): Promise<string> {
  const max = context.limits.maxResponseBytes
  const tooLarge = () => unavailable(context, `response larger than ${max} bytes`)

  // SECURITY: jose reads a body whole, whatever its size, so a capped read keeps a hostile
  // endpoint from filling memory.
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }

  const reader = response.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const chunk = await reader?.read()
      if (chunk === undefined || chunk.done) {
        break
      }
      size += chunk.value.byteLength
      if (size > max) {
        await reader?.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(chunk.value)
    }
  } catch (cause) {
    if (cause instanceof KeysUnavailable) {
      throw cause
    }
    throw unavailable(context, isTimeout(cause) ? 'fetch timed out' : 'reading failed', cause)
  }

  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concat(chunks, size))
  } catch (cause) {
    throw unavailable(context, 'response is not UTF-8', cause)
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

function unavailable(context: RemoteKeySetContext, reason: string, cause?: unknown) {
  const message = `keys unavailable: key set of ${context.owner}: ${reason}`
  return new KeysUnavailable(message, cause === undefined ? undefined : { cause })
}
