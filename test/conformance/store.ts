import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { CerbosFile } from '../../src/interop/to-cerbos.js'
import { CERBOS_BINARY, checkBinary } from './pdp.js'

const run = promisify(execFile)

/** A temporary Cerbos disk store holding exported files. */
export interface Store {
  readonly directory: string
  remove(): Promise<void>
}

/** Writes `files` into a new temporary folder. */
export async function writeStore(files: readonly CerbosFile[]): Promise<Store> {
  const directory = await mkdtemp(join(tmpdir(), 'hopgate-cerbos-store-'))
  const folders = new Set(files.map((file) => dirname(join(directory, file.path))))
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })))
  await Promise.all(files.map((file) => writeFile(join(directory, file.path), file.content)))
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) }
}

/** The outcome of `cerbos compile`: its exit code and what it printed. */
export interface CompileResult {
  readonly code: number
  readonly output: string
}

/** Runs `cerbos compile` on a store; exit code 0 means every policy compiled. */
export async function compileStore(directory: string): Promise<CompileResult> {
  checkBinary()
  try {
    const { stdout, stderr } = await run(CERBOS_BINARY, ['compile', directory], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CERBOS_NO_TELEMETRY: '1' },
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string }
    const code = typeof failure.code === 'number' ? failure.code : -1
    return { code, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` }
  }
}
