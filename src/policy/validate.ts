import type { PolicyIssue } from '../errors.js'
import { findTooDeep, MAX_DOCUMENT_DEPTH } from './depth.js'
import type { Policy } from './document.js'
import { pointer } from './pointer.js'
import { schemaIssues } from './schema-issues.js'
import { checkSemantics } from './semantic.js'
import { validate as validateDocument } from './validator.generated.js'

/** The result of {@link validatePolicies}. */
export type PolicyValidation =
  | { readonly ok: true; readonly policies: Policy[] }
  | { readonly ok: false; readonly errors: PolicyIssue[] }

/**
 * Maximum number of issues reported for one call. Hostile input can produce an issue per
 * value, so past the limit one last issue reports how many were left out.
 */
export const MAX_REPORTED_ISSUES = 100

/**
 * Validates untyped policy documents, such as parsed JSON or YAML files, and returns them
 * typed, or every problem found. Each document is first checked against `policySchema`.
 * When all pass, the set is checked as a whole. For example, imports must exist, derived
 * roles and variables must be defined and unambiguous, and variables must not form cycles.
 * Scoped policies need their parent scopes, and `matches` patterns must be safe.
 *
 * Never throws: input that cannot even be read, such as a proxy whose traps throw, is
 * reported as an issue. Paths are JSON Pointers, `/0/resourcePolicy/rules/1/actions` for a
 * list or `/resourcePolicy/rules/1/actions` for a single document. The documents are returned
 * as they were given, with no defaults filled in.
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
  try {
    return validateAll(json)
  } catch (error) {
    // Values that JSON cannot produce, such as proxies whose traps throw, end up here.
    const message = `policies could not be read: ${reasonOf(error)}`
    return { ok: false, errors: [{ code: 'ERR_POLICY_INVALID', path: '', message }] }
  }
}

/** Returns the first line of an error's message, or a fixed text if even that throws. */
function reasonOf(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error)
    return text.split('\n')[0] ?? ''
  } catch {
    return 'the thrown value could not be read either'
  }
}

function validateAll(json: unknown): PolicyValidation {
  const list = Array.isArray(json)
  const documents: readonly unknown[] = list ? json : [json]
  const prefixOf = (index: number) => (list ? `/${index}` : '')

  const structural = documents.flatMap((document, index) =>
    checkDocument(document, prefixOf(index)),
  )
  if (structural.length > 0) return failure(structural)

  const policies = [...documents] as Policy[]
  const semantic = checkSemantics(policies, prefixOf)
  if (semantic.length > 0) return failure(semantic)

  return { ok: true, policies }
}

function checkDocument(document: unknown, prefix: string): PolicyIssue[] {
  const tooDeep = findTooDeep(document, MAX_DOCUMENT_DEPTH)
  if (tooDeep !== undefined) {
    const message = `document nested deeper than ${MAX_DOCUMENT_DEPTH} levels`
    return [{ code: 'ERR_POLICY_INVALID', path: pointer(prefix, tooDeep), message }]
  }

  if (validateDocument(document)) return []
  return schemaIssues(validateDocument.errors ?? [], document, prefix)
}

function failure(errors: PolicyIssue[]): PolicyValidation {
  if (errors.length <= MAX_REPORTED_ISSUES) return { ok: false, errors }

  const shown = errors.slice(0, MAX_REPORTED_ISSUES)
  const message = `too many problems: ${errors.length - MAX_REPORTED_ISSUES} more not shown`
  return { ok: false, errors: [...shown, { code: 'ERR_POLICY_INVALID', path: '', message }] }
}
