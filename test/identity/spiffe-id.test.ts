import { describe, expect, it } from 'vitest'
import { SpiffeIdInvalid } from '../../src/errors.js'
import { isTrustDomainName, parseSpiffeId } from '../../src/identity/spiffe-id.js'
import {
  compareSpecificity,
  matchesWorkloadPattern,
  parseWorkloadPattern,
} from '../../src/identity/workload-pattern.js'

// Cases from the SPIFFE ID standard (sections 2 to 2.4) and the go-spiffe `spiffeid` parser.
const TD_CHARS = 'SPIFFE ID invalid: trust domain may contain only a-z, 0-9, ".", "-" and "_"'
const PATH_CHARS =
  'SPIFFE ID invalid: path segments may contain only a-z, A-Z, 0-9, ".", "-" and "_"'
const EMPTY_SEGMENT = 'SPIFFE ID invalid: path has an empty segment or a trailing "/"'
const DOT_SEGMENT = 'SPIFFE ID invalid: path has a "." or ".." segment'
const PREFIX = 'SPIFFE ID invalid: must start with "spiffe://"'

const accepted: readonly [string, string, string][] = [
  ['spiffe://example.org/ns/prod/sa/api', 'example.org', '/ns/prod/sa/api'],
  ['spiffe://my_td.example-1.org/a', 'my_td.example-1.org', '/a'],
  ['spiffe://10.0.0.1/a', '10.0.0.1', '/a'],
  ['spiffe://example.org/.../a', 'example.org', '/.../a'],
  ['spiffe://example.org/A.b_c-D', 'example.org', '/A.b_c-D'],
  ['spiffe://example.org', 'example.org', ''],
  [`spiffe://example.org/${'a'.repeat(2048 - 'spiffe://example.org/'.length)}`, 'example.org', ''],
]

const rejected: readonly [string, unknown, string][] = [
  ['uppercase scheme', 'SPIFFE://example.org/a', PREFIX],
  ['uppercase trust domain', 'spiffe://Example.org/a', TD_CHARS],
  ['empty trust domain', 'spiffe:///x', 'SPIFFE ID invalid: trust domain is empty'],
  ['bare prefix', 'spiffe://', 'SPIFFE ID invalid: trust domain is empty'],
  ['trailing slash', 'spiffe://example.org/', EMPTY_SEGMENT],
  ['double slash', 'spiffe://example.org//a', EMPTY_SEGMENT],
  ['dot segment', 'spiffe://example.org/./a', DOT_SEGMENT],
  ['trailing dot-dot', 'spiffe://example.org/a/..', DOT_SEGMENT],
  ['traversal', 'spiffe://example.org/a/../admin', DOT_SEGMENT],
  ['encoded slash', 'spiffe://example.org/a%2Fb', PATH_CHARS],
  ['encoded trust domain', 'spiffe://ex%41mple.org/a', TD_CHARS],
  ['port', 'spiffe://example.org:8443/a', TD_CHARS],
  ['userinfo', 'spiffe://user@example.org/a', TD_CHARS],
  ['query', 'spiffe://example.org/a?x=1', PATH_CHARS],
  ['query on trust domain', 'spiffe://example.org?x=1', TD_CHARS],
  ['fragment', 'spiffe://example.org/a#f', PATH_CHARS],
  ['IPv6 literal', 'spiffe://[::1]/a', TD_CHARS],
  ['non-ASCII trust domain', 'spiffe://exämple.org/a', TD_CHARS],
  ['non-ASCII path', 'spiffe://example.org/ä', PATH_CHARS],
  ['embedded space', 'spiffe://example.org/a b', PATH_CHARS],
  ['embedded newline', 'spiffe://example.org/a\nb', PATH_CHARS],
  ['trailing newline', 'spiffe://example.org/a\n', PATH_CHARS],
  ['embedded NUL', 'spiffe://example.org/a\u0000', PATH_CHARS],
  ['tab in trust domain', 'spiffe://exam\tple.org/a', TD_CHARS],
  ['leading space', ' spiffe://example.org/a', PREFIX],
  ['single slash', 'spiffe:/example.org/a', PREFIX],
  ['other scheme', 'http://example.org/a', PREFIX],
  ['no scheme', 'example.org/a', PREFIX],
  [
    'longer than 2048 bytes',
    `spiffe://example.org/${'a'.repeat(2049 - 'spiffe://example.org/'.length)}`,
    'SPIFFE ID invalid: longer than 2048 bytes',
  ],
  [
    'trust domain over 255 bytes',
    `spiffe://${'a'.repeat(256)}/a`,
    'SPIFFE ID invalid: trust domain longer than 255 bytes',
  ],
  ['number', 42, 'SPIFFE ID invalid: not a string'],
  ['null', null, 'SPIFFE ID invalid: not a string'],
  ['array', ['spiffe://example.org/a'], 'SPIFFE ID invalid: not a string'],
]

describe('parseSpiffeId', () => {
  it.each(accepted)('accepts %s', (id, trustDomain, path) => {
    const parsed = parseSpiffeId(id)
    expect(parsed.id).toBe(id)
    expect(parsed.trustDomain).toBe(trustDomain)
    if (path !== '') {
      expect(parsed.path).toBe(path)
    }
  })

  it('accepts exactly 2048 bytes', () => {
    const id = accepted[6]?.[0] ?? ''
    expect(id).toHaveLength(2048)
    expect(parseSpiffeId(id).path).toHaveLength(2048 - 'spiffe://example.org'.length)
  })

  it.each(rejected)('rejects %s', (_, value, message) => {
    let thrown: unknown
    try {
      parseSpiffeId(value)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(SpiffeIdInvalid)
    expect((thrown as SpiffeIdInvalid).code).toBe('ERR_SPIFFE_ID_INVALID')
    expect((thrown as SpiffeIdInvalid).message).toBe(message)
  })

  it('never normalises what a URL parser would', () => {
    // WHATWG URL rewrites this to /admin; the parser must reject it instead.
    expect(new URL('spiffe://example.org/a/../admin').pathname).toBe('/admin')
    expect(() => parseSpiffeId('spiffe://example.org/a/../admin')).toThrow(DOT_SEGMENT)
  })
})

describe('isTrustDomainName', () => {
  it('accepts lowercase names and dotted quads', () => {
    expect(isTrustDomainName('acme.test')).toBe(true)
    expect(isTrustDomainName('10.0.0.1')).toBe(true)
  })

  it('rejects uppercase, empty and overlong names', () => {
    expect(isTrustDomainName('Acme.test')).toBe(false)
    expect(isTrustDomainName('')).toBe(false)
    expect(isTrustDomainName('a'.repeat(256))).toBe(false)
  })
})

describe('workload patterns', () => {
  const where = 'identity.workloads[0].pattern'
  const match = (pattern: string, id: string) =>
    matchesWorkloadPattern(parseWorkloadPattern(pattern, where), parseSpiffeId(id))

  it('matches one segment with *', () => {
    expect(match('spiffe://acme.test/agents/*', 'spiffe://acme.test/agents/a')).toBe(true)
    expect(match('spiffe://acme.test/agents/*', 'spiffe://acme.test/agents/a/b')).toBe(false)
    expect(match('spiffe://acme.test/agents/*', 'spiffe://acme.test/agents')).toBe(false)
    expect(match('spiffe://acme.test/*/sa/api', 'spiffe://acme.test/ns/sa/api')).toBe(true)
  })

  it('matches one or more segments with **', () => {
    expect(match('spiffe://acme.test/ns/**', 'spiffe://acme.test/ns/a')).toBe(true)
    expect(match('spiffe://acme.test/ns/**', 'spiffe://acme.test/ns/a/b/c')).toBe(true)
    expect(match('spiffe://acme.test/ns/**', 'spiffe://acme.test/ns')).toBe(false)
    expect(match('spiffe://acme.test/ns/**', 'spiffe://acme.test/other/a')).toBe(false)
  })

  it('never matches another trust domain', () => {
    expect(match('spiffe://acme.test/**', 'spiffe://evil.test/a')).toBe(false)
    expect(match('spiffe://acme.test/**', 'spiffe://acme.test.evil/a')).toBe(false)
  })

  it('compares literal segments exactly', () => {
    expect(match('spiffe://acme.test/agents/*', 'spiffe://acme.test/Agents/a')).toBe(false)
  })

  it.each([
    ['spiffe://acme.test', 'must have a path'],
    ['spiffe://acme.test/a', 'has no "*" or "**" segment: use "id" for an exact SPIFFE ID'],
    ['spiffe://*/a', 'must name a literal trust domain of a-z, 0-9, ".", "-" and "_"'],
    ['spiffe://ACME.test/*', 'must name a literal trust domain of a-z, 0-9, ".", "-" and "_"'],
    ['http://acme.test/*', 'must start with "spiffe://"'],
    ['spiffe://acme.test/**/a', 'may use "**" only as its last segment'],
    [
      'spiffe://acme.test/api-*',
      'has a segment that is not "*", "**" or a SPIFFE ID path segment of a-z, A-Z, 0-9, ".", "-" and "_"',
    ],
    [
      'spiffe://acme.test/a//*',
      'has a segment that is not "*", "**" or a SPIFFE ID path segment of a-z, A-Z, 0-9, ".", "-" and "_"',
    ],
    [
      'spiffe://acme.test/../*',
      'has a segment that is not "*", "**" or a SPIFFE ID path segment of a-z, A-Z, 0-9, ".", "-" and "_"',
    ],
  ])('rejects pattern %s', (pattern, why) => {
    expect(() => parseWorkloadPattern(pattern, where)).toThrow(
      new TypeError(`${where}: pattern "${pattern}" ${why}`),
    )
  })

  it('orders literal before * before **', () => {
    const sorted = [
      'spiffe://acme.test/**',
      'spiffe://acme.test/ns/*',
      'spiffe://acme.test/*/api',
      'spiffe://acme.test/ns/**',
    ]
      .map((pattern) => parseWorkloadPattern(pattern, where))
      .sort(compareSpecificity)
      .map((pattern) => pattern.source)
    expect(sorted).toEqual([
      'spiffe://acme.test/ns/*',
      'spiffe://acme.test/ns/**',
      'spiffe://acme.test/*/api',
      'spiffe://acme.test/**',
    ])
  })
})
