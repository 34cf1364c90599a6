import { LRUCache } from 'lru-cache'

/** Counters and sizes of a verified-token cache, for metrics. The four counters only grow. */
export interface TokenCacheStats {
  /** Lookups served from the cache. */
  readonly hits: number
  /**
   * Lookups that found no usable entry: none, one past its TTL, one verified on the other
   * token path, or one whose key set has changed or is due for a refetch.
   */
  readonly misses: number
  /** Entries dropped because their key set changed or is due for a refetch; each was a miss. */
  readonly invalidations: number
  /** Entries removed to stay within `max` or `maxSize`. */
  readonly evictions: number
  /** Number of entries now, including expired ones that no lookup has removed yet. */
  readonly size: number
  /** Total length of the cached tokens in bytes. */
  readonly bytes: number
}

/** The key set a cached verification rests on, reduced to its generation. @internal */
export interface KeyGenerationSource {
  /**
   * Returns the generation of the keys in use, which changes whenever they change, or
   * undefined while the keys must be reloaded before they may vouch for a token.
   */
  readonly generation: () => number | undefined
}

/** Bounds and clock of a {@link TokenCache}. @internal */
export interface TokenCacheOptions {
  /** Maximum number of entries. */
  readonly max: number
  /** Maximum total length of the cached tokens, in bytes. */
  readonly maxSize: number
  /** Maximum time in ms an entry is kept, or undefined to keep it until it expires. */
  readonly ttl: number | undefined
  /** The injected clock in ms, which lru-cache times entries with. */
  readonly now: () => number
}

/** A verified result to store, with the facts its entry needs. @internal */
export interface TokenCacheWrite<V> {
  readonly value: V
  /** The keys the token was verified with. */
  readonly keys: KeyGenerationSource
  /** The generation of `keys` read before the token was verified. */
  readonly generation: number
  /** The time in ms of the verification, from the injected clock. */
  readonly now: number
  /** The time in ms from which the verification no longer holds. */
  readonly expiresAt: number
}

interface Entry<V> {
  readonly kind: string
  readonly value: V
  readonly keys: KeyGenerationSource
  readonly generation: number
}

/**
 * A cache of verified tokens on lru-cache, keyed by the exact token string, with one entry
 * per token whatever path it was verified on. `Values` maps each path name (such as
 * `workload`) to the type of its verified result, and a lookup on one path never returns an
 * entry of another.
 *
 * An entry is served only while the generation of its key set equals the one stored with
 * it, so new keys or a due refetch turn it into a miss. The cache does not read token
 * claims, so callers must check the time claims of every hit themselves.
 *
 * NOTE: lru-cache treats an entry whose start time is 0 as having no TTL, so with a clock
 * at exactly the epoch the TTL never expires an entry. The callers' own time checks on
 * every hit still reject it.
 * @internal
 */
export class TokenCache<Values extends object> {
  readonly #entries: LRUCache<string, Entry<Values[keyof Values]>>
  readonly #ttl: number
  #hits = 0
  #misses = 0
  #invalidations = 0
  #evictions = 0

  constructor(options: TokenCacheOptions) {
    const { now } = options
    this.#ttl = options.ttl ?? Infinity
    this.#entries = new LRUCache({
      max: options.max,
      maxSize: options.maxSize,
      sizeCalculation: (_entry, token) => token.length,
      // The injected clock, read on every staleness check, so that entries expire on the
      // same clock that verification uses and no timer is ever started.
      perf: { now: () => now() },
      ttlResolution: 0,
      dispose: (_entry, _token, reason) => {
        if (reason === 'evict') {
          this.#evictions += 1
        }
      },
    })
  }

  /**
   * Returns the result cached for a token on one path, or undefined on a miss. An entry of
   * an older key-set generation is deleted and counts as a miss.
   */
  get<K extends keyof Values & string>(kind: K, token: string): Values[K] | undefined {
    const entry = this.#entries.get(token)
    if (entry === undefined || entry.kind !== kind) {
      this.#misses += 1
      return undefined
    }

    if (entry.keys.generation() !== entry.generation) {
      this.#entries.delete(token)
      this.#invalidations += 1
      this.#misses += 1
      return undefined
    }

    this.#hits += 1
    return entry.value as Values[K]
  }

  /**
   * Stores the verified result of a token on one path until `expiresAt`, or for the
   * configured `ttl` when that ends sooner. A result that has already expired is not stored.
   */
  set<K extends keyof Values & string>(kind: K, token: string, write: TokenCacheWrite<Values[K]>) {
    const ttl = Math.min(this.#ttl, Math.ceil(write.expiresAt - write.now))
    if (!(ttl >= 1)) {
      return
    }

    const entry = { kind, value: write.value, keys: write.keys, generation: write.generation }
    this.#entries.set(token, entry, { ttl, start: write.now })
  }

  /** Removes the entry of a token, if any. */
  delete(token: string): void {
    this.#entries.delete(token)
  }

  /** Returns a snapshot of the counters and sizes. */
  stats(): TokenCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      invalidations: this.#invalidations,
      evictions: this.#evictions,
      size: this.#entries.size,
      bytes: this.#entries.calculatedSize,
    }
  }
}
