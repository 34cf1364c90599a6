import type { JWSHeaderParameters, JWTPayload } from 'jose'
import { TokenInvalid, TokenTooLarge } from '../errors.js'
import { isRecord } from './config-values.js'

/** A token's header and claims, decoded but not yet verified. @internal */
export interface UnverifiedToken {
  readonly header: JWSHeaderParameters
  readonly claims: JWTPayload
}

/** Three non-empty base64url segments, ASCII only, nothing around them. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The 6-bit value of each base64url character, by character code. */
const SEXTETS = Uint8Array.from({ length: 128 }, (_, code) =>
  Math.max(0, BASE64URL_ALPHABET.indexOf(String.fromCharCode(code))),
)

/** A strict UTF-8 decoder, as jose uses: invalid UTF-8 is an error (RFC 8725 section 3.7). */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Scratch space for decoded segments, grown on demand. */
let scratch = new Uint8Array(1024)

/**
 * Checks the size and the compact serialization of a token, then decodes its header and
 * claims without verifying them.
 *
 * Throws {@link TokenTooLarge} before anything is decoded, and {@link TokenInvalid} for
 * anything but three canonical base64url segments holding a JSON header object and a JSON
 * claims object. So JWE (five segments), the JWS JSON serialization, a `Bearer ` prefix,
 * padding and whitespace are all rejected here.
 * @internal
 */
export function decodeUnverified(token: string, maxTokenSize: number): UnverifiedToken {
  checkTokenSize(token, maxTokenSize)

  // SECURITY: jose's base64url decoder skips whitespace, so a signature with a space or a
  // trailing newline would verify. One token must have exactly one spelling.
  if (!COMPACT_JWS.test(token)) {
    throw new TokenInvalid()
  }
  const segments = token.split('.')
  if (!segments.every(isCanonicalSegment)) {
    throw new TokenInvalid()
  }

  // The same result as jose's `decodeProtectedHeader` and `decodeJwt`: base64url, strict
  // UTF-8, then JSON that must be an object. On Node 20, jose 6.2.19 decodes base64 with
  // `atob`, which is slower than decoding these already checked segments here.
  try {
    const header = decodeJsonObject(segments[0] ?? '') as JWSHeaderParameters
    const claims = decodeJsonObject(segments[1] ?? '') as JWTPayload
    return { header, claims }
  } catch (cause) {
    throw new TokenInvalid({ cause })
  }
}

/**
 * Throws {@link TokenTooLarge} for a token longer than `maxTokenSize`.
 * @internal
 */
export function checkTokenSize(token: string, maxTokenSize: number): void {
  // SECURITY: the size cap comes first, so a huge token costs no base64 or JSON decoding and
  // no cache lookup.
  if (token.length > maxTokenSize) {
    throw new TokenTooLarge(
      `token too large: ${token.length} bytes exceed maxTokenSize of ${maxTokenSize}`,
    )
  }
}

/**
 * Reports whether a base64url segment is the only encoding of its bytes: its length is not
 * 1 modulo 4 and the unused low bits of its last character are zero.
 */
function isCanonicalSegment(segment: string): boolean {
  const remainder = segment.length % 4
  if (remainder === 1) {
    return false
  }
  if (remainder === 0) {
    return true
  }

  const last = BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1))
  const unusedBits = remainder === 2 ? 0b1111 : 0b11
  return (last & unusedBits) === 0
}

function decodeJsonObject(segment: string): Readonly<Record<string, unknown>> {
  const value: unknown = JSON.parse(decodeSegment(segment))
  if (!isRecord(value)) {
    throw new TypeError('not a JSON object')
  }
  return value
}

/**
 * Decodes a canonical base64url segment, whose characters are already checked, as strict
 * UTF-8. The bytes go to a reused buffer because allocating a typed array per segment costs
 * more than decoding it on Node 20. The buffer is filled and decoded in one synchronous
 * step, so no other call can read or overwrite it in between.
 */
function decodeSegment(segment: string): string {
  const length = segment.length
  const size = Math.floor((length * 3) / 4)
  if (size > scratch.length) {
    scratch = new Uint8Array(2 ** Math.ceil(Math.log2(size)))
  }

  const bytes = scratch
  let offset = 0
  let index = 0
  for (; index + 4 <= length; index += 4) {
    const group =
      (sextet(segment, index) << 18) |
      (sextet(segment, index + 1) << 12) |
      (sextet(segment, index + 2) << 6) |
      sextet(segment, index + 3)
    bytes[offset] = group >> 16
    bytes[offset + 1] = group >> 8
    bytes[offset + 2] = group
    offset += 3
  }

  // A canonical segment ends in 2 or 3 characters for 1 or 2 more bytes, or in none.
  const rest = length - index
  if (rest > 0) {
    const third = rest === 3 ? sextet(segment, index + 2) << 6 : 0
    const group = (sextet(segment, index) << 18) | (sextet(segment, index + 1) << 12) | third
    bytes[offset++] = group >> 16
    if (rest === 3) {
      bytes[offset++] = group >> 8
    }
  }
  return UTF8.decode(bytes.subarray(0, offset))
}

function sextet(segment: string, index: number): number {
  return SEXTETS[segment.charCodeAt(index)] ?? 0
}
