/**
 * The kind of value a path inside one policy document points at, so that messages can name
 * it. It is a field, an expression, the argument list of an operator, the variable name of
 * `exists` or `all`, a `ref` path, or free-form data such as constants and attribute schemas.
 * @internal
 */
export type Location =
  | { readonly type: 'document' }
  | { readonly type: 'field'; readonly noun: string }
  | { readonly type: 'expression' }
  | { readonly type: 'arguments'; readonly operator: string }
  | { readonly type: 'binder'; readonly operator: string }
  | { readonly type: 'ref' }
  | { readonly type: 'data' }

// Maps rather than object literals: keys come from documents and may be "constructor".
const FIELD_NOUNS: ReadonlyMap<string, string> = new Map([
  ['resource', 'resource kind'],
  ['principal', 'principal id'],
  ['role', 'role'],
  ['version', 'version'],
  ['scope', 'scope'],
  ['scopePermissions', 'scope permissions'],
  ['effect', 'effect'],
  ['enforcement', 'enforcement'],
  ['action', 'action'],
])

/** Nouns of the items of each list field, for messages about one item. */
const ITEM_NOUNS: ReadonlyMap<string, string> = new Map([
  ['actions', 'action'],
  ['allowActions', 'action'],
  ['roles', 'role'],
  ['derivedRoles', 'derived role'],
  ['parentRoles', 'parent role'],
  ['importDerivedRoles', 'import'],
  ['import', 'import'],
  ['rules', 'rule'],
  ['definitions', 'definition'],
])

const EXPRESSION_KEYS = new Set(['when', 'whenMatched', 'whenConditionFalse'])
const INDEX = /^(0|[1-9][0-9]*)$/

/**
 * Classifies `segments`, a path relative to the document root.
 * @internal
 */
export function locate(segments: readonly string[]): Location {
  if (segments.length === 0) return { type: 'document' }

  const [kind, field, third] = segments
  if (field === 'schemas' && segments.length > 3) return { type: 'data' }
  if (field === 'constants' && third === 'local' && segments.length > 3) return { type: 'data' }
  if (kind === 'exportConstants' && field === 'definitions' && segments.length > 2) {
    return { type: 'data' }
  }
  if (field === 'variables' && third === 'local' && segments.length > 3) {
    return locateInExpression(segments.slice(4))
  }
  if (kind === 'exportVariables' && field === 'definitions' && segments.length > 2) {
    return locateInExpression(segments.slice(3))
  }

  const start = segments.findIndex((segment) => EXPRESSION_KEYS.has(segment))
  if (start > 0) return locateInExpression(segments.slice(start + 1))
  return { type: 'field', noun: nounOf(segments) }
}

/** Names the field or list item at the end of `segments`. @internal */
export function nounOf(segments: readonly string[]): string {
  const last = segments.at(-1) ?? ''
  const parent = segments.at(-2) ?? ''

  if (INDEX.test(last)) return ITEM_NOUNS.get(parent) ?? 'item'
  if (last === 'name') return nameNoun(segments)
  if (parent === 'schemas' && last !== 'enforcement') return `${last} schema`
  return FIELD_NOUNS.get(last) ?? last
}

const SET_NOUNS: ReadonlyMap<string, string> = new Map([
  ['derivedRoles', 'derived roles name'],
  ['exportVariables', 'variables name'],
  ['exportConstants', 'constants name'],
])

function nameNoun(segments: readonly string[]): string {
  const kind = segments[0] ?? ''
  if (segments.length === 2) return SET_NOUNS.get(kind) ?? 'name'
  return kind === 'derivedRoles' ? 'derived role name' : 'rule name'
}

/** Classifies a path relative to the root of an expression. */
function locateInExpression(path: readonly string[]): Location {
  let index = 0

  while (index < path.length) {
    const key = path[index] ?? ''
    if (key === 'ref') return { type: 'ref' }
    if (key === 'value') return { type: 'data' }

    if (INDEX.test(key)) {
      index += 1
      continue
    }

    if (index + 1 === path.length) return { type: 'arguments', operator: key }
    const binds = key === 'exists' || key === 'all'
    if (binds && path[index + 1] === '1' && index + 2 === path.length) {
      return { type: 'binder', operator: key }
    }
    index += 2
  }
  return { type: 'expression' }
}
