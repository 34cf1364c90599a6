import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { GENERATED_FILE, generateValidatorSource } from '../../scripts/generate-validator.js'

describe('generated validator', () => {
  it('is up to date with the schema', async () => {
    const committed = await readFile(GENERATED_FILE, 'utf8')
    expect(committed, 'run: npx tsx scripts/generate-validator.ts').toBe(
      await generateValidatorSource(),
    )
  })

  it('imports and requires nothing', async () => {
    const committed = await readFile(GENERATED_FILE, 'utf8')
    expect(committed).not.toMatch(/\brequire\(/)
    expect(committed).not.toMatch(/^import /m)
  })
})
