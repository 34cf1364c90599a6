import { SpiffeIdInvalid } from '../errors.js'

/** A SPIFFE ID split into its parts. `id` is the input string, unchanged. */
export interface SpiffeId {
  /** The whole ID, for example `spiffe://acme.test/ns/billing/sa/api`. */
  readonly id: string
  /** The trust domain name, for example `acme.test`. */
  readonly trustDomain: string
  /** The path with its leading `/`, or `''` when the ID names the trust domain itself. */
  readonly path: string
}

/** Maximum length of a SPIFFE ID in bytes (SPIFFE ID standard, section 2.3). */
export const MAX_SPIFFE_ID_LENGTH = 2048

/** Maximum length of a trust domain name in bytes (SPIFFE ID standard, section 2.3). */
export const MAX_TRUST_DOMAIN_LENGTH = 255

const SCHEME_PREFIX = 'spiffe://'
const TRUST_DOMAIN_CHARS = /^[a-z0-9._-]+$/
const PATH_SEGMENT_CHARS = /^[a-zA-Z0-9._-]+$/

/**
 * Parses a SPIFFE ID strictly on the raw string, the way the reference implementation
 * go-spiffe does, and throws {@link SpiffeIdInvalid} naming the rule it breaks.
 *
 * Nothing is normalised: an uppercase scheme or trust domain, percent-encoding, a port,
 * userinfo, a query, a fragment, empty, `.` or `..` segments and a trailing `/` are all
 * rejected. A WHATWG URL parser is not used because it rewrites `/a/../admin` to `/admin`
 * and drops tabs and newlines, so two different strings would name one workload.
 *
 * @example
 * parseSpiffeId('spiffe://acme.test/ns/billing/sa/api').trustDomain // 'acme.test'
 */
export function parseSpiffeId(value: unknown): SpiffeId {
  if (typeof value !== 'string') {
    throw new SpiffeIdInvalid('SPIFFE ID invalid: not a string')
  }
  if (value.length > MAX_SPIFFE_ID_LENGTH) {
    throw new SpiffeIdInvalid(`SPIFFE ID invalid: longer than ${MAX_SPIFFE_ID_LENGTH} bytes`)
  }
  if (!value.startsWith(SCHEME_PREFIX)) {
    throw new SpiffeIdInvalid('SPIFFE ID invalid: must start with "spiffe://"')
  }

  const rest = value.slice(SCHEME_PREFIX.length)
  const slash = rest.indexOf('/')
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash)
  const path = slash === -1 ? '' : rest.slice(slash)

  checkTrustDomainName(trustDomain)
  checkPath(path)

  return { id: value, trustDomain, path }
}

/**
 * Reports whether a string is a valid trust domain name: 1 to 255 characters, each a
 * lowercase ASCII letter, a digit, `.`, `-` or `_`.
 */
export function isTrustDomainName(name: string): boolean {
  return name.length <= MAX_TRUST_DOMAIN_LENGTH && TRUST_DOMAIN_CHARS.test(name)
}

/**
 * Returns the path segments of a parsed SPIFFE ID, none for an ID without a path.
 * @internal
 */
export function pathSegments(id: SpiffeId): readonly string[] {
  return id.path === '' ? [] : id.path.slice(1).split('/')
}

/**
 * Reports whether a string is a valid SPIFFE ID path segment.
 * @internal
 */
export function isPathSegment(segment: string): boolean {
  return segment !== '.' && segment !== '..' && PATH_SEGMENT_CHARS.test(segment)
}

function checkTrustDomainName(trustDomain: string): void {
  if (trustDomain === '') {
    throw new SpiffeIdInvalid('SPIFFE ID invalid: trust domain is empty')
  }
  if (trustDomain.length > MAX_TRUST_DOMAIN_LENGTH) {
    throw new SpiffeIdInvalid(
      `SPIFFE ID invalid: trust domain longer than ${MAX_TRUST_DOMAIN_LENGTH} bytes`,
    )
  }

  // SECURITY: the lowercase-only set also rejects userinfo (`@`), ports (`:`), IPv6 literals,
  // percent-encoding and non-ASCII look-alikes, so one trust domain has one spelling.
  if (!TRUST_DOMAIN_CHARS.test(trustDomain)) {
    throw new SpiffeIdInvalid(
      'SPIFFE ID invalid: trust domain may contain only a-z, 0-9, ".", "-" and "_"',
    )
  }
}

function checkPath(path: string): void {
  if (path === '') {
    return
  }

  for (const segment of path.slice(1).split('/')) {
    if (segment === '') {
      throw new SpiffeIdInvalid('SPIFFE ID invalid: path has an empty segment or a trailing "/"')
    }

    // SECURITY: dot segments would let `/a/../admin` and `/admin` name one workload.
    if (segment === '.' || segment === '..') {
      throw new SpiffeIdInvalid('SPIFFE ID invalid: path has a "." or ".." segment')
    }
    if (!PATH_SEGMENT_CHARS.test(segment)) {
      throw new SpiffeIdInvalid(
        'SPIFFE ID invalid: path segments may contain only a-z, A-Z, 0-9, ".", "-" and "_"',
      )
    }
  }
}
