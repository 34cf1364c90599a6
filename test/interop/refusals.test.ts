import { describe, expect, it } from 'vitest'
import type { Expression } from '../../src/condition/expression.js'
import type { Policy } from '../../src/policy/document.js'
import { ExportUnsupported, type ExportIssue } from '../../src/interop/export-unsupported.js'
import { toCerbos } from '../../src/interop/to-cerbos.js'
import { withCondition } from './helpers.js'

/** Exports `policies` and returns the error thrown, which must be `ExportUnsupported`. */
function refusal(policies: readonly Policy[]): ExportUnsupported {
  try {
    toCerbos(policies)
  } catch (error) {
    if (error instanceof ExportUnsupported) return error
    throw error
  }
  throw new Error('toCerbos exported policies it should have refused')
}

function onlyIssue(policies: readonly Policy[]): ExportIssue {
  const error = refusal(policies)
  expect(error.code).toBe('ERR_EXPORT_UNSUPPORTED')
  expect(error.name).toBe('ExportUnsupported')
  expect(error.issues).toHaveLength(1)
  return error.issues[0] as ExportIssue
}

const allow = (actions: string[]) => ({ actions, effect: 'allow' as const, roles: ['*'] })

describe('toCerbos refuses conditions without a faithful CEL form', () => {
  it.each<[string, Expression, string, string]>([
    [
      'delegation',
      { eq: [{ ref: 'delegation.depth' }, 0] },
      'ref "delegation.depth"',
      'Cerbos has no delegation context: a Cerbos request carries one principal',
    ],
    [
      'principal kind',
      { eq: [{ ref: 'P.kind' }, 'agent'] },
      'ref "P.kind"',
      'Cerbos principals have no kind: a Cerbos request does not say whether it comes from a user, a workload or an agent',
    ],
    [
      'mod',
      { eq: [{ mod: [{ ref: 'R.attr.n' }, 2] }, 0] },
      'operator "mod"',
      "CEL's % is defined for integers only, and every hopgate number is a double",
    ],
    [
      'lone surrogate',
      { eq: [{ ref: 'R.attr.s' }, '\ud800'] },
      'string with a lone surrogate',
      'CEL strings hold Unicode scalar values only',
    ],
  ])('%s', (_, when, construct, message) => {
    const issue = onlyIssue(withCondition(when))
    expect(issue).toEqual({
      policy: 'resource.document.vdefault',
      rule: 'rule-001',
      construct,
      path: issue.path,
      message,
    })
    expect(issue.path).toMatch(/^\/0\/resourcePolicy\/rules\/0\/when\//)
  })

  it('principal as a whole value', () => {
    const issue = onlyIssue(withCondition({ eq: [{ ref: 'P' }, null] }))
    expect(issue).toMatchObject({
      construct: 'ref "P"',
      message: "the Cerbos principal differs from hopgate's as a whole value",
    })
  })

  it('names the policy, rule and construct in the message', () => {
    const error = refusal(withCondition({ eq: [{ mod: [{ ref: 'R.attr.n' }, 2] }, 0] }))
    expect(error.message).toBe(
      `cannot export to Cerbos: resource.document.vdefault#rule-001: operator "mod": CEL's % is defined for integers only, and every hopgate number is a double`,
    )
    expect(error.issues[0]?.path).toBe('/0/resourcePolicy/rules/0/when/eq/0')
  })

  it('reports every construct at once', () => {
    const error = refusal([
      {
        resourcePolicy: {
          resource: 'document',
          rules: [
            { ...allow(['read']), when: { ref: 'delegation.depth' } },
            { ...allow(['edit']), when: { eq: [{ mod: [{ ref: 'R.attr.n' }, 2] }, 0] } },
          ],
        },
      },
    ])
    expect(error.issues.map((issue) => [issue.rule, issue.construct])).toEqual([
      ['rule-001', 'ref "delegation.depth"'],
      ['rule-002', 'operator "mod"'],
    ])
    expect(error.message).toMatch(/ \(and 1 more\)$/)
  })
})

describe('toCerbos refuses patterns and names Cerbos reads differently', () => {
  const globMessage =
    'Cerbos matches patterns with gobwas/glob, where ?, [ ], { }, \\ and ** are wildcard syntax that hopgate reads literally'

  it.each([['a?b'], ['share:**'], ['{read,edit}'], ['a\\*']])('action %s', (action) => {
    const issue = onlyIssue([
      { resourcePolicy: { resource: 'document', rules: [allow([action])] } },
    ])
    expect(issue).toEqual({
      policy: 'resource.document.vdefault',
      rule: 'rule-001',
      construct: `action ${JSON.stringify(action)}`,
      path: '/0/resourcePolicy/rules/0/actions/0',
      message: globMessage,
    })
  })

  it('principal rule resource with a class', () => {
    const issue = onlyIssue([
      {
        principalPolicy: {
          principal: 'alice',
          rules: [{ resource: 'doc[1]', actions: [{ action: 'read', effect: 'allow' }] }],
        },
      },
    ])
    expect(issue).toMatchObject({
      construct: 'resource "doc[1]"',
      path: '/0/principalPolicy/rules/0/resource',
    })
  })

  it('kinds that Cerbos names alike', () => {
    const issue = onlyIssue([
      { resourcePolicy: { resource: 'leave_request', rules: [allow(['read'])] } },
      { resourcePolicy: { resource: 'leave-request', rules: [allow(['read'])] } },
    ])
    expect(issue).toEqual({
      policy: 'resource.leave-request',
      rule: null,
      construct: 'name "leave-request"',
      path: '/1/resourcePolicy',
      message:
        'Cerbos names both "leave_request" and "leave-request" "leave_request", replacing characters other than letters, digits, "_" and "."',
    })
  })

  it('a variable named with a CEL reserved word', () => {
    const error = refusal(withCondition({ ref: 'V.in' }, { in: true }))
    expect(error.issues.map(({ construct, path }) => [construct, path])).toEqual([
      ['variable "in"', '/0/resourcePolicy/variables/local/in'],
      ['ref "V.in"', '/0/resourcePolicy/rules/0/when'],
    ])
  })
})

describe('toCerbos refuses documents without a faithful Cerbos form', () => {
  it('role policies', () => {
    const issue = onlyIssue([
      {
        rolePolicy: {
          role: 'support-agent',
          parentRoles: ['user'],
          rules: [{ resource: 'ticket', allowActions: ['read'] }],
        },
      },
    ])
    expect(issue).toMatchObject({
      policy: 'role.support-agent.vdefault',
      rule: null,
      construct: 'rolePolicy',
      path: '/0/rolePolicy',
    })
  })

  const schema = { type: 'object' } as const

  it('workload schemas', () => {
    const issue = onlyIssue([
      {
        resourcePolicy: {
          resource: 'document',
          schemas: { workload: schema, enforcement: 'warn' },
          rules: [allow(['read'])],
        },
      },
    ])
    expect(issue).toEqual({
      policy: 'resource.document.vdefault',
      rule: null,
      construct: 'schemas.workload',
      path: '/0/resourcePolicy/schemas/workload',
      message: 'Cerbos has no workload principals: its principal schema applies to every principal',
    })
  })

  it('schema enforcement levels that differ', () => {
    const issue = onlyIssue([
      {
        resourcePolicy: {
          resource: 'a',
          schemas: { resource: schema, enforcement: 'warn' },
          rules: [allow(['read'])],
        },
      },
      {
        resourcePolicy: {
          resource: 'b',
          schemas: { resource: schema, enforcement: 'reject' },
          rules: [allow(['read'])],
        },
      },
    ])
    expect(issue).toMatchObject({
      policy: 'resource.b.vdefault',
      construct: 'schemas.enforcement "reject"',
    })
  })
})
