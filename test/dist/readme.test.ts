import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it, vi } from 'vitest'

// The README's example runs as written, against the built package imported by its name.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
const target = fileURLToPath(new URL('./.readme-example.mjs', import.meta.url))

afterAll(() => {
  rmSync(target, { force: true })
})

describe('README example', () => {
  it('prints the decision its comment shows', async () => {
    const { outputText } = ts.transpileModule(example, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    writeFileSync(target, outputText)
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)

    await import(target)

    expect(example).toContain("from 'hopgate'")
    expect(log).toHaveBeenCalledWith(true, [])
    log.mockRestore()
  })
})
