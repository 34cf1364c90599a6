/**
 * Runs the differential test of hopgate against the Cerbos PDP (test/conformance) with a
 * chosen number of cases, which vitest cannot take as a flag.
 *
 *   npm run test:differential -- --cases 100000 [--seed 12345]
 *
 * The count and seed reach the test as HOPGATE_DIFFERENTIAL_CASES and
 * HOPGATE_DIFFERENTIAL_SEED. Without --seed, the seed is fresh, or fixed under CI=true; the
 * test prints it either way.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'

const USAGE = 'usage: npm run test:differential -- [--cases N] [--seed N]'

function main(): void {
  const { values } = parseArgs({
    options: { cases: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  })
  if (values.help === true) {
    console.log(USAGE)
    return
  }

  const env: NodeJS.ProcessEnv = { ...process.env }
  if (values.cases !== undefined) env['HOPGATE_DIFFERENTIAL_CASES'] = count('--cases', values.cases)
  if (values.seed !== undefined) env['HOPGATE_DIFFERENTIAL_SEED'] = count('--seed', values.seed)

  const manifest = createRequire(import.meta.url).resolve('vitest/package.json')
  const vitest = join(dirname(manifest), 'vitest.mjs')
  const child = spawn(process.execPath, [vitest, 'run', 'test/conformance/differential.test.ts'], {
    env,
    stdio: 'inherit',
  })
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 1 : 128)
  })
}

/** Checks that `text` is a non-negative integer; exits with the usage line when it is not. */
function count(flag: string, text: string): string {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    console.error(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}\n${USAGE}`)
    process.exit(2)
  }
  return text
}

main()
