import { parse } from 'yaml'
import type { Expression } from '../../src/condition/expression.js'
import type { Policy } from '../../src/policy/document.js'
import { toCerbos, type CerbosExportOptions } from '../../src/interop/to-cerbos.js'

/** Exports `policies` and returns each file parsed, by path. */
export function exported(
  policies: readonly Policy[],
  options: CerbosExportOptions = {},
): Record<string, Record<string, unknown>> {
  const files: Record<string, Record<string, unknown>> = {}
  for (const file of toCerbos(policies, options).files) {
    files[file.path] = (
      file.path.endsWith('.json') ? JSON.parse(file.content) : parse(file.content)
    ) as Record<string, unknown>
  }
  return files
}

/** Returns the rules of the exported resource policy at `path`. */
export function rulesOf(
  files: Record<string, Record<string, unknown>>,
  path: string,
): Record<string, unknown>[] {
  const document = files[path] as
    { resourcePolicy: { rules: Record<string, unknown>[] } } | undefined
  if (document === undefined)
    throw new Error(`no exported file ${path}: ${Object.keys(files).join(', ')}`)
  return document.resourcePolicy.rules
}

/** Builds a resource policy for kind `document` with one allow rule for `*` under `when`. */
export function withCondition(
  when: Expression,
  variables: Record<string, Expression> = {},
): Policy[] {
  const block = Object.keys(variables).length === 0 ? {} : { variables: { local: variables } }
  return [
    {
      resourcePolicy: {
        resource: 'document',
        ...block,
        rules: [{ actions: ['read'], effect: 'allow', roles: ['*'], when }],
      },
    },
  ]
}

/** Exports `when` as the condition of a rule and returns its CEL. */
export function celOf(when: Expression, variables: Record<string, Expression> = {}): string {
  const [rule] = rulesOf(
    exported(withCondition(when, variables)),
    'resource_policies/document.vdefault.yaml',
  )
  return (rule as { condition: { match: { expr: string } } }).condition.match.expr
}
