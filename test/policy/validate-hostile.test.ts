import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePointer, valueAt } from '../../src/policy/pointer.js'
import { validatePolicies } from '../../src/policy/validate.js'
import type { PolicyValidation } from '../../src/policy/validate.js'
import { fixtureJson } from './fixtures.js'
import { propertyParameters } from './seed.js'

type Json = unknown
type Path = readonly (string | number)[]

/** Checks the shape every result must have, whatever the input. */
function expectWellFormed(result: PolicyValidation): void {
  if (result.ok) {
    expect(Array.isArray(result.policies)).toBe(true)
    return
  }
  expect(result.errors.length).toBeGreaterThan(0)
  for (const issue of result.errors) {
    expect(issue.code).toMatch(/^ERR_(POLICY|CONDITION)_INVALID$/)
    expect(issue.path).toMatch(/^(\/.*)?$/)
    expect(issue.message).not.toMatch(/\n/)
    expect(issue.message.length).toBeGreaterThan(0)
  }
}

/** Checks that every issue points at a value of the JSON input. */
function expectPathsInside(json: Json, result: PolicyValidation): void {
  for (const issue of result.ok ? [] : result.errors) {
    const root = Array.isArray(json) ? json : [json]
    const segments = parsePointer(Array.isArray(json) ? issue.path : `/0${issue.path}`)
    expect(valueAt(root, segments), issue.path).not.toBeUndefined()
  }
}

function pathsOf(value: Json, path: Path = []): Path[] {
  const paths: Path[] = [path]
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])))
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]))
  }
  return paths
}

type Mutation = 'replace' | 'delete' | 'insert'

/** Returns a copy of `root` with one change at `path`. */
function mutate(root: Json, path: Path, mutation: Mutation, value: Json): Json {
  const copy = structuredClone(root)
  if (path.length === 0) return value

  let parent = copy as Record<string | number, Json>
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>
  const last = path.at(-1) as string | number

  if (mutation === 'replace') parent[last] = value
  else if (mutation === 'delete' && Array.isArray(parent)) parent.splice(Number(last), 1)
  else if (mutation === 'delete') Reflect.deleteProperty(parent, last)
  else if (Array.isArray(parent)) parent.splice(Number(last), 0, value)
  else Object.assign(parent, { [`${String(last)}_extra`]: value })
  return copy
}

const allPaths = pathsOf(fixtureJson)

describe('validatePolicies on hostile input', () => {
  it('never throws on JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const result = validatePolicies(json)
        expectWellFormed(result)
        expectPathsInside(json, result)
      }),
      propertyParameters(500),
    )
  })

  it('never throws on lists of JSON values', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 6 })), (json) => {
        expectWellFormed(validatePolicies(json))
      }),
      propertyParameters(300),
    )
  })

  it('never throws on mutated valid policies', () => {
    const mutation = fc.record({
      path: fc.constantFrom(...allPaths),
      kind: fc.constantFrom<Mutation>('replace', 'delete', 'insert'),
      value: fc.jsonValue({ maxDepth: 4 }),
    })

    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let json: Json = fixtureJson
        for (const { path, kind, value } of mutations) {
          // Paths of earlier mutations may be gone: mutate only those that still exist.
          if (pathsOf(json).some((existing) => existing.join('/') === path.join('/'))) {
            json = mutate(json, path, kind, value)
          }
        }
        const result = validatePolicies(json)
        expectWellFormed(result)
        expectPathsInside(json, result)
      }),
      propertyParameters(300),
    )
  })

  it('reports values JSON cannot hold', () => {
    const hostile: unknown[] = [
      undefined,
      () => true,
      Symbol('x'),
      10n,
      { resourcePolicy: { resource: 'd', rules: [{ actions: [10n], effect: 'allow' }] } },
      Object.create(null),
    ]
    for (const json of hostile) expectWellFormed(validatePolicies(json))
  })

  it('stops at cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { resource: 'd', rules: [] }
    cyclic['rules'] = [cyclic]
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown

    for (const json of [{ resourcePolicy: cyclic }, deep]) {
      const result = validatePolicies(json)
      expectWellFormed(result)
      expect(result.ok ? '' : result.errors[0]?.message).toBe(
        'document nested deeper than 100 levels',
      )
    }
  })

  it('reports values that throw when read', () => {
    const throwing = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys\nsecond line')
        },
      },
    )
    expect(validatePolicies([throwing])).toStrictEqual({
      ok: false,
      errors: [
        { code: 'ERR_POLICY_INVALID', path: '', message: 'policies could not be read: no keys' },
      ],
    })
  })

  it('reports thrown values that cannot be read', () => {
    const unreadable = {
      toString() {
        throw new Error('still unreadable')
      },
    }
    const throwing = new Proxy(
      {},
      {
        ownKeys() {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- a hostile non-Error value is the point
          throw unreadable
        },
      },
    )
    expect(validatePolicies(throwing)).toStrictEqual({
      ok: false,
      errors: [
        {
          code: 'ERR_POLICY_INVALID',
          path: '',
          message: 'policies could not be read: the thrown value could not be read either',
        },
      ],
    })
  })
})
