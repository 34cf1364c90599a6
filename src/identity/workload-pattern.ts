import { isPathSegment, isTrustDomainName, pathSegments } from './spiffe-id.js'
import type { SpiffeId } from './spiffe-id.js'

/**
 * A compiled workload pattern such as `spiffe://acme.test/agents/*` or
 * `spiffe://acme.test/ns/billing/**`.
 *
 * The trust domain is always literal, so a pattern never spans trust domains. Each path
 * segment is a literal, `*` (exactly one segment) or, as the last segment only, `**` (one or
 * more segments). Partial wildcards such as `api-*` are not supported.
 * @internal
 */
export interface WorkloadPattern {
  readonly source: string
  readonly trustDomain: string
  readonly segments: readonly string[]
}

const ONE_SEGMENT = '*'
const REST_OF_PATH = '**'

/**
 * Compiles a workload pattern, throwing `TypeError` naming the pattern when it is not a
 * SPIFFE ID pattern with at least one wildcard segment.
 * @internal
 */
export function parseWorkloadPattern(pattern: string, where: string): WorkloadPattern {
  const invalid = (why: string) => new TypeError(`${where}: pattern "${pattern}" ${why}`)

  if (!pattern.startsWith('spiffe://')) {
    throw invalid('must start with "spiffe://"')
  }
  const rest = pattern.slice('spiffe://'.length)
  const slash = rest.indexOf('/')
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash)
  if (!isTrustDomainName(trustDomain)) {
    throw invalid('must name a literal trust domain of a-z, 0-9, ".", "-" and "_"')
  }
  if (slash === -1) {
    throw invalid('must have a path')
  }

  const segments = rest.slice(slash + 1).split('/')
  segments.forEach((segment, index) => {
    checkPatternSegment(segment, index === segments.length - 1, invalid)
  })
  if (!segments.some((segment) => segment === ONE_SEGMENT || segment === REST_OF_PATH)) {
    throw invalid('has no "*" or "**" segment: use "id" for an exact SPIFFE ID')
  }

  return { source: pattern, trustDomain, segments }
}

/**
 * Reports whether a parsed SPIFFE ID matches a compiled pattern.
 * @internal
 */
export function matchesWorkloadPattern(pattern: WorkloadPattern, id: SpiffeId): boolean {
  if (id.trustDomain !== pattern.trustDomain) {
    return false
  }

  const segments = pathSegments(id)
  for (const [index, expected] of pattern.segments.entries()) {
    if (expected === REST_OF_PATH) {
      return segments.length > index
    }
    const actual = segments[index]
    if (actual === undefined || (expected !== ONE_SEGMENT && expected !== actual)) {
      return false
    }
  }
  return segments.length === pattern.segments.length
}

/**
 * Orders patterns from most to least specific, so that the first pattern that matches an ID
 * is its most specific match. At the first segment where two patterns differ, a literal comes
 * before `*` and `*` before `**`. Two patterns that both match one ID always differ that way,
 * so the order among matches never depends on configuration order.
 * @internal
 */
export function compareSpecificity(a: WorkloadPattern, b: WorkloadPattern): number {
  const length = Math.max(a.segments.length, b.segments.length)
  for (let index = 0; index < length; index++) {
    const difference = segmentRank(a.segments[index]) - segmentRank(b.segments[index])
    if (difference !== 0) {
      return difference
    }
  }
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0
}

function segmentRank(segment: string | undefined): number {
  switch (segment) {
    case undefined:
      return 3
    case REST_OF_PATH:
      return 2
    case ONE_SEGMENT:
      return 1
    default:
      return 0
  }
}

function checkPatternSegment(
  segment: string,
  isLast: boolean,
  invalid: (why: string) => TypeError,
): void {
  if (segment === REST_OF_PATH) {
    if (!isLast) {
      throw invalid('may use "**" only as its last segment')
    }
    return
  }
  if (segment !== ONE_SEGMENT && !isPathSegment(segment)) {
    throw invalid(
      'has a segment that is not "*", "**" or a SPIFFE ID path segment of a-z, A-Z, 0-9, ".", "-" and "_"',
    )
  }
}
