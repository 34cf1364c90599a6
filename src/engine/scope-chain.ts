/** Scope names as Cerbos accepts them: dot-separated segments, or `''` for the root scope. */
const SCOPE_PATTERN = /^(?:|[0-9a-zA-Z][\w-]*(?:\.\w[\w-]*)*)$/

/**
 * Normalises a request scope: `undefined` and `'.'` mean the root scope. Returns undefined for
 * a value that is not a valid scope name.
 * @internal
 */
export function normalizeScope(scope: unknown): string | undefined {
  if (scope === undefined || scope === '.') return ''
  if (typeof scope !== 'string' || !SCOPE_PATTERN.test(scope)) return undefined
  return scope
}

/**
 * Lists a scope and its ancestors, leaf first: `a.b.c` gives `a.b.c`, `a.b`, `a`, `''`.
 * @internal
 */
export function scopeChain(scope: string): string[] {
  const chain: string[] = []
  let current = scope
  while (current !== '') {
    chain.push(current)
    const dot = current.lastIndexOf('.')
    current = dot === -1 ? '' : current.slice(0, dot)
  }
  chain.push('')
  return chain
}

/**
 * Selects the scopes to walk for a request: the chain from the leaf, or, with lenient search,
 * from the nearest existing ancestor. Returns an empty list when strict search finds no
 * policy at the leaf, or when no scope of the chain has one.
 * @internal
 */
export function selectScopes<T>(
  byScope: ReadonlyMap<string, T> | undefined,
  scope: string,
  lenient: boolean,
): T[] {
  if (byScope === undefined) return []
  if (scope === '') {
    const root = byScope.get('')
    return root === undefined ? [] : [root]
  }

  const chain = scopeChain(scope)
  if (!lenient && !byScope.has(scope)) return []

  const selected: T[] = []
  for (const name of chain) {
    const policy = byScope.get(name)
    if (policy !== undefined) selected.push(policy)
  }
  return selected
}
