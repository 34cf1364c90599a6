import type { RequestFacts } from './authorizer.js'
import { sortOutputs, unique } from './engine/decide.js'
import type { Decision, DecisionError, Output, ValidationError } from './engine/decision.js'
import type { ResourceValue } from './engine/model.js'
import { kindsOf } from './engine/participants.js'
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
  decide(policies: PolicySet, parties: Parties, resource: ResourceValue, action: string): Decision
  invalid(problem: RequestProblem): Decision
  record(decision: Decision, facts: RequestFacts): void
}

/**
 * Upper bounds of a batch, so one request cannot make unbounded work. Entries past a bound
 * are not evaluated but still get a result, in which every action they name is denied.
 * @internal
 */
export const BATCH_LIMITS = { resources: 1000, actions: 100 } as const

/**
 * Decides every action on every resource for one principal at one instant. A bad entry
 * denies its own actions; a bad principal denies every action.
 * @internal
 */
export function checkBatch(
  request: CheckResourcesRequest,
  context: BatchContext,
): CheckResourcesResult {
  try {
    if (!isPlainObject(request)) return failed('', 'request must be an object')
    const input: Record<string, unknown> = request
    const entries: unknown = input['resources']
    if (!Array.isArray(entries)) return failed('/resources', 'resources must be a list')

    let parties = context.readParties(input)
    if (entries.length > BATCH_LIMITS.resources) {
      const message = `a batch holds at most ${String(BATCH_LIMITS.resources)} resources`
      parties = { path: '/resources', message }
    }
    const results = entries.map((entry: unknown, index) =>
      checkEntry(entry, `/resources/${String(index)}`, parties, context),
    )
    return { results, errors: [] }
  } catch {
    return failed('', 'request could not be read')
  }
}

function checkEntry(
  entry: unknown,
  path: string,
  parties: Parties | RequestProblem,
  context: BatchContext,
): ResourceResult {
  const record = isPlainObject(entry) ? entry : {}
  const resource = readResource(record['resource'], `${path}/resource`)
  const actions: unknown[] = Array.isArray(record['actions']) ? record['actions'] : []

  const effects = Object.create(null) as Record<string, Effect>
  const decisions = Object.create(null) as Record<string, Decision>
  const outputs: Output[] = []
  const validationErrors: ValidationError[] = []
  const chain = 'message' in parties ? [] : parties.delegation.chain
  const kinds =
    'message' in parties ? { principal: null, actor: null, subject: null } : kindsOf(parties)
  const facts = 'message' in resource ? null : { kind: resource.kind, id: resource.id }

  actions.forEach((rawAction, index) => {
    const action = readAction(rawAction, `${path}/actions/${String(index)}`)
    if (typeof action !== 'string') return

    const decision =
      index < BATCH_LIMITS.actions
        ? decideOne(parties, resource, action, context)
        : context.invalid({
            path: `${path}/actions`,
            message: `a resource holds at most ${String(BATCH_LIMITS.actions)} actions`,
          })
    effects[action] = decision.effect
    decisions[action] = decision
    outputs.push(...decision.outputs)
    validationErrors.push(...decision.validationErrors)
    context.record(decision, { requestId: null, resource: facts, action, chain, kinds })
  })

  return {
    resource: facts ?? describe(record['resource']),
    actions: effects,
    outputs: sortOutputs(unique(outputs)),
    validationErrors: unique(validationErrors),
    decisions,
  }
}

function decideOne(
  parties: Parties | RequestProblem,
  resource: ResourceValue | RequestProblem,
  action: string,
  context: BatchContext,
): Decision {
  if ('message' in parties) return context.invalid(parties)
  if ('message' in resource) return context.invalid(resource)
  return context.decide(context.policies, parties, resource, action)
}

function failed(path: string, message: string): CheckResourcesResult {
  const error: DecisionError = {
    code: 'ERR_REQUEST_INVALID',
    policy: null,
    rule: null,
    path,
    message,
  }
  return { results: [], errors: [error] }
}

function describe(resource: unknown): { kind: string; id: string } {
  const record = isPlainObject(resource) ? resource : {}
  const kind = typeof record['kind'] === 'string' ? record['kind'] : ''
  const id = typeof record['id'] === 'string' ? record['id'] : ''
  return { kind, id }
}
