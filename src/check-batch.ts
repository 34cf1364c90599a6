import type { Decision, Output, ValidationError } from './engine/decision.js'
import type { ResourceValue } from './engine/model.js'
import type { Parties } from './engine/participants.js'
import { isPlainObject, readAction, readResource } from './engine/request-values.js'
import type { RequestProblem } from './engine/request-values.js'
import type { Effect } from './policy/document.js'
import type { PolicySet } from './policy-set.js'
import type { CheckResourcesRequest, CheckResourcesResult, ResourceResult } from './requests.js'

/** @internal What a batch check needs from the authorizer. */
export interface BatchContext {
  readonly policies: PolicySet
  readParties(input: Record<string, unknown>): Parties | RequestProblem
  decide(
    policies: PolicySet,
    parties: Parties,
    resource: ResourceValue,
    action: string,
    now: number | RequestProblem,
  ): Decision
  now(): number | RequestProblem
  invalid(problem: RequestProblem): Decision
  record(decision: Decision, input: Record<string, unknown>, chain: readonly string[]): void
}

/** @internal Upper bounds of a batch, so one request cannot make unbounded work. */
export const BATCH_LIMITS = { resources: 1000, actions: 100 } as const

/**
 * Decides every action on every resource for one principal, reading the clock once. A bad
 * entry denies its own actions; a bad principal denies every action.
 * @internal
 */
export function checkBatch(
  request: CheckResourcesRequest,
  context: BatchContext,
): CheckResourcesResult {
  const input: Record<string, unknown> = isPlainObject(request) ? request : {}
  const entries = input['resources']
  if (!Array.isArray(entries) || entries.length > BATCH_LIMITS.resources) return { results: [] }

  const parties = context.readParties(input)
  const now = context.now()
  const results = entries.map((entry: unknown, index) =>
    checkEntry(entry, `/resources/${index}`, parties, now, context),
  )
  return { results }
}

function checkEntry(
  entry: unknown,
  path: string,
  parties: Parties | RequestProblem,
  now: number | RequestProblem,
  context: BatchContext,
): ResourceResult {
  const record = isPlainObject(entry) ? entry : {}
  const resource = readResource(record['resource'], `${path}/resource`)
  const rawActions = Array.isArray(record['actions']) ? (record['actions'] as unknown[]) : []
  const actions = rawActions.slice(0, BATCH_LIMITS.actions)

  const effects = Object.create(null) as Record<string, Effect>
  const decisions = Object.create(null) as Record<string, Decision>
  const outputs: Output[] = []
  const validationErrors: ValidationError[] = []

  actions.forEach((rawAction, index) => {
    const action = readAction(rawAction, `${path}/actions/${index}`)
    if (typeof action !== 'string') return

    const decision = decideOne(parties, resource, action, now, context)
    effects[action] = decision.effect
    decisions[action] = decision
    outputs.push(...decision.outputs)
    validationErrors.push(...decision.validationErrors)
    context.record(
      decision,
      { ...record, action },
      'message' in parties ? [] : parties.delegation.chain,
    )
  })

  return {
    resource:
      'message' in resource
        ? describe(record['resource'])
        : { kind: resource.kind, id: resource.id },
    actions: effects,
    outputs,
    validationErrors: dedupe(validationErrors),
    decisions,
  }
}

function decideOne(
  parties: Parties | RequestProblem,
  resource: ResourceValue | RequestProblem,
  action: string,
  now: number | RequestProblem,
  context: BatchContext,
): Decision {
  if ('message' in parties) return context.invalid(parties)
  if ('message' in resource) return context.invalid(resource)
  return context.decide(context.policies, parties, resource, action, now)
}

function describe(resource: unknown): { kind: string; id: string } {
  const record = isPlainObject(resource) ? resource : {}
  const kind = typeof record['kind'] === 'string' ? record['kind'] : ''
  const id = typeof record['id'] === 'string' ? record['id'] : ''
  return { kind, id }
}

function dedupe(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>()
  return errors.filter((error) => {
    const key = `${error.source}\u0000${error.path}\u0000${error.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
