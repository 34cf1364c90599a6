import type { Decision, ReasonCode } from '../engine/decision.js'
import type { PrincipalKind } from '../engine/model.js'
import type { Effect } from '../policy/document.js'

/**
 * What the decision log keeps of one decision. It never holds a raw token, and claims only
 * as far as they became principal ids.
 */
export interface DecisionRecord {
  /** The check's instant, as an RFC 3339 string. */
  readonly time: string
  readonly requestId: string | null
  /** The principal of a direct call; null under on-behalf-of. */
  readonly principal: string | null
  /** The acting workload or agent under on-behalf-of. */
  readonly actor: string | null
  /** The user the actor acts for. */
  readonly subject: string | null
  /** Kind of each evaluated principal (`user`, `workload` or `agent`), null where absent. */
  readonly kinds: {
    readonly principal: PrincipalKind | null
    readonly actor: PrincipalKind | null
    readonly subject: PrincipalKind | null
  }
  /** Actor ids, current actor first. */
  readonly chain: readonly string[]
  readonly resource: { readonly kind: string; readonly id: string } | null
  readonly action: string | null
  readonly effect: Effect
  /** The deciding policy: that of the first denying evaluation, else of the last one. */
  readonly policy: string | null
  readonly rule: string | null
  readonly reasons: readonly ReasonCode[]
  /** Whether the decision came from the decision cache. */
  readonly cacheHit: boolean
  readonly revision: number
}

/** @internal The request facts a record is built from. */
export interface RecordFacts {
  readonly now: number
  readonly requestId: string | null
  readonly resource: { readonly kind: string; readonly id: string } | null
  readonly action: string | null
  readonly chain: readonly string[]
  readonly kinds: DecisionRecord['kinds']
}

/** @internal Builds the record of a decision. */
export function buildRecord(decision: Decision, facts: RecordFacts): DecisionRecord {
  const evaluations = decision.evaluations
  const deciding =
    evaluations.find((evaluation) => evaluation.effect === 'deny') ?? evaluations.at(-1)
  const idOf = (as: string): string | null =>
    evaluations.find((evaluation) => evaluation.as === as)?.principal ?? null

  return {
    time: new Date(facts.now).toISOString(),
    requestId: facts.requestId,
    principal: idOf('principal'),
    actor: idOf('actor'),
    subject: idOf('subject'),
    chain: [...facts.chain],
    kinds: { ...facts.kinds },
    resource: facts.resource === null ? null : { ...facts.resource },
    action: facts.action,
    effect: decision.effect,
    policy: deciding?.policy ?? null,
    rule: deciding?.rule ?? null,
    reasons: [...decision.reasons],
    cacheHit: false,
    revision: decision.revision,
  }
}

/**
 * Calls a decision sink so that it can never change a decision: a throw or a rejected promise
 * is caught and handed to `onError`.
 * @internal
 */
export function deliver(
  sink: ((record: DecisionRecord) => unknown) | undefined,
  record: () => DecisionRecord,
  onError: ((error: unknown) => void) | undefined,
): void {
  if (sink === undefined) return

  const report = (error: unknown): void => {
    try {
      onError?.(error)
    } catch {
      // An error handler that throws is ignored as well: the decision stands.
    }
  }

  try {
    const result = sink(record())
    if (result instanceof Promise) result.catch(report)
  } catch (error) {
    report(error)
  }
}
