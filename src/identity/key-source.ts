import { checkString } from './config-values.js'
import { checkJwks, MAX_KEYS } from './jwk-checks.js'
import { createLocalKeySet } from './key-sets.js'
import type { KeySet } from './key-sets.js'
import { createRemoteKeySet } from './remote-key-set.js'
import type { RemoteKeySetLimits } from './remote-key-set.js'

/** How to read the key source of one trust domain or issuer. @internal */
export interface KeySourceContext {
  /** Path of the entry in messages, for example `identity.issuers[0]`. */
  readonly where: string
  /** The owner of the keys in messages, for example `issuer "https://idp.test"`. */
  readonly owner: string
  /** Whether `bundle` is allowed: SPIFFE bundles exist for trust domains only. */
  readonly allowBundle: boolean
  readonly keyTypes: readonly string[]
  readonly limits: RemoteKeySetLimits
  readonly now: () => number
}

/**
 * Builds the key set of an entry from exactly one of its `jwks`, `bundle` or `jwksUri`
 * options, throwing `TypeError` when none or several are set.
 * @internal
 */
export function resolveKeySource(
  entry: Readonly<Record<string, unknown>>,
  context: KeySourceContext,
): KeySet {
  const names = context.allowBundle ? ['jwks', 'bundle', 'jwksUri'] : ['jwks', 'jwksUri']
  const present = names.filter((name) => entry[name] !== undefined)
  if (present.length !== 1) {
    const options = names.map((name) => `"${name}"`).join(', ')
    throw new TypeError(`${context.where}: set exactly one of ${options}`)
  }

  const [source] = present
  const where = `${context.where}.${String(source)}`
  if (source === 'jwksUri') {
    const uri = checkString(entry['jwksUri'], where)
    return createRemoteKeySet(uri, { ...context, where })
  }

  const jwks = checkJwks(entry[source ?? 'jwks'], {
    where,
    format: source === 'bundle' ? 'bundle' : 'jwks',
    keyTypes: context.keyTypes,
    maxKeys: MAX_KEYS,
  })
  return createLocalKeySet(jwks, context.owner, where)
}
