import type { ErrorCode, PolicyIssue } from '../errors.js'
import type {
  DerivedRolesBody,
  ExportConstantsBody,
  ExportVariablesBody,
  Policy,
} from './document.js'
import { pointer } from './pointer.js'
import type { Segments } from './pointer.js'
import type { PolicyKind } from './schema.js'

/** Collects issues found across a policy set, once each, in document order. @internal */
export class IssueCollector {
  readonly #issues = new Map<string, { readonly index: number; readonly issue: PolicyIssue }>()
  readonly #prefixOf: (index: number) => string

  /** `prefixOf` returns the JSON Pointer of the document at an index of the validated list. */
  constructor(prefixOf: (index: number) => string) {
    this.#prefixOf = prefixOf
  }

  /** Records a problem of the document at `index`, at `segments` inside it. */
  report(code: ErrorCode, index: number, segments: Segments, message: string): void {
    const path = pointer(this.#prefixOf(index), segments)
    this.#issues.set(`${path}\n${message}`, { index, issue: { code, path, message } })
  }

  /** Returns the JSON Pointer of the document at `index`. */
  documentPath(index: number): string {
    const path = this.#prefixOf(index)
    return path === '' ? '/' : path
  }

  /** Every issue recorded, sorted by document and otherwise in the order found. */
  get issues(): PolicyIssue[] {
    return [...this.#issues.values()].sort((a, b) => a.index - b.index).map(({ issue }) => issue)
  }
}

/** A named set and the position of its document in the list. @internal */
export interface Indexed<T> {
  readonly index: number
  readonly body: T
}

/** The policies being validated and their named sets, by name. @internal */
export interface PolicySet {
  readonly policies: readonly Policy[]
  readonly derivedRoles: ReadonlyMap<string, Indexed<DerivedRolesBody>>
  readonly variables: ReadonlyMap<string, Indexed<ExportVariablesBody>>
  readonly constants: ReadonlyMap<string, Indexed<ExportConstantsBody>>
}

/** Returns the kind of a document that passed the schema: its single top-level key. @internal */
export function kindOf(policy: Policy): PolicyKind {
  return Object.keys(policy)[0] as PolicyKind
}

/** Indexes the named sets of `policies`; the first of two sets with one name wins. @internal */
export function indexPolicySet(policies: readonly Policy[]): PolicySet {
  const derivedRoles = new Map<string, Indexed<DerivedRolesBody>>()
  const variables = new Map<string, Indexed<ExportVariablesBody>>()
  const constants = new Map<string, Indexed<ExportConstantsBody>>()

  policies.forEach((policy, index) => {
    if ('derivedRoles' in policy) addFirst(derivedRoles, policy.derivedRoles, index)
    else if ('exportVariables' in policy) addFirst(variables, policy.exportVariables, index)
    else if ('exportConstants' in policy) addFirst(constants, policy.exportConstants, index)
  })
  return { policies, derivedRoles, variables, constants }
}

function addFirst<T extends { readonly name: string }>(
  map: Map<string, Indexed<T>>,
  body: T,
  index: number,
): void {
  if (!map.has(body.name)) map.set(body.name, { index, body })
}
