import type { Parameters } from 'fast-check'

/**
 * Parameters for `fc.assert`. The seed is `FC_SEED` when set, to replay a failure. Under
 * `CI=true` it is fixed, so a landing is deterministic, and elsewhere it is fresh.
 * fast-check prints the seed and path of any failure it reports.
 */
export function propertyParameters<T>(numRuns: number): Parameters<T> {
  const replay = process.env['FC_SEED']
  const seed =
    replay !== undefined
      ? Number(replay)
      : process.env['CI'] === 'true'
        ? 20_260_101
        : Math.floor(Math.random() * 2 ** 31)
  return { seed, numRuns }
}
