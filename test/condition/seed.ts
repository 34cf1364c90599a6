import fc from 'fast-check'

/** The seed every property test uses under `CI=true`, so that a CI run is reproducible. */
const CI_SEED = 20_260_301

/**
 * The seed of this run: `FC_SEED` when set (to replay a failure), the fixed CI seed under
 * `CI=true`, otherwise a fresh random seed.
 */
export const propertySeed = seedFromEnvironment()

function seedFromEnvironment(): number {
  const replay = process.env['FC_SEED']
  if (replay !== undefined && replay !== '') return Number(replay)
  return process.env['CI'] === 'true' ? CI_SEED : Math.floor(Math.random() * 2 ** 31)
}

/** Runs per property: `FC_RUNS` when set, for a longer local search, else fast-check's 100. */
function runsFromEnvironment(): number {
  const runs = process.env['FC_RUNS']
  return runs !== undefined && runs !== '' ? Number(runs) : 100
}

/**
 * Runs a synchronous property with the run's seed. A failure names the seed and how to replay
 * it, on top of fast-check's own report of the counterexample.
 */
export function assertProperty<Ts>(
  property: fc.IProperty<Ts>,
  params: fc.Parameters<Ts> = {},
): void {
  try {
    fc.assert(property, { numRuns: runsFromEnvironment(), ...params, seed: propertySeed })
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(
      `property failed with seed ${propertySeed} (replay with FC_SEED=${propertySeed}): ${detail}`,
      {
        cause: error,
      },
    )
  }
}
