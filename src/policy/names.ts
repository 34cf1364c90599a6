/**
 * Name patterns of policy documents, shared by the JSON Schema and the error messages. They
 * follow the field rules of Cerbos policies (`api.cerbos.dev/v1`), with two changes: rule
 * names must not be empty, and the rule-name pattern is written without its nested
 * quantifier, which matched the same strings but backtracked exponentially.
 * @internal
 */
export const NAME_PATTERNS = {
  /** Any string but `''`. A pattern rather than `minLength`, which needs an ajv runtime helper. */
  nonEmpty: '^[\\s\\S]',
  /** A resource kind, principal id or role name: anything but glob characters. */
  literal: '^[^!*?\\[\\]{}]+$',
  /** A policy version. */
  version: '^\\w+$',
  /** A dot-separated scope, or `''` for the root scope. */
  scope: '^(|[0-9a-zA-Z][\\w\\-]*(\\.\\w[\\w\\-]*)*)$',
  /** A rule name. */
  rule: '^[a-zA-Z][\\w@.\\-]*$',
  /** A derived role name, or the name of a derived roles, variables or constants set. */
  setName: '^[\\w\\-.]+$',
  /** A variable, constant or bound variable name: an identifier. */
  identifier: '^[A-Za-z_][A-Za-z0-9_]*$',
} as const

/** The reason a value fails each pattern, phrased to follow the value. @internal */
export const PATTERN_HINTS: ReadonlyMap<string, string> = new Map([
  [NAME_PATTERNS.nonEmpty, 'must not be empty'],
  [NAME_PATTERNS.literal, 'must be non-empty and free of the glob characters !*?[]{}'],
  [NAME_PATTERNS.version, 'must be one or more letters, digits or "_"'],
  [
    NAME_PATTERNS.scope,
    'must be dot-separated segments of letters, digits, "_" and "-", each starting with a letter or digit',
  ],
  [NAME_PATTERNS.rule, 'must start with a letter and contain only letters, digits and "_@.-"'],
  [NAME_PATTERNS.setName, 'must be one or more letters, digits, "_", "-" or "."'],
  [
    NAME_PATTERNS.identifier,
    'must be an identifier: letters, digits and "_", not starting with a digit',
  ],
])

/** Characters that make a role name a glob. @internal */
export const GLOB_CHARACTERS = /[!*?[\]{}]/

const IDENTIFIER = new RegExp(NAME_PATTERNS.identifier)

/** Tells whether `name` is an identifier, so a `ref` can name it in its dotted form. @internal */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name)
}

/** Default name of the rule at `index` of a resource policy: `rule-001`, `rule-002`, ... @internal */
export function defaultRuleName(index: number): string {
  return `rule-${String(index + 1).padStart(3, '0')}`
}

/**
 * Default name of the action rule at `index` of a principal policy entry for `resource`,
 * prefixed with the resource as Cerbos does: `document_rule-001`.
 * @internal
 */
export function defaultPrincipalRuleName(resource: string, index: number): string {
  return `${resource}_${defaultRuleName(index)}`
}

/**
 * Builds the id of a resource, principal or role policy the way Cerbos names it, for example
 * `resource.document.vdefault` or `resource.document.vdefault/acme`.
 * @internal
 */
export function policyId(
  type: 'resource' | 'principal' | 'role',
  name: string,
  version: string | undefined,
  scope: string | undefined,
): string {
  const base = `${type}.${name}.v${version ?? 'default'}`
  return scope === undefined || scope === '' ? base : `${base}/${scope}`
}
