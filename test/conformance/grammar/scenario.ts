import fc from 'fast-check'
import type { Policy } from '../../../src/policy/document.js'
import { drawAttributes } from './attributes.js'
import { Draw } from './draw.js'
import { KINDS, PolicyGrammar, PRINCIPALS, ROLES } from './policies.js'

/** One principal and the resources and actions to decide for it, in Cerbos' request shape. */
export interface ScenarioRequest {
  readonly principal: {
    readonly id: string
    readonly roles: readonly string[]
    readonly attr: Record<string, unknown>
    readonly policyVersion?: string
    readonly scope?: string
  }
  readonly resources: readonly {
    readonly resource: {
      readonly kind: string
      readonly id: string
      readonly attr: Record<string, unknown>
      readonly policyVersion?: string
      readonly scope?: string
    }
    readonly actions: readonly string[]
  }[]
}

/** A generated policy set and the requests to send to both engines, each one case. */
export interface Scenario {
  readonly policies: readonly Policy[]
  readonly requests: readonly ScenarioRequest[]
}

/** Principal ids of requests: those with policies, and one without. */
const REQUEST_PRINCIPALS = [...PRINCIPALS, 'anon'] as const

/** Resource kinds of requests: the case's kinds and one without policies. */
const REQUEST_KINDS = [...KINDS, 'kx'] as const

/**
 * Actions of requests, chosen against the rule patterns: `share:` and `share` test the edges of
 * `share:*`, `a:x:c` and `a:b` those of `a:*:c`.
 */
const ACTIONS = [
  'view',
  'edit',
  'delete',
  'share:link',
  'share:email',
  'share:',
  'share',
  'a:b:c',
  'a:x:c',
  'a:b',
  'archive',
  'other:link',
  'x',
] as const

/**
 * Request scopes: unset, the root spelled three ways, the scopes policies use, one below
 * them and one beside them, which strict scope search must deny.
 */
const SCOPES = [undefined, '', '.', 'X', 'X.a', 'X.a.b', 'X.b', 'X.zz', 'X.a.b.c'] as const

/**
 * Versions of a request. The principal and every resource of a request share one, because
 * Cerbos 0.55 selects principal policies by the resource's version (see docs/cerbos.md).
 */
const REQUEST_VERSIONS = [undefined, 'default', 'v2', 'v3'] as const

/** Owners for `R.attr.owner == P.id`: the principal ids of requests and one other. */
const OWNERS = [...REQUEST_PRINCIPALS, 'zed'] as const

/**
 * Returns the arbitrary of scenarios of `min` to `max` requests, drawn through `fc.gen()` so
 * that a failure shrinks draw by draw. Each request against its scenario's policies is one
 * differential case. Loading a policy set into the PDP costs far more than a request, so one
 * set serves several requests.
 */
export function scenarioArbitrary(requests: {
  readonly min: number
  readonly max: number
}): fc.Arbitrary<Scenario> {
  return fc.gen().map((g) => drawScenario(new Draw(g), requests.min, requests.max))
}

function drawScenario(draw: Draw, min: number, max: number): Scenario {
  const policies = new PolicyGrammar(draw).policies()
  const targets = targetsOf(policies)
  const requests = draw.times(draw.int(min, max), () => drawRequest(draw, targets))
  return { policies, requests }
}

/** Where the policies of a case are, so that most requests reach one. */
interface Targets {
  /** `[kind, version, scope]` of every resource policy. */
  readonly resources: readonly (readonly [string, string, string])[]
  /** `[principal, version, scope]` of every principal policy. */
  readonly principals: readonly (readonly [string, string, string])[]
}

function targetsOf(policies: readonly Policy[]): Targets {
  const resources: [string, string, string][] = []
  const principals: [string, string, string][] = []
  for (const policy of policies) {
    if ('resourcePolicy' in policy) {
      const { resource, version = 'default', scope = '' } = policy.resourcePolicy
      resources.push([resource, version, scope])
    } else if ('principalPolicy' in policy) {
      const { principal, version = 'default', scope = '' } = policy.principalPolicy
      principals.push([principal, version, scope])
    }
  }
  return { resources, principals }
}

/**
 * Draws a request that mostly reaches the scenario's policies. Its version is one of the
 * policies' versions seven times in ten. Three resources in four then name a kind and scope
 * with a policy of that version, and the principal is one with policies seven times in ten,
 * at one of its scopes six times in ten. The rest comes from the pools, whose scopes include
 * some that strict scope search must deny.
 */
function drawRequest(draw: Draw, targets: Targets): ScenarioRequest {
  const versions = [...new Set(targets.resources.map(([, version]) => version))]
  const version =
    draw.chance(0.7) && versions.length > 0
      ? pickVersion(draw, versions)
      : draw.pick(REQUEST_VERSIONS)
  const versionField = version === undefined ? {} : { policyVersion: version }
  const matching = targets.resources.filter(([, other]) => other === (version ?? 'default'))

  const principalTargets = targets.principals.filter(
    ([, other]) => other === (version ?? 'default'),
  )
  const principalTarget =
    draw.chance(0.7) && principalTargets.length > 0 ? draw.pick(principalTargets) : undefined
  const principalScope =
    principalTarget !== undefined && draw.chance(0.6) ? principalTarget[2] : draw.pick(SCOPES)

  return {
    principal: {
      id: principalTarget?.[0] ?? draw.pick(REQUEST_PRINCIPALS),
      roles: draw.subset(ROLES, 1, 3),
      attr: drawAttributes(draw, OWNERS),
      ...versionField,
      ...(principalScope === undefined ? {} : { scope: principalScope }),
    },
    resources: draw.times(draw.int(1, 6), (index) => {
      const target = draw.chance(0.75) && matching.length > 0 ? draw.pick(matching) : undefined
      const scope = target === undefined ? draw.pick(SCOPES) : spellScope(draw, target[2])
      return {
        resource: {
          kind: target?.[0] ?? draw.pick(REQUEST_KINDS),
          id: `id${index}`,
          attr: drawAttributes(draw, OWNERS),
          ...versionField,
          ...(scope === undefined ? {} : { scope }),
        },
        actions: shuffle(draw, draw.subset(ACTIONS, 1, 5)),
      }
    }),
  }
}

/** A version of the policies, with `default` sometimes left unset. */
function pickVersion(draw: Draw, versions: readonly string[]): string | undefined {
  const version = draw.pick(versions)
  return version === 'default' && draw.chance(0.5) ? undefined : version
}

/** Spells the root scope as unset, `''` or `.`, and returns other scopes as they are. */
function spellScope(draw: Draw, scope: string): string | undefined {
  if (scope !== '') return scope
  return draw.pick([undefined, '', '.'] as const)
}

function shuffle<T>(draw: Draw, items: readonly T[]): T[] {
  const result = [...items]
  for (let i = result.length - 1; i > 0; i--) {
    const j = draw.int(0, i)
    const swap = result[i] as T
    result[i] = result[j] as T
    result[j] = swap
  }
  return result
}
