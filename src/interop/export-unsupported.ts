import { AuthzError } from '../errors.js'

/** One construct that `toCerbos` cannot write in a form the Cerbos PDP decides the same way. */
export interface ExportIssue {
  /** Id of the policy, such as `resource.document.vdefault/acme` or `derived_roles.common`. */
  readonly policy: string
  /** Name of the rule, derived role or variable holding the construct; null for the policy. */
  readonly rule: string | null
  /** The construct, such as `operator "mod"`, `ref "delegation.depth"` or `rolePolicy`. */
  readonly construct: string
  /** JSON Pointer of the construct in the policy list. */
  readonly path: string
  /** Why the Cerbos PDP would decide differently. */
  readonly message: string
}

/**
 * Thrown by `toCerbos` when policies use constructs that have no faithful Cerbos form, so that
 * no exported document decides differently from hopgate. `issues` lists every such construct
 * with its policy, rule and JSON path.
 */
export class ExportUnsupported extends AuthzError {
  /** Every construct found, in document order. */
  readonly issues: readonly ExportIssue[]

  constructor(issues: readonly ExportIssue[]) {
    const [first] = issues
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super('ERR_EXPORT_UNSUPPORTED', `cannot export to Cerbos: ${describe(first)}${more}`)
    this.issues = Object.freeze([...issues])
  }
}

function describe(issue: ExportIssue | undefined): string {
  if (issue === undefined) return 'no issue reported'
  const where = issue.rule === null ? issue.policy : `${issue.policy}#${issue.rule}`
  return `${where}: ${issue.construct}: ${issue.message}`
}
