import type { Attributes, PrincipalKind, PrincipalValue, ResourceValue } from './model.js'
import { normalizeScope } from './scope-chain.js'

/** @internal A problem with an untrusted request, with its JSON Pointer. */
export interface RequestProblem {
  readonly path: string
  readonly message: string
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze(Object.create(null) as Attributes)
const VERSION_PATTERN = /^\w+$/
const KINDS: ReadonlySet<string> = new Set<PrincipalKind>(['user', 'workload', 'agent'])
const PRINCIPAL_KEYS = new Set(['id', 'roles', 'attr', 'policyVersion', 'scope', 'kind'])
const RESOURCE_KEYS = new Set(['kind', 'id', 'attr', 'policyVersion', 'scope'])

/**
 * Reads an untrusted principal into the form conditions see. Returns a problem instead of
 * throwing; unknown keys are problems too, so a misspelt field never passes silently.
 * @internal
 */
export function readPrincipal(input: unknown, path: string): PrincipalValue | RequestProblem {
  if (!isPlainObject(input)) return { path, message: 'principal must be an object' }

  const unknown = unknownKey(input, PRINCIPAL_KEYS)
  if (unknown !== undefined) return { path: `${path}/${unknown}`, message: 'unknown field' }

  const { id, roles, kind } = input
  if (typeof id !== 'string' || id === '') {
    return { path: `${path}/id`, message: 'principal id must be a non-empty string' }
  }
  const heldRoles = readRoles(roles)
  if (heldRoles === undefined) {
    return { path: `${path}/roles`, message: 'roles must be a list of non-empty strings' }
  }
  if (kind !== undefined && (typeof kind !== 'string' || !KINDS.has(kind))) {
    return { path: `${path}/kind`, message: 'kind must be "user", "workload" or "agent"' }
  }

  const common = readCommon(input, path)
  if ('message' in common) return common
  return {
    id,
    kind: (kind ?? 'user') as PrincipalKind,
    roles: heldRoles,
    attr: common.attr,
    policyVersion: common.policyVersion,
    scope: common.scope,
  }
}

/** Reads an untrusted resource into the form conditions see. @internal */
export function readResource(input: unknown, path: string): ResourceValue | RequestProblem {
  if (!isPlainObject(input)) return { path, message: 'resource must be an object' }

  const unknown = unknownKey(input, RESOURCE_KEYS)
  if (unknown !== undefined) return { path: `${path}/${unknown}`, message: 'unknown field' }

  const { kind, id } = input
  if (typeof kind !== 'string' || kind === '') {
    return { path: `${path}/kind`, message: 'resource kind must be a non-empty string' }
  }
  if (typeof id !== 'string' || id === '') {
    return { path: `${path}/id`, message: 'resource id must be a non-empty string' }
  }

  const common = readCommon(input, path)
  if ('message' in common) return common
  return { kind, id, attr: common.attr, policyVersion: common.policyVersion, scope: common.scope }
}

/** Reads an action name. @internal */
export function readAction(input: unknown, path: string): string | RequestProblem {
  if (typeof input !== 'string' || input === '') {
    return { path, message: 'action must be a non-empty string' }
  }
  return input
}

/** True for an object whose prototype is `Object.prototype` or null. @internal */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

type Common = Pick<ResourceValue, 'attr' | 'policyVersion' | 'scope'>

function readCommon(input: Record<string, unknown>, path: string): Common | RequestProblem {
  const { attr, policyVersion } = input
  if (attr !== undefined && !isPlainObject(attr)) {
    return { path: `${path}/attr`, message: 'attr must be an object' }
  }
  if (
    policyVersion !== undefined &&
    (typeof policyVersion !== 'string' || !VERSION_PATTERN.test(policyVersion))
  ) {
    return { path: `${path}/policyVersion`, message: 'policyVersion must match ^\\w+$' }
  }

  const scope = normalizeScope(input['scope'])
  if (scope === undefined) return { path: `${path}/scope`, message: 'scope is not a valid scope' }

  return { attr: attr ?? EMPTY_ATTRIBUTES, policyVersion: policyVersion ?? 'default', scope }
}

// A copy, so a caller (or an attribute getter running mid-check) that edits its list cannot
// change the roles a check decides on. Holes in a sparse list are not strings, so they fail.
function readRoles(roles: unknown): readonly string[] | undefined {
  if (!Array.isArray(roles)) return undefined

  const copy: string[] = []
  for (let index = 0; index < roles.length; index++) {
    const role: unknown = roles[index]
    if (typeof role !== 'string' || role === '') return undefined
    copy.push(role)
  }
  return Object.freeze(copy)
}

function unknownKey(
  input: Record<string, unknown>,
  known: ReadonlySet<string>,
): string | undefined {
  for (const key of Object.keys(input)) if (!known.has(key)) return key
  return undefined
}
