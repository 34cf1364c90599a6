import { ScopeInvalid } from '../errors.js'
import { checkRecord, describeValue } from './config-values.js'
import type { IdentityConfig } from './config.js'
import type { Identity } from './identity.js'

/**
 * One scope token (RFC 6749 section 3.3): printable ASCII except space, `"` and `\`.
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

/** Scope tokens separated by single spaces, with no space before, after or doubled. */
const SCOPE_LIST = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/

/** The checked `requiredScopes` option: a scope by resource kind, then action. @internal */
export type RequiredScopes = ReadonlyMap<string, ReadonlyMap<string, string>>

/**
 * Parses a scope claim into a frozen list of distinct scopes, in token order, and throws
 * {@link ScopeInvalid} for anything outside the RFC 6749 grammar. Scopes are case-sensitive,
 * so `Read` and `read` are different scopes.
 * @internal
 */
export function parseScopeClaim(value: unknown, format: 'string' | 'array'): readonly string[] {
  if (format === 'string') {
    if (typeof value !== 'string' || !SCOPE_LIST.test(value)) {
      throw new ScopeInvalid(
        'scope invalid: expected scope tokens separated by single spaces (RFC 6749 section 3.3)',
      )
    }
    return Object.freeze([...new Set(value.split(' '))])
  }

  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string' && SCOPE_TOKEN.test(item))
  ) {
    throw new ScopeInvalid(
      'scope invalid: expected an array of scope tokens (RFC 6749 section 3.3)',
    )
  }
  return Object.freeze([...new Set(value as string[])])
}

/**
 * Checks the `requiredScopes` option: an object of resource kinds, each an object of actions,
 * each a single scope token. Throws `TypeError` naming the entry at fault.
 * @internal
 */
export function checkRequiredScopes(value: unknown): RequiredScopes {
  const where = 'identity.requiredScopes'
  const kinds = new Map<string, ReadonlyMap<string, string>>()
  if (value === undefined) {
    return kinds
  }

  for (const [kind, actions] of Object.entries(checkRecord(value, where))) {
    const kindWhere = `${where}[${JSON.stringify(kind)}]`
    const scopes = new Map<string, string>()
    for (const [action, scope] of Object.entries(checkRecord(actions, kindWhere))) {
      if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
        throw new TypeError(
          `${kindWhere}[${JSON.stringify(action)}]: expected one scope token, got ${describeValue(scope)}`,
        )
      }
      scopes.set(action, scope)
    }
    kinds.set(kind, scopes)
  }
  return kinds
}

/**
 * Returns the scope that an agent lacks for an action on a resource kind, or null when it
 * lacks none.
 *
 * Only agents are bound by scopes: for a user or a plain workload, direct or acting on behalf
 * of a user, the result is always null. An agent whose delegated token carries no scope claim
 * lacks every scope that `requiredScopes` maps. Actions without a mapped scope need none.
 * Kinds and actions are looked up as own properties, so `constructor` or `__proto__` never
 * reads a prototype.
 *
 * @example
 * const scope = missingScope(identity, config, 'document', 'read')
 * if (scope !== null) deny('SCOPE_MISSING')
 */
export function missingScope(
  identity: Identity,
  config: Pick<IdentityConfig, 'requiredScopes'>,
  kind: string,
  action: string,
): string | null {
  const actor = identity.mode === 'direct' ? identity.principal : identity.actor
  if (actor.kind !== 'agent') {
    return null
  }

  const required = lookupRequiredScope(config.requiredScopes, kind, action)
  if (required === undefined) {
    return null
  }
  return identity.scopes?.includes(required) === true ? null : required
}

function lookupRequiredScope(
  requiredScopes: IdentityConfig['requiredScopes'],
  kind: string,
  action: string,
): string | undefined {
  if (requiredScopes === undefined || !Object.hasOwn(requiredScopes, kind)) {
    return undefined
  }
  const actions = requiredScopes[kind]
  if (actions === undefined || !Object.hasOwn(actions, action)) {
    return undefined
  }
  return actions[action]
}
