import { compilePolicies } from './engine/compile-policies.js'
import type { CompiledPolicySet } from './engine/compiled.js'
import { PolicyInvalid } from './errors.js'
import type { PolicyIssue } from './errors.js'
import type { Policy } from './policy/document.js'
import { validatePolicies as validateDocuments } from './policy/validate.js'
import type { PolicyValidation } from './policy/validate.js'
import { copyPolicyJson } from './policy-json.js'

/**
 * A validated, compiled policy set with its revision. Immutable, so swapping one reference
 * swaps the whole set: no check ever sees a half-updated set.
 * @internal
 */
export class PolicySet {
  private constructor(
    readonly compiled: CompiledPolicySet,
    readonly revision: number,
  ) {}

  /** Validates and compiles policies; throws {@link PolicyInvalid} with every problem found. */
  static load(policies: readonly unknown[], revision: number): PolicySet {
    const loaded = load(policies)
    if (!loaded.ok) throw new PolicyInvalid(loaded.errors)
    return new PolicySet(loaded.compiled, revision)
  }
}

/**
 * Validates untyped policy documents, such as parsed JSON or YAML files, and returns them
 * typed, or every problem found with its JSON Pointer. A set this function accepts is one
 * `createAuthorizer` accepts: documents are checked against `policySchema`, then as a set
 * (imports, derived roles, variables, scopes, patterns), then compiled (attribute schemas and
 * literals). Never throws.
 *
 * @param json - one policy document or a list of them
 * @example
 * ```ts
 * const result = validatePolicies(JSON.parse(text))
 * if (!result.ok) {
 *   for (const { path, message } of result.errors) console.error(`${path}: ${message}`)
 * } else {
 *   authorizer.updatePolicies(result.policies)
 * }
 * ```
 */
export function validatePolicies(json: unknown): PolicyValidation {
  const loaded = load(json)
  return loaded.ok ? { ok: true, policies: loaded.policies } : loaded
}

type Loaded =
  | { readonly ok: true; readonly policies: Policy[]; readonly compiled: CompiledPolicySet }
  | { readonly ok: false; readonly errors: PolicyIssue[] }

function load(json: unknown): Loaded {
  const copied = copyPolicyJson(json)
  if (!copied.ok) return { ok: false, errors: [copied.issue] }

  const validated = validateDocuments(copied.value)
  if (!validated.ok) return validated

  const single = !Array.isArray(copied.value)
  try {
    return { ok: true, policies: validated.policies, compiled: compilePolicies(validated.policies) }
  } catch (error) {
    if (!(error instanceof PolicyInvalid)) throw error
    // Compiler paths start with the document's index; a single document has none.
    const errors = error.issues.map((issue) =>
      single ? { ...issue, path: issue.path.replace(/^\/0(?=\/|$)/, '') } : issue,
    )
    return { ok: false, errors }
  }
}
