import { decodeJwt, decodeProtectedHeader } from 'jose'
import type { JWSHeaderParameters, JWTPayload } from 'jose'
import { TokenInvalid, TokenTooLarge } from '../errors.js'

/** A token's header and claims, decoded but not yet verified. @internal */
export interface UnverifiedToken {
  readonly header: JWSHeaderParameters
  readonly claims: JWTPayload
}

/** Three non-empty base64url segments, ASCII only, nothing around them. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

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
  // SECURITY: the size cap comes first, so a huge token costs no base64 or JSON decoding.
  if (token.length > maxTokenSize) {
    throw new TokenTooLarge(
      `token too large: ${token.length} bytes exceed maxTokenSize of ${maxTokenSize}`,
    )
  }

  // SECURITY: jose's base64url decoder skips whitespace, so a signature with a space or a
  // trailing newline would verify. One token must have exactly one spelling.
  if (!COMPACT_JWS.test(token) || !token.split('.').every(isCanonicalSegment)) {
    throw new TokenInvalid()
  }

  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) }
  } catch (cause) {
    throw new TokenInvalid({ cause })
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
