import type { Attributes } from '../engine/model.js'
import { SpiffeIdInvalid } from '../errors.js'
import {
  checkBoolean,
  checkKeys,
  checkRecord,
  checkStringList,
  describeValue,
} from './config-values.js'
import type { VerifiedPrincipal } from './identity.js'
import { copyJson } from './json-copy.js'
import { parseSpiffeId } from './spiffe-id.js'
import type { SpiffeId } from './spiffe-id.js'
import {
  compareSpecificity,
  matchesWorkloadPattern,
  parseWorkloadPattern,
} from './workload-pattern.js'
import type { WorkloadPattern } from './workload-pattern.js'

/** The roles, attributes and agent flags of a workload entry, checked and frozen. @internal */
export interface WorkloadMapping {
  readonly roles: readonly string[]
  readonly attr: Attributes
  readonly agent: boolean
  readonly mayActAlone: boolean
}

/** The workload entries of a configuration, ready to map SPIFFE IDs. @internal */
export interface WorkloadRegistry {
  /** Returns the mapping of an ID, or undefined when no entry matches it. */
  find(id: SpiffeId): WorkloadMapping | undefined
}

const ENTRY_KEYS = ['id', 'pattern', 'roles', 'attr', 'agent', 'mayActAlone']

/**
 * Checks the `workloads` entries and returns a registry.
 *
 * An `id` entry matches its exact SPIFFE ID and wins over any pattern. Among patterns, the
 * most specific match wins (see `compareSpecificity`), whatever their order in the list. Every
 * entry must name a configured trust domain; a repeated `id` or `pattern` is an error.
 * @internal
 */
export function createWorkloadRegistry(
  value: unknown,
  trustDomains: ReadonlySet<string>,
): WorkloadRegistry {
  const where = 'identity.workloads'
  if (value !== undefined && !Array.isArray(value)) {
    throw new TypeError(`${where}: expected an array, got ${describeValue(value)}`)
  }

  const exact = new Map<string, WorkloadMapping>()
  const patterns: { pattern: WorkloadPattern; mapping: WorkloadMapping }[] = []
  for (const [index, item] of ((value ?? []) as unknown[]).entries()) {
    const entryWhere = `${where}[${index}]`
    const entry = checkRecord(item, entryWhere)
    checkKeys(entry, ENTRY_KEYS, entryWhere)
    const mapping = readMapping(entry, entryWhere)
    const target = readTarget(entry, entryWhere)

    if (!trustDomains.has(target.trustDomain)) {
      throw new TypeError(
        `${entryWhere}: trust domain ${describeValue(target.trustDomain)} is not in identity.trustDomains`,
      )
    }
    if ('id' in target) {
      if (exact.has(target.id)) {
        throw new TypeError(`${entryWhere}: id ${describeValue(target.id)} appears twice`)
      }
      exact.set(target.id, mapping)
    } else {
      if (patterns.some((other) => other.pattern.source === target.source)) {
        throw new TypeError(`${entryWhere}: pattern ${describeValue(target.source)} appears twice`)
      }
      patterns.push({ pattern: target, mapping })
    }
  }
  patterns.sort((a, b) => compareSpecificity(a.pattern, b.pattern))

  return {
    find: (id) =>
      exact.get(id.id) ??
      patterns.find(({ pattern }) => matchesWorkloadPattern(pattern, id))?.mapping,
  }
}

/**
 * Builds the principal of a verified workload.
 * @internal
 */
export function workloadPrincipal(id: SpiffeId, mapping: WorkloadMapping): VerifiedPrincipal {
  return Object.freeze({
    id: id.id,
    kind: mapping.agent ? 'agent' : 'workload',
    roles: mapping.roles,
    attr: mapping.attr,
  })
}

function readTarget(
  entry: Readonly<Record<string, unknown>>,
  where: string,
): SpiffeId | WorkloadPattern {
  const { id, pattern } = entry
  if ((id === undefined) === (pattern === undefined)) {
    throw new TypeError(`${where}: set exactly one of "id" and "pattern"`)
  }

  if (pattern !== undefined) {
    if (typeof pattern !== 'string') {
      throw new TypeError(`${where}.pattern: expected a string, got ${describeValue(pattern)}`)
    }
    return parseWorkloadPattern(pattern, `${where}.pattern`)
  }

  let parsed: SpiffeId
  try {
    parsed = parseSpiffeId(id)
  } catch (error) {
    const reason = error instanceof SpiffeIdInvalid ? error.message : 'SPIFFE ID invalid'
    throw new TypeError(`${where}.id: ${describeValue(id)}: ${reason}`)
  }
  if (parsed.path === '') {
    throw new TypeError(`${where}.id: ${describeValue(id)} names a trust domain, not a workload`)
  }
  return parsed
}

function readMapping(entry: Readonly<Record<string, unknown>>, where: string): WorkloadMapping {
  const agent = checkBoolean(entry['agent'], false, `${where}.agent`)
  const mayActAlone = checkBoolean(entry['mayActAlone'], false, `${where}.mayActAlone`)
  if (mayActAlone && !agent) {
    throw new TypeError(`${where}.mayActAlone: applies only to entries with agent: true`)
  }

  const roles =
    entry['roles'] === undefined ? [] : checkStringList(entry['roles'], `${where}.roles`)
  const attr = entry['attr'] === undefined ? {} : checkRecord(entry['attr'], `${where}.attr`)

  return Object.freeze({
    roles: Object.freeze([...roles]),
    attr: copyJson(attr, `${where}.attr`) as Attributes,
    agent,
    mayActAlone,
  })
}
