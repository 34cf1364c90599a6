/** The seed under `CI=true`, so that a CI run compares the same cases every time. */
const CI_SEED = 20_260_412

/** Cases of the bounded run that `npm test` makes. */
const BOUNDED_CASES = 3_000

/** From this many cases on, scenarios carry more requests, so that fewer policy sets load. */
const LONG_RUN_CASES = 20_000

/**
 * Scenarios per Cerbos store. The PDP loads a scenario's policies in about 0.25 s on a
 * 2-core VM, so a store of 400 takes under two minutes to start.
 */
const SCENARIOS_PER_STORE = 400

/** How many cases the differential run compares, with which seed, in stores of what size. */
export interface DifferentialSettings {
  /** Cases (requests) to compare at least; the last scenario may add a few more. */
  readonly cases: number
  readonly seed: number
  /** Requests per scenario, from `min` to `max`. */
  readonly requests: { readonly min: number; readonly max: number }
  readonly scenariosPerStore: number
}

/**
 * Reads the run's settings: `HOPGATE_DIFFERENTIAL_CASES` sets the number of cases (set by
 * `npm run test:differential -- --cases N`), `HOPGATE_DIFFERENTIAL_SEED` replays a seed, and
 * otherwise the seed is fixed under `CI=true` and fresh elsewhere.
 */
export function differentialSettings(): DifferentialSettings {
  const cases = positiveInteger('HOPGATE_DIFFERENTIAL_CASES') ?? BOUNDED_CASES
  const seed =
    positiveInteger('HOPGATE_DIFFERENTIAL_SEED') ??
    (process.env['CI'] === 'true' ? CI_SEED : Math.floor(Math.random() * 2 ** 31))
  const requests = cases >= LONG_RUN_CASES ? { min: 20, max: 40 } : { min: 8, max: 16 }
  return { cases, seed, requests, scenariosPerStore: SCENARIOS_PER_STORE }
}

function positiveInteger(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(text)}`)
  }
  return value
}
