import type { JSONWebKeySet, JWK } from 'jose'
import { base64url } from 'jose'
import { describeValue, isRecord } from './config-values.js'

/** Maximum number of keys in one key set, local or fetched. */
export const MAX_KEYS = 100

/** Minimum RSA modulus length in bits (RFC 7518 section 3.3). */
const MIN_RSA_BITS = 2048

/** JWK members that only private or symmetric keys carry (RFC 7518 section 6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

/** Reading options of a key set: its format, key types, key limit and message path. */
export interface JwksReading {
  /** Path of the key set in messages, for example `identity.trustDomains["acme.test"].jwks`. */
  readonly where: string
  /**
   * `'jwks'` keeps every key; `'bundle'` keeps only SPIFFE `use: "jwt-svid"` keys, strips
   * their `use`, requires their `kid` and skips keys of unknown type.
   */
  readonly format: 'jwks' | 'bundle'
  /** Key types accepted: `RSA` and `EC` for JWT-SVIDs, plus `OKP` for user tokens. */
  readonly keyTypes: readonly string[]
  /** Maximum number of keys kept. */
  readonly maxKeys: number
}

/**
 * Checks a JWKS or SPIFFE bundle and returns a JWKS snapshot that jose can read.
 *
 * Throws `TypeError` for a value that is not a key set, a private or symmetric key, a key of
 * the wrong type or a repeated `kid`, and `RangeError` for an RSA key under 2048 bits or more
 * than `maxKeys` keys. Weak keys are rejected here, so that they fail when the set is loaded
 * rather than at the first verification.
 * @internal
 */
export function checkJwks(value: unknown, reading: JwksReading): JSONWebKeySet {
  if (!isRecord(value) || !Array.isArray(value['keys'])) {
    throw new TypeError(`${reading.where}: expected a JSON Web Key Set with a "keys" array`)
  }

  const keys: JWK[] = []
  const kids = new Set<string>()
  for (const [index, entry] of (value['keys'] as unknown[]).entries()) {
    const key = readKey(entry, reading, `${reading.where}.keys[${index}]`)
    if (key === null) {
      continue
    }
    if (key.kid !== undefined) {
      if (kids.has(key.kid)) {
        throw new TypeError(`${reading.where}: kid ${describeValue(key.kid)} appears twice`)
      }
      kids.add(key.kid)
    }
    keys.push(key)
  }

  if (keys.length > reading.maxKeys) {
    throw new RangeError(
      `${reading.where}: ${keys.length} keys exceed the maximum of ${reading.maxKeys}`,
    )
  }
  return { keys }
}

function readKey(entry: unknown, reading: JwksReading, where: string): JWK | null {
  if (!isRecord(entry)) {
    throw new TypeError(`${where}: expected a JSON Web Key object`)
  }

  // SECURITY: a SPIFFE bundle also carries X.509 authorities. Only `jwt-svid` keys may verify
  // a JWT-SVID, and `use` is compared case-sensitively (SPIFFE bundle format, section 4.2.2).
  if (reading.format === 'bundle' && entry['use'] !== 'jwt-svid') {
    return null
  }
  const kty = entry['kty']
  if (reading.format === 'bundle' && !reading.keyTypes.includes(String(kty))) {
    return null
  }

  for (const member of PRIVATE_MEMBERS) {
    if (Object.hasOwn(entry, member)) {
      throw new TypeError(`${where}: contains private or symmetric key material ("${member}")`)
    }
  }
  if (typeof kty !== 'string' || !reading.keyTypes.includes(kty)) {
    throw new TypeError(
      `${where}: kty must be one of ${reading.keyTypes.join(', ')}, got ${describeValue(kty)}`,
    )
  }
  if (entry['kid'] !== undefined && typeof entry['kid'] !== 'string') {
    throw new TypeError(`${where}: kid must be a string, got ${describeValue(entry['kid'])}`)
  }
  if (reading.format === 'bundle' && typeof entry['kid'] !== 'string') {
    throw new TypeError(`${where}: a jwt-svid key must have a kid`)
  }
  if (kty === 'RSA') {
    checkRsaModulus(entry['n'], where)
  }

  const key = structuredClone(entry) as JWK
  if (reading.format === 'bundle') {
    delete key.use
  }
  return key
}

function checkRsaModulus(modulus: unknown, where: string): void {
  if (typeof modulus !== 'string') {
    throw new TypeError(`${where}: an RSA key must have an "n" string`)
  }

  let bytes: Uint8Array
  try {
    bytes = base64url.decode(modulus)
  } catch {
    throw new TypeError(`${where}: "n" is not base64url`)
  }
  const first = bytes.findIndex((byte) => byte !== 0)
  const leading = first === -1 ? 0 : (bytes[first] ?? 0)
  const bits =
    first === -1 ? 0 : (bytes.length - first - 1) * 8 + Math.floor(Math.log2(leading)) + 1

  if (bits < MIN_RSA_BITS) {
    throw new RangeError(`${where}: RSA modulus of ${bits} bits is shorter than ${MIN_RSA_BITS}`)
  }
}
