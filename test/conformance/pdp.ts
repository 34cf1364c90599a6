import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The Cerbos binary of the `@cerbos/cerbos-linux-x64` dev dependency. */
export const CERBOS_BINARY = resolve(
  import.meta.dirname,
  '../../node_modules/@cerbos/cerbos-linux-x64/cerbos-linux-x64',
)

/** Settings of a PDP, in the form `toCerbos` reports them in `pdpConfig`. */
export interface PdpSettings {
  readonly engine: { readonly lenientScopeSearch: boolean }
  readonly schema: { readonly enforcement: 'none' | 'warn' | 'reject' }
}

/** A running Cerbos PDP on 127.0.0.1, serving a disk store. */
export interface Pdp {
  /** Base URL of the HTTP API, such as `http://127.0.0.1:40123`. */
  readonly url: string
  readonly pid: number
  /** Stops the process by its PID and waits for it to exit. */
  stop(): Promise<void>
}

/** Runtime environment of the PDP: telemetry off, and nothing else from this process. */
function pdpEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CERBOS_NO_TELEMETRY: '1' }
}

/** Throws with a hint when the binary is missing or not executable. */
export function checkBinary(): void {
  try {
    accessSync(CERBOS_BINARY, constants.X_OK)
  } catch {
    throw new Error(
      `Cerbos binary not executable at ${CERBOS_BINARY}: run npm ci, which installs @cerbos/cerbos-linux-x64 with mode 755`,
    )
  }
}

/** PDP processes that have not exited, including those still starting. */
const live = new Set<ChildProcess>()

/**
 * Stops every PDP this process started that is still running, each by its own PID, such as
 * one that a time limit left starting. For `afterAll`.
 */
export async function stopAllPdps(): Promise<void> {
  const stops = [...live].flatMap((child) =>
    child.pid === undefined ? [] : [stopProcess(child, child.pid)],
  )
  await Promise.all(stops)
}

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => {
        resolvePort(port)
      })
    })
  })
}

/**
 * Starts a PDP serving `store`, with HTTP and gRPC on free ports of 127.0.0.1, telemetry and
 * audit off, and waits until it reports SERVING. `timeoutMs` bounds the wait, which grows with
 * the number of policies: about 2 ms per policy file on a 2-core VM.
 */
export async function startPdp(
  store: string,
  settings: PdpSettings,
  timeoutMs: number,
): Promise<Pdp> {
  checkBinary()
  const [httpPort, grpcPort] = [await freePort(), await freePort()]
  const configDir = await mkdtemp(join(tmpdir(), 'hopgate-pdp-config-'))
  const configPath = join(configDir, 'cerbos.yaml')
  await writeFile(configPath, configText(store, settings, httpPort, grpcPort))

  const child = spawn(CERBOS_BINARY, ['server', `--config=${configPath}`, '--log-level=error'], {
    env: pdpEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  const log = captureLog(child)
  const url = `http://127.0.0.1:${httpPort}`
  const pid = child.pid
  if (pid === undefined) throw new Error('Cerbos PDP did not start: no process id')

  // A safety net for a test process that exits without stopping its PDP, such as on a timeout.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM')
  }
  process.once('exit', onExit)
  const stop = async () => {
    process.removeListener('exit', onExit)
    await stopProcess(child, pid)
    await rm(configDir, { recursive: true, force: true })
  }
  try {
    await waitUntilServing(url, child, timeoutMs, log)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, pid, stop }
}

function configText(
  store: string,
  settings: PdpSettings,
  httpPort: number,
  grpcPort: number,
): string {
  return [
    'server:',
    `  httpListenAddr: "127.0.0.1:${httpPort}"`,
    `  grpcListenAddr: "127.0.0.1:${grpcPort}"`,
    'storage:',
    '  driver: disk',
    '  disk:',
    `    directory: ${JSON.stringify(store)}`,
    '    watchForChanges: false',
    'engine:',
    `  lenientScopeSearch: ${settings.engine.lenientScopeSearch}`,
    'schema:',
    `  enforcement: ${settings.schema.enforcement}`,
    'telemetry:',
    '  disabled: true',
    'audit:',
    '  enabled: false',
    '',
  ].join('\n')
}

/** Keeps the last 16 KiB the process writes, for the message when it fails. */
function captureLog(child: ChildProcess): { text: string } {
  const log = { text: '' }
  const append = (chunk: Buffer) => {
    log.text = (log.text + chunk.toString('utf8')).slice(-16_384)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return log
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  log: { text: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Cerbos PDP exited with code ${child.exitCode}:\n${log.text}`)
    }
    if (await isServing(url)) return
    await new Promise((resolveWait) => setTimeout(resolveWait, 100))
  }
  throw new Error(`Cerbos PDP not serving after ${timeoutMs} ms:\n${log.text}`)
}

async function isServing(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_cerbos/health`)
    const body = (await response.json()) as { status?: string }
    return body.status === 'SERVING'
  } catch {
    return false
  }
}

async function stopProcess(child: ChildProcess, pid: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      resolveExit()
    })
  })
  process.kill(pid, 'SIGTERM')
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL')
  }, 5_000)
  await exited
  clearTimeout(timer)
}
