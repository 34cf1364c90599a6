import {
  AgentWithoutUser,
  DelegationActorMismatch,
  DelegationCycle,
  DelegationDepthExceeded,
  DelegationInvalid,
} from '../errors.js'
import { isRecord } from './config-values.js'
import type { Identity } from './identity.js'
import { MAX_ACT_NESTING } from './resolve-config.js'
import type { VerifiedUser } from './user-token.js'
import type { VerifiedWorkload } from './workload-token.js'

/** The configuration settings that delegation reads. @internal */
export interface DelegationRules {
  readonly maxDelegationDepth: number
  readonly requireAct: boolean
}

/**
 * Combines the verified tokens of a request into an identity.
 *
 * - A workload alone acts for itself, except an agent, which must act for a user unless its
 *   entry sets `mayActAlone` ({@link AgentWithoutUser}).
 * - A user token alone acts for the user. A user token with `act` names an actor, so it
 *   needs the actor's own credential ({@link DelegationInvalid}).
 * - Both tokens make an on-behalf-of identity: the workload acts for the user. With `act`,
 *   its top-level `sub` must be the workload's SPIFFE ID, and nested `act` claims become the
 *   rest of the chain. Without `act` the chain is the workload alone, unless `requireAct`.
 *
 * `may_act` is never read: it says who may become an actor, not who is one (RFC 8693
 * section 4.4).
 * @internal
 */
export function combineIdentity(
  workload: VerifiedWorkload | undefined,
  user: VerifiedUser | undefined,
  rules: DelegationRules,
): Identity {
  if (user === undefined) {
    if (workload === undefined) {
      throw new TypeError('combineIdentity needs at least one verified token')
    }
    return workloadAlone(workload)
  }

  if (workload === undefined) {
    if (user.hasAct) {
      throw new DelegationInvalid(
        'delegation invalid: a token with "act" needs the credential of the acting workload',
      )
    }
    return Object.freeze({ mode: 'direct', principal: user.principal, scopes: user.scopes })
  }

  const chain = delegationChain(workload, user, rules)
  return Object.freeze({
    mode: 'onBehalfOf',
    actor: workload.principal,
    subject: user.principal,
    chain,
    depth: chain.length,
    scopes: user.scopes,
  })
}

/**
 * Reads an `act` claim into the list of actor `sub` values, current actor first. The walk
 * is iterative and stops after {@link MAX_ACT_NESTING} levels.
 * @internal
 */
export function readActChain(act: unknown): readonly string[] {
  const chain: string[] = []
  let current = act
  while (current !== undefined) {
    if (chain.length === MAX_ACT_NESTING) {
      throw new DelegationDepthExceeded(
        `delegation depth exceeded: more than ${MAX_ACT_NESTING} nested "act" claims`,
      )
    }
    if (!isRecord(current)) {
      throw new DelegationInvalid('delegation invalid: "act" must be an object')
    }

    const sub = Object.hasOwn(current, 'sub') ? current['sub'] : undefined
    const iss = current['iss']
    if (typeof sub !== 'string' || sub === '') {
      throw new DelegationInvalid('delegation invalid: every "act" must have a non-empty "sub"')
    }
    if (Object.hasOwn(current, 'iss') && typeof iss !== 'string') {
      throw new DelegationInvalid('delegation invalid: "act.iss" must be a string')
    }
    chain.push(sub)
    current = Object.hasOwn(current, 'act') ? current['act'] : undefined
  }
  return chain
}

function workloadAlone(workload: VerifiedWorkload): Identity {
  const { principal, mapping } = workload
  if (mapping.agent && !mapping.mayActAlone) {
    throw new AgentWithoutUser(`agent without user: "${principal.id}" must act for a user`)
  }
  if (mapping.agent) {
    return Object.freeze({ mode: 'direct', principal, scopes: null, mayActAlone: true })
  }
  return Object.freeze({ mode: 'direct', principal, scopes: null })
}

function delegationChain(
  workload: VerifiedWorkload,
  user: VerifiedUser,
  rules: DelegationRules,
): readonly string[] {
  if (!user.hasAct) {
    if (rules.requireAct) {
      throw new DelegationInvalid(
        'delegation invalid: the user token has no "act" and identity.requireAct is set',
      )
    }
    return Object.freeze([workload.principal.id])
  }

  const chain = readActChain(user.act)

  // SECURITY: the current actor must be the authenticated caller, so a token exchanged for one
  // workload cannot be used by another (RFC 8693 section 4.1).
  if (chain[0] !== workload.principal.id) {
    throw new DelegationActorMismatch(
      'delegation actor mismatch: "act.sub" is not the calling workload',
    )
  }
  if (chain.length > rules.maxDelegationDepth) {
    throw new DelegationDepthExceeded(
      `delegation depth exceeded: ${chain.length} actors, maxDelegationDepth is ${rules.maxDelegationDepth}`,
    )
  }

  const identities = new Set([user.sub, user.principal.id])
  for (const actor of chain) {
    if (identities.has(actor)) {
      throw new DelegationCycle('delegation cycle: an identity appears twice in the chain')
    }
    identities.add(actor)
  }
  return Object.freeze(chain)
}
