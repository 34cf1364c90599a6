import { compilePolicies } from './engine/compile-policies.js'
import type { CompiledPolicySet } from './engine/compiled.js'
import { PolicyInvalid } from './errors.js'
import { validatePolicies } from './policy/validate.js'

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
    const result = validatePolicies(policies)
    if (!result.ok) throw new PolicyInvalid(result.errors)

    // The compiled set must not change when the caller later mutates its policy objects.
    const copy = structuredClone(result.policies)
    return new PolicySet(compilePolicies(copy), revision)
  }
}
