import { createLocalJWKSet, errors, jwtVerify } from 'jose'
import type {
  CryptoKey,
  JSONWebKeySet,
  JWSHeaderParameters,
  JWTPayload,
  JWTVerifyOptions,
} from 'jose'
import { KeyNotFound, KeysUnavailable } from '../errors.js'
import { mapVerifyError } from './claim-checks.js'

/**
 * The keys of one trust domain or one issuer, and nothing else: a token is only ever checked
 * against the set its own trust domain or issuer selects.
 * @internal
 */
export interface KeySet {
  /** The owner of the set in messages, for example `trust domain "acme.test"`. */
  readonly owner: string
  /** jose's key lookup for a protected header, which throws jose errors. */
  readonly lookup: (header: JWSHeaderParameters) => Promise<CryptoKey>
  /**
   * Returns the generation of the keys in use, a number that changes whenever they change,
   * or undefined while a remote set is past `cacheMaxAge` and must be refetched before its
   * keys may vouch for a token. A verified-token cache entry is only served while this
   * returns the generation read before the token was verified. Local sets never change, so
   * they always return 0.
   */
  readonly generation: () => number | undefined
}

/**
 * Creates a key set over a checked JWKS snapshot.
 * @internal
 */
export function createLocalKeySet(jwks: JSONWebKeySet, owner: string, where: string): KeySet {
  let lookup: KeySet['lookup']
  try {
    lookup = createLocalJWKSet(jwks)
  } catch (cause) {
    throw new TypeError(`${where}: not a usable JSON Web Key Set`, { cause })
  }
  return { owner, lookup, generation: () => 0 }
}

/**
 * Returns every key of the set that may verify a token with this header, in set order.
 *
 * Throws {@link KeyNotFound} when none matches the header's `alg` and `kid`, and
 * {@link KeysUnavailable} for any other failure, such as a remote set that cannot be fetched.
 * @internal
 */
export async function findCandidateKeys(
  keySet: KeySet,
  header: JWSHeaderParameters,
): Promise<readonly CryptoKey[]> {
  try {
    return [await keySet.lookup(header)]
  } catch (error) {
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      return collectCandidates(error, keySet)
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      throw new KeyNotFound(`key not found: no key of ${keySet.owner} matches the token header`, {
        cause: error,
      })
    }
    if (error instanceof KeysUnavailable) {
      throw error
    }
    throw new KeysUnavailable(`keys unavailable: key set of ${keySet.owner} could not be loaded`, {
      cause: error,
    })
  }
}

/**
 * Verifies a token's signature and registered claims with jose against the keys of one set.
 * When several keys match the header, each is tried until one verifies the signature.
 * Throws a coded error for every failure.
 * @internal
 */
export async function verifyWithKeySet(
  token: string,
  header: JWSHeaderParameters,
  keySet: KeySet,
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  const keys = await findCandidateKeys(keySet, header)

  let lastError: unknown
  for (const key of keys) {
    try {
      const { payload } = await jwtVerify(token, key, options)
      return payload
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) {
        throw mapVerifyError(error)
      }
      lastError = error
    }
  }
  throw mapVerifyError(lastError)
}

async function collectCandidates(
  error: InstanceType<typeof errors.JWKSMultipleMatchingKeys>,
  keySet: KeySet,
): Promise<readonly CryptoKey[]> {
  const keys: CryptoKey[] = []
  for await (const key of error) {
    keys.push(key)
  }
  if (keys.length === 0) {
    throw new KeysUnavailable(`keys unavailable: no key of ${keySet.owner} could be imported`, {
      cause: error,
    })
  }
  return keys
}
