import { describe, expect, it } from 'vitest'
import { TokenCache } from '../../src/cache/token-cache.js'
import type { KeyGenerationSource, TokenCacheOptions } from '../../src/cache/token-cache.js'

interface Values {
  readonly workload: { readonly id: string }
  readonly user: { readonly id: string }
}

const START = 1_000_000

/** Creates a key set whose generation the test sets, undefined meaning a refetch is due. */
function keySource(initial: number | undefined = 1) {
  const source = { current: initial as number | undefined }
  const keys: KeyGenerationSource = { generation: () => source.current }
  return { source, keys }
}

function createCache(options: Partial<TokenCacheOptions> = {}) {
  const clock = { now: START }
  const cache = new TokenCache<Values>({
    max: 100,
    maxSize: 100_000,
    ttl: undefined,
    now: () => clock.now,
    ...options,
  })
  return { cache, clock }
}

function write(value: { id: string }, keys: KeyGenerationSource, expiresIn = 60_000) {
  return { value, keys, generation: 1, now: START, expiresAt: START + expiresIn }
}

describe('TokenCache lookups', () => {
  it('returns a stored value and counts the hit', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    const value = { id: 'a' }
    cache.set('workload', 'token-a', write(value, keys))

    expect(cache.get('workload', 'token-a')).toBe(value)
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 0, size: 1, bytes: 7 })
  })

  it('counts an unknown token as a miss', () => {
    const { cache } = createCache()
    expect(cache.get('workload', 'nope')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1 })
  })

  it('keeps paths apart for one token', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))

    expect(cache.get('user', 'token-a')).toBeUndefined()
    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a' })
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 })
  })

  it('matches the exact string only', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'aaa.bbb.ccc', write({ id: 'a' }, keys))

    for (const variant of ['aaa.bbb.ccc ', ' aaa.bbb.ccc', 'aaa.bbb.cc', 'aaa.bbb.ccC']) {
      expect(cache.get('workload', variant)).toBeUndefined()
    }
  })

  it('deletes an entry on request', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))
    cache.delete('token-a')
    expect(cache.get('workload', 'token-a')).toBeUndefined()
  })
})

describe('TokenCache key generations', () => {
  it('treats an entry of an older generation as a miss', () => {
    const { cache } = createCache()
    const { source, keys } = keySource(1)
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))

    source.current = 2
    expect(cache.get('workload', 'token-a')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, invalidations: 1, size: 0 })
  })

  it('treats an entry as a miss while a refetch is due', () => {
    const { cache } = createCache()
    const { source, keys } = keySource(1)
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))

    source.current = undefined
    expect(cache.get('workload', 'token-a')).toBeUndefined()
    expect(cache.stats().invalidations).toBe(1)
  })

  it('keeps entries of other key sets', () => {
    const { cache } = createCache()
    const first = keySource(1)
    const second = keySource(1)
    cache.set('workload', 'token-a', write({ id: 'a' }, first.keys))
    cache.set('workload', 'token-b', write({ id: 'b' }, second.keys))

    first.source.current = 2
    expect(cache.get('workload', 'token-a')).toBeUndefined()
    expect(cache.get('workload', 'token-b')).toEqual({ id: 'b' })
  })
})

describe('TokenCache expiry', () => {
  it('drops an entry at expiresAt on the injected clock', () => {
    const { cache, clock } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys, 1000))

    clock.now = START + 1000
    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a' })
    clock.now = START + 1001
    expect(cache.get('workload', 'token-a')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, evictions: 0, size: 0 })
  })

  it('caps the lifetime of an entry at ttl', () => {
    const { cache, clock } = createCache({ ttl: 500 })
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys, 60_000))

    clock.now = START + 500
    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a' })
    clock.now = START + 501
    expect(cache.get('workload', 'token-a')).toBeUndefined()
  })

  it('stores nothing that has already expired', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys, 0))
    cache.set('workload', 'token-b', write({ id: 'b' }, keys, -5000))
    cache.set('workload', 'token-c', write({ id: 'c' }, keys, Number.NaN))
    expect(cache.stats().size).toBe(0)
  })
})

describe('TokenCache bounds', () => {
  it('evicts the least recently used entry past max', () => {
    const { cache } = createCache({ max: 2 })
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))
    cache.set('workload', 'token-b', write({ id: 'b' }, keys))
    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a' })
    cache.set('workload', 'token-c', write({ id: 'c' }, keys))

    expect(cache.get('workload', 'token-b')).toBeUndefined()
    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a' })
    expect(cache.stats()).toMatchObject({ evictions: 1, size: 2 })
  })

  it('evicts to stay within maxSize in bytes of tokens', () => {
    const { cache } = createCache({ maxSize: 25 })
    const { keys } = keySource()
    cache.set('workload', 'a'.repeat(10), write({ id: 'a' }, keys))
    cache.set('workload', 'b'.repeat(10), write({ id: 'b' }, keys))
    cache.set('workload', 'c'.repeat(10), write({ id: 'c' }, keys))

    expect(cache.stats()).toMatchObject({ evictions: 1, size: 2, bytes: 20 })
    expect(cache.get('workload', 'a'.repeat(10))).toBeUndefined()
  })

  it('counts replacing an entry as no eviction', () => {
    const { cache } = createCache()
    const { keys } = keySource()
    cache.set('workload', 'token-a', write({ id: 'a' }, keys))
    cache.set('workload', 'token-a', write({ id: 'a2' }, keys))

    expect(cache.get('workload', 'token-a')).toEqual({ id: 'a2' })
    expect(cache.stats()).toMatchObject({ evictions: 0, size: 1 })
  })
})
