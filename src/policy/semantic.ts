import type { PolicyIssue } from '../errors.js'
import type { Policy } from './document.js'
import { conditionRoots, constantRoots, variableRoots } from './expression-roots.js'
import { IssueCollector, indexPolicySet } from './semantic-context.js'
import type { PolicySet } from './semantic-context.js'
import { checkDerivedRoleImports } from './semantic-derived-roles.js'
import type { ExpressionSink } from './semantic-expressions.js'
import { walkConstant, walkExpression } from './semantic-expressions.js'
import { checkIdentities } from './semantic-identity.js'
import { checkRoleCycles } from './semantic-roles.js'
import { checkRules } from './semantic-rules.js'
import { checkVariables } from './semantic-variables.js'

/**
 * Checks a set of documents that passed the JSON Schema for what a schema cannot express,
 * within each document and across the set, and returns every problem found.
 * `prefixOf(index)` is the JSON Pointer of the document at `index`.
 * @internal
 */
export function checkSemantics(
  policies: readonly Policy[],
  prefixOf: (index: number) => string,
): PolicyIssue[] {
  const issues = new IssueCollector(prefixOf)
  const set = indexPolicySet(policies)

  checkIdentities(set, issues)
  checkRules(set, issues)
  checkRoleCycles(set, issues)
  checkDerivedRoleImports(set, issues)
  checkExpressions(set, issues)
  checkVariables(set, issues)

  return issues.issues
}

/** Walks every expression and constant of every document once, on its own. */
function checkExpressions(set: PolicySet, issues: IssueCollector): void {
  set.policies.forEach((policy, index) => {
    const sink: ExpressionSink = {
      issue(segments, message) {
        issues.report('ERR_CONDITION_INVALID', index, segments, message)
      },
      variable() {
        // Resolved in the context of each importing policy by checkVariables.
      },
      constant() {
        // Resolved by checkVariables too.
      },
    }

    for (const { expression, segments } of [...conditionRoots(policy), ...variableRoots(policy)]) {
      walkExpression(expression, segments, sink)
    }
    for (const { expression, segments } of constantRoots(policy)) {
      walkConstant(expression, segments, sink)
    }
  })
}
