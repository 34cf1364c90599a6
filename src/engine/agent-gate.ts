import type { ResolvedConfig } from '../config.js'
import type { Identity } from '../identity/identity.js'
import { missingScope } from '../identity/scopes.js'
import type { DecisionError, ReasonCode } from './decision.js'

/**
 * Checks an agent before any policy is evaluated: it may not act without a delegated user
 * unless its workload entry allows it, and the scopes of its delegated token bound what it
 * may do. Returns the reason to deny, or undefined when the checks pass.
 * @internal
 */
export function agentGate(
  identity: Identity,
  config: ResolvedConfig,
  kind: string,
  action: string,
): { reason: ReasonCode; error: DecisionError } | undefined {
  if (identity.mode === 'direct' && identity.principal.kind === 'agent') {
    const message = `agent "${identity.principal.id}" acts without a delegated user`
    const error = gateError('ERR_AGENT_WITHOUT_USER', message)
    if (!identity.mayActAlone) return { reason: 'AGENT_WITHOUT_USER', error }
  }

  const missing =
    config.identity === undefined ? null : missingScope(identity, config.identity, kind, action)
  if (missing === null) return undefined
  return {
    reason: 'SCOPE_MISSING',
    error: gateError(
      'ERR_SCOPE_MISSING',
      `scope "${missing}" is required for "${action}" on "${kind}"`,
    ),
  }
}

function gateError(code: DecisionError['code'], message: string): DecisionError {
  return { code, policy: null, rule: null, path: '/credentials', message }
}
