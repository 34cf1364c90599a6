import { createAuthorizer, type Authorizer } from '../../src/authorizer.js'
import type { Decision, Output } from '../../src/engine/decision.js'
import { compileGlob } from '../../src/engine/glob.js'
import type { Policy } from '../../src/policy/document.js'
import type { ResourceResult } from '../../src/requests.js'
import { toCerbos } from '../../src/interop/to-cerbos.js'
import type { Scenario, ScenarioRequest } from './grammar/scenario.js'
import { startPdp, type Pdp } from './pdp.js'
import { writeStore, type Store } from './store.js'

/** Requests in flight to the PDP at once. */
const CONCURRENCY = 6

/** What Cerbos returns for one resource of a CheckResources request. */
export interface CerbosResult {
  readonly actions: Readonly<Record<string, string>>
  readonly outputs?: readonly {
    readonly src: string
    readonly action: string
    readonly val?: unknown
  }[]
  readonly validationErrors?: readonly unknown[]
}

/** One decision or output set that differs between the engines. */
export interface Disagreement {
  /** Index of the scenario in the batch. */
  readonly scenarioIndex: number
  readonly request: ScenarioRequest
  readonly resourceIndex: number
  readonly action: string
  readonly what: 'effect' | 'outputs'
  readonly hopgate: {
    readonly effect: string
    readonly decision: Decision
    readonly outputs: unknown
  }
  readonly cerbos: { readonly result: CerbosResult; readonly outputs: unknown }
}

/** Both engines loaded with the same policies: hopgate in process, Cerbos as a PDP. */
export class Engines {
  private constructor(
    readonly authorizer: Authorizer,
    readonly pdp: Pdp,
    readonly store: Store,
  ) {}

  /** Exports `policies`, writes them to a fresh store and starts a PDP on it. */
  static async start(policies: readonly Policy[]): Promise<Engines> {
    const exported = toCerbos(policies)
    const store = await writeStore(exported.files)
    const authorizer = createAuthorizer({ policies, lenientScopeSearch: false })
    try {
      const timeout = 60_000 + exported.files.length * 40
      const pdp = await startPdp(store.directory, exported.pdpConfig, timeout)
      return new Engines(authorizer, pdp, store)
    } catch (error) {
      await store.remove()
      throw error
    }
  }

  async stop(): Promise<void> {
    await this.pdp.stop()
    await this.store.remove()
  }

  /** Sends every request of `scenarios` to both engines and returns where they differ. */
  async compare(scenarios: readonly Scenario[]): Promise<Comparison> {
    const jobs = scenarios.flatMap((value, scenarioIndex) =>
      value.requests.map((request) => ({ scenarioIndex, request, policies: value.policies })),
    )
    const comparison: Comparison = {
      cases: jobs.length,
      decisions: 0,
      outputsCompared: 0,
      known: {},
      disagreements: [],
    }
    let next = 0
    const worker = async () => {
      for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
        const cerbos = await this.#cerbos(job.request)
        this.#compareOne(job.scenarioIndex, job.request, job.policies, cerbos, comparison)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    comparison.disagreements.sort((a, b) => a.scenarioIndex - b.scenarioIndex)
    return comparison
  }

  async #cerbos(request: ScenarioRequest): Promise<readonly CerbosResult[]> {
    const response = await fetch(`${this.pdp.url}/api/check/resources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
    const body = (await response.json()) as { results?: CerbosResult[] }
    if (!response.ok || body.results === undefined) {
      throw new Error(
        `Cerbos rejected a request (HTTP ${response.status}): ${JSON.stringify(body)}\nrequest: ${JSON.stringify(request)}`,
      )
    }
    return body.results
  }

  #compareOne(
    scenarioIndex: number,
    request: ScenarioRequest,
    policies: readonly Policy[],
    cerbos: readonly CerbosResult[],
    comparison: Comparison,
  ): void {
    const hopgate = this.authorizer.checkResources(request).results
    const found = comparison.disagreements

    request.resources.forEach((entry, resourceIndex) => {
      const ours = hopgate[resourceIndex] as ResourceResult
      const theirs = cerbos[resourceIndex] as CerbosResult
      const base = { scenarioIndex, request, resourceIndex }

      for (const action of entry.actions) {
        comparison.decisions++
        const effect = ours.actions[action] ?? 'missing'
        const cerbosEffect = theirs.actions[action] === 'EFFECT_ALLOW' ? 'allow' : 'deny'
        if (effect === cerbosEffect) continue
        const known = knownDifference(ours.decisions[action], theirs)
        if (known !== undefined) {
          comparison.known[known] = (comparison.known[known] ?? 0) + 1
          continue
        }
        found.push({
          ...base,
          action,
          what: 'effect',
          hopgate: { effect, decision: ours.decisions[action] as Decision, outputs: ours.outputs },
          cerbos: { result: theirs, outputs: theirs.outputs ?? [] },
        })
      }

      const [first] = entry.actions
      const decision = first === undefined ? undefined : ours.decisions[first]
      if (first === undefined || decision === undefined) return
      if (!outputsComparable(request, policies, first, decision)) return
      if ((theirs.validationErrors ?? []).length > 0) {
        const known = 'outputs where a reject schema failed'
        comparison.known[known] = (comparison.known[known] ?? 0) + 1
        return
      }
      comparison.outputsCompared++
      const mine = outputSet(ours.outputs.filter((output) => output.action === first))
      const other = outputSet((theirs.outputs ?? []).filter((output) => output.action === first))
      if (mine.join('\n') === other.join('\n')) return
      found.push({
        ...base,
        action: first,
        what: 'outputs',
        hopgate: { effect: ours.actions[first] ?? 'missing', decision, outputs: mine },
        cerbos: { result: theirs, outputs: other },
      })
    })
  }
}

/** What one comparison found. */
export interface Comparison {
  /** Requests compared, one case each. */
  cases: number
  /** Actions compared, summed over requests and resources. */
  decisions: number
  /** First actions whose outputs were compared. */
  outputsCompared: number
  /** Differences left out because they are known, by label. */
  readonly known: Record<string, number>
  readonly disagreements: Disagreement[]
}

/**
 * Labels a difference that is known and reported rather than a fault of the export.
 *
 * Both engines validate attribute schemas before any policy decides, so a principal policy
 * never decides under a failed `reject` schema and this label counts nothing; it stays so
 * that a regression shows up in the report.
 */
function knownDifference(decision: Decision | undefined, cerbos: CerbosResult): string | undefined {
  const policy = decision?.evaluations[0]?.policy ?? ''
  if (policy.startsWith('principal.') && (cerbos.validationErrors ?? []).length > 0) {
    return 'principal policy decided although a reject schema failed'
  }
  return undefined
}

/**
 * Tells whether the engines define the outputs of a resource's first action alike. Cerbos
 * evaluates a principal's roles one at a time and stops at the first allowing role, stops
 * evaluating a scope at the first matching deny, and, later in the same request, reuses a
 * cached result of a derived role's condition in a way that emits `conditionNotMet` outputs.
 * So outputs compare for one-role principals, for the first action of each resource, when
 * no deny rule matched. They also differ where hopgate's strict scope search skips a
 * principal's policies and the export adds a scope test to their conditions instead.
 */
function outputsComparable(
  request: ScenarioRequest,
  policies: readonly Policy[],
  action: string,
  decision: Decision,
): boolean {
  if (request.principal.roles.length !== 1) return false
  if (decision.reasons.includes('DENIED_BY_RULE')) return false
  if (matchesTwice(policies, action)) return false
  return !skipsPrincipalPolicies(request, policies)
}

/**
 * Tells whether a resource rule has two action globs that both match `action`. Cerbos then
 * evaluates the rule twice (see `distinctPatterns` in the export), so its outputs can repeat
 * a `conditionNotMet` that hopgate does not emit.
 */
function matchesTwice(policies: readonly Policy[], action: string): boolean {
  return policies.some(
    (policy) =>
      'resourcePolicy' in policy &&
      policy.resourcePolicy.rules.some(
        (rule) =>
          rule.actions.filter((pattern) => pattern.includes('*') && compileGlob(pattern)(action))
            .length > 1,
      ),
  )
}

function skipsPrincipalPolicies(request: ScenarioRequest, policies: readonly Policy[]): boolean {
  const { id, policyVersion = 'default', scope } = request.principal
  const leaf = scope === undefined || scope === '.' ? '' : scope
  const own = policies.flatMap((policy) =>
    'principalPolicy' in policy &&
    policy.principalPolicy.principal === id &&
    (policy.principalPolicy.version ?? 'default') === policyVersion
      ? [policy.principalPolicy.scope ?? '']
      : [],
  )
  return own.length > 0 && !own.includes(leaf)
}

/** Outputs as sorted, deduplicated `[src, val]` texts; Cerbos may repeat an output per role. */
function outputSet(outputs: readonly (Output | { src: string; val?: unknown })[]): string[] {
  const texts = outputs.map((output) =>
    JSON.stringify([
      output.src,
      'val' in output ? output.val : 'error' in output ? { error: output.error } : null,
    ]),
  )
  return [...new Set(texts)].sort()
}
