import type { ExportedJWKSCache, JSONWebKeySet } from 'jose'

/**
 * Numbers the distinct key sets that jose's `createRemoteJWKSet` applies, passed to it as
 * the `jwksCache` option.
 *
 * jose 6.2.19 (`jwks/remote.js`) writes `uat` and `jwks` into this object in the same
 * synchronous step that swaps in the keys of a completed fetch. So `generation` changes
 * exactly when the keys in use change, with no moment where one is updated and the other
 * is not. A refetch that returns the same keys keeps the generation. A refetch that only
 * reorders them counts as a change, which costs a re-verification and nothing else.
 * @internal
 */
export class KeySetGenerations implements ExportedJWKSCache {
  /**
   * Time of the last applied fetch, written by jose. It starts at 0, which jose reads as a
   * cache too old to seed the set, so the first lookup always fetches.
   */
  uat = 0

  #jwks: JSONWebKeySet = { keys: [] }
  #fingerprint = ''
  #generation = 0

  /** The number of distinct key sets applied so far, 0 before the first fetch. */
  get generation(): number {
    return this.#generation
  }

  get jwks(): JSONWebKeySet {
    return this.#jwks
  }

  set jwks(value: JSONWebKeySet) {
    const fingerprint = JSON.stringify(value)
    if (fingerprint !== this.#fingerprint) {
      this.#fingerprint = fingerprint
      this.#generation += 1
    }
    this.#jwks = value
  }
}
