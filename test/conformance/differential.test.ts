import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { Engines } from './engines.js'
import { stopAllPdps } from './pdp.js'
import { scenarioArbitrary, type Scenario } from './grammar/scenario.js'
import { namespaced } from './namespace.js'
import { describeDisagreement } from './report.js'
import { differentialSettings } from './settings.js'

const settings = differentialSettings()
const arbitrary = scenarioArbitrary(settings.requests)
const running = new Set<Engines>()

/** Upper bound of a run: about 30 ms a case on a 2-core VM, plus three minutes of shrinking. */
const timeout = 360_000 + settings.cases * 60

afterAll(async () => {
  await Promise.all([...running].map((engines) => engines.stop()))
  await stopAllPdps()
})

describe('hopgate and the Cerbos PDP', () => {
  it(
    `decide alike on ${settings.cases} generated cases`,
    async () => {
      console.log(
        `differential: ${settings.cases} cases, seed ${settings.seed} (replay with HOPGATE_DIFFERENTIAL_SEED=${settings.seed})`,
      )
      const totals = { cases: 0, decisions: 0, outputs: 0, known: {} as Record<string, number> }
      let start = 0

      while (totals.cases < settings.cases) {
        const batch = sampleBatch(start, settings.cases - totals.cases)
        const began = Date.now()
        const result = await withEngines(batch, (engines) => engines.compare(batch))
        console.log(
          `differential: scenarios ${start} to ${start + batch.length - 1}: ${result.cases} cases in ${Math.round((Date.now() - began) / 1000)} s`,
        )
        totals.cases += result.cases
        totals.decisions += result.decisions
        totals.outputs += result.outputsCompared
        for (const [label, count] of Object.entries(result.known)) {
          totals.known[label] = (totals.known[label] ?? 0) + count
        }

        const [first] = result.disagreements
        if (first !== undefined) {
          const index = start + first.scenarioIndex
          const unshrunk = describeDisagreement(batch[first.scenarioIndex] as Scenario, first)
          expect.fail(await shrink(index, unshrunk, result.disagreements.length))
        }
        start += batch.length
      }
      console.log(
        `differential: ${totals.cases} cases in ${start} scenarios, ${totals.decisions} decisions and ${totals.outputs} output sets compared, no disagreement; known differences left out: ${JSON.stringify(totals.known)}`,
      )
    },
    timeout,
  )
})

/**
 * Samples the scenarios of one store, from run `start` of the seed on, and namespaces them.
 * The batch stops early once its requests reach `cases`.
 */
function sampleBatch(start: number, cases: number): Scenario[] {
  const sampled = fc.sample(arbitrary, {
    seed: settings.seed,
    path: String(start),
    numRuns: settings.scenariosPerStore,
  })
  const batch: Scenario[] = []
  let count = 0
  for (const scenario of sampled) {
    if (count >= cases) break
    batch.push(namespaced(scenario, `c${start + batch.length}`))
    count += scenario.requests.length
  }
  return batch
}

async function withEngines<T>(
  scenarios: readonly Scenario[],
  use: (engines: Engines) => Promise<T>,
): Promise<T> {
  const engines = await Engines.start(scenarios.flatMap((value) => value.policies))
  running.add(engines)
  try {
    return await use(engines)
  } finally {
    running.delete(engines)
    await engines.stop()
  }
}

/**
 * Replays scenario `index` alone in a fresh store and lets fast-check shrink it, one PDP per
 * attempt, for at most three minutes. Returns the smallest disagreement found, or the original
 * one when the scenario agrees alone, so that the disagreement needs other scenarios.
 */
async function shrink(index: number, unshrunk: string, count: number) {
  let smallest: string | undefined
  let attempts = 0
  const property = fc.asyncProperty(arbitrary, async (value) => {
    attempts++
    const single = namespaced(value, 'c0')
    const result = await withEngines([single], (engines) => engines.compare([single]))
    const [first] = result.disagreements
    if (first === undefined) return true
    smallest = describeDisagreement(single, first)
    return false
  })
  await fc.check(property, {
    seed: settings.seed,
    numRuns: 1,
    path: String(index),
    plugins: [fc.interruptAfterTimeLimit(180_000, { failOnInterrupt: true })],
  })

  const header = `${count} disagreement(s); the first in scenario ${index} of seed ${settings.seed}`
  if (smallest === undefined) {
    return `${header}, which agrees alone in a store, so it is shown unshrunk:\n${unshrunk}`
  }
  return `${header}, shrunk in ${attempts} attempts:\n${smallest}`
}
