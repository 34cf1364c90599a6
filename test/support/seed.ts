import fc from 'fast-check'
import type { Parameters } from 'fast-check'

/**
 * Parameters for `fc.assert`: a fixed seed under `CI=true`, so a landing is deterministic, and
 * a fresh one elsewhere. fast-check prints the seed and path of any failure.
 */
export function propertyParameters<T>(numRuns = 200): Parameters<T> {
  const seed = process.env['CI'] === 'true' ? 20_261_204 : Math.floor(Math.random() * 2 ** 31)
  return { seed, numRuns, verbose: fc.VerbosityLevel.Verbose }
}
