import type { Identity, VerifiedPrincipal } from '../identity/identity.js'
import type { Participant } from './decide.js'
import type { DelegationValue, PrincipalKind, PrincipalValue } from './model.js'
import { readPrincipal } from './request-values.js'
import type { RequestProblem } from './request-values.js'

/** @internal The principal side of a request: who is evaluated, in which delegation context. */
export interface Parties {
  readonly participants: readonly Participant[]
  readonly delegation: DelegationValue
  /** The identity the scope and agent checks apply to. */
  readonly identity: Identity
}

const DIRECT: DelegationValue = Object.freeze({
  actor: null,
  subject: null,
  chain: Object.freeze([]),
  depth: 0,
})

/**
 * Reads the principal side of an untrusted request: a `principal` with an optional `actor`,
 * `chain` and `scopes`, or a verified `identity` (never both).
 * @internal
 */
export function readParties(
  request: Record<string, unknown>,
  isVerified: (identity: unknown) => boolean,
): Parties | RequestProblem {
  const { principal, actor, chain, scopes, identity } = request

  if (identity !== undefined) {
    if (principal !== undefined || actor !== undefined || chain !== undefined) {
      return { path: '/identity', message: 'identity cannot be combined with a principal' }
    }
    if (scopes !== undefined) return { path: '/scopes', message: 'scopes come from the identity' }
    if (!isVerified(identity)) {
      return { path: '/identity', message: 'identity must be one returned by verify' }
    }
    return fromIdentity(identity as Identity)
  }

  if (principal === undefined) return { path: '/principal', message: 'principal is missing' }
  const subject = readPrincipal(principal, '/principal')
  if ('message' in subject) return subject

  const tokenScopes = readScopes(scopes)
  if (tokenScopes === undefined) {
    return { path: '/scopes', message: 'scopes must be a list of strings' }
  }
  if (actor === undefined) {
    if (chain !== undefined) return { path: '/chain', message: 'chain needs an actor' }
    return direct(subject, tokenScopes)
  }

  const acting = readPrincipal(actor, '/actor')
  if ('message' in acting) return acting
  const actors = readChain(chain, acting.id)
  if ('message' in actors) return actors
  return onBehalfOf(acting, subject, actors, tokenScopes)
}

function fromIdentity(identity: Identity): Parties {
  if (identity.mode === 'direct') return direct(toValue(identity.principal), identity.scopes)

  const actor = toValue(identity.actor)
  const subject = toValue(identity.subject)
  return onBehalfOf(actor, subject, identity.chain, identity.scopes)
}

function direct(principal: PrincipalValue, scopes: readonly string[] | null): Parties {
  return {
    participants: [{ as: 'principal', principal }],
    delegation: DIRECT,
    identity: { mode: 'direct', principal, scopes },
  }
}

function onBehalfOf(
  actor: PrincipalValue,
  subject: PrincipalValue,
  chain: readonly string[],
  scopes: readonly string[] | null,
): Parties {
  return {
    participants: [
      { as: 'actor', principal: actor },
      { as: 'subject', principal: subject },
    ],
    delegation: { actor, subject, chain, depth: chain.length },
    identity: { mode: 'onBehalfOf', actor, subject, chain, depth: chain.length, scopes },
  }
}

function toValue(principal: VerifiedPrincipal): PrincipalValue {
  return { ...principal, policyVersion: 'default', scope: '' }
}

// `undefined` (absent) means the caller presented no token scopes: null.
function readScopes(scopes: unknown): readonly string[] | null | undefined {
  if (scopes === undefined) return null
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    return undefined
  }
  return scopes
}

function readChain(chain: unknown, actorId: string): readonly string[] | RequestProblem {
  if (chain === undefined) return [actorId]
  if (!Array.isArray(chain) || !chain.every((id) => typeof id === 'string' && id !== '')) {
    return { path: '/chain', message: 'chain must be a list of principal ids' }
  }
  if (chain[0] !== actorId) {
    return { path: '/chain/0', message: 'chain must start with the actor id' }
  }
  return chain as string[]
}

/** @internal The kind of each principal of a request, for its decision record. */
export function kindsOf(parties: Parties): {
  principal: PrincipalKind | null
  actor: PrincipalKind | null
  subject: PrincipalKind | null
} {
  const kinds = { principal: null, actor: null, subject: null } as Record<
    Participant['as'],
    PrincipalKind | null
  >
  for (const { as, principal } of parties.participants) kinds[as] = principal.kind
  return kinds
}
