import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Policy } from '../../src/policy/document.js'
import { Engines } from './engines.js'
import type { Scenario, ScenarioRequest } from './grammar/scenario.js'
import { stopAllPdps } from './pdp.js'

/**
 * Fixed policies for each translation `toCerbos` makes, decided by hopgate and by the PDP.
 * Each test states hopgate's effects, and the comparison checks that Cerbos agrees.
 */
const policies: Policy[] = [
  {
    derivedRoles: {
      name: 'owners',
      definitions: [
        {
          name: 'owner',
          parentRoles: ['user'],
          when: { eq: [{ ref: 'R.attr.owner' }, { ref: 'P.id' }] },
        },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'document',
      importDerivedRoles: ['owners'],
      rules: [
        { actions: ['*'], effect: 'allow', roles: ['admin'] },
        { name: 'no-delete', actions: ['delete'], effect: 'deny', roles: ['user'] },
        { name: 'no-archive', actions: ['archive'], effect: 'deny', derivedRoles: ['owner'] },
        {
          name: 'locked',
          actions: ['edit'],
          effect: 'deny',
          roles: ['*'],
          when: { ref: 'R.attr.locked' },
        },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'folder',
      rules: [{ actions: ['read', 'list'], effect: 'allow', roles: ['*'] }],
    },
  },
  {
    resourcePolicy: {
      resource: 'folder',
      scope: 'acme',
      scopePermissions: 'requireParentalConsentForAllows',
      rules: [
        { actions: ['read'], effect: 'allow', roles: ['user'], when: { ref: 'R.attr.shared' } },
      ],
    },
  },
  {
    resourcePolicy: {
      resource: 'sheet',
      rules: [
        {
          actions: ['size'],
          effect: 'allow',
          roles: ['*'],
          when: { eq: [{ size: [{ ref: 'R.attr.tags' }] }, 2] },
        },
        {
          actions: ['sum'],
          effect: 'allow',
          roles: ['*'],
          when: { exists: [[1, 2], 'i', { eq: [{ add: [{ ref: 'i' }, 1] }, 3] }] },
        },
        {
          actions: ['constant'],
          effect: 'allow',
          roles: ['*'],
          when: { all: [[1, 2], 'i', true] },
        },
        {
          actions: ['index'],
          effect: 'allow',
          roles: ['*'],
          when: {
            and: [{ eq: [{ ref: 'R.attr.list.0' }, 'a'] }, { eq: [{ ref: 'R.attr.map.0' }, 'b'] }],
          },
        },
        {
          actions: ['version'],
          effect: 'allow',
          roles: ['*'],
          when: { eq: [{ ref: 'R.policyVersion' }, 'default'] },
        },
        { actions: ['types'], effect: 'allow', roles: ['*'], when: { ne: ['5', 5] } },
      ],
    },
  },
  {
    principalPolicy: {
      principal: 'dave',
      rules: [{ resource: 'folder', actions: [{ action: 'list', effect: 'deny' }] }],
    },
  },
  {
    principalPolicy: {
      principal: 'bob',
      scope: '',
      rules: [{ resource: 'folder', actions: [{ action: 'list', effect: 'deny' }] }],
    },
  },
  {
    principalPolicy: {
      principal: 'bob',
      scope: 'acme',
      rules: [{ resource: 'folder', actions: [{ action: 'read', effect: 'deny' }] }],
    },
  },
]

let engines: Engines

beforeAll(async () => {
  engines = await Engines.start(policies)
}, 120_000)

afterAll(async () => {
  await engines.stop()
  await stopAllPdps()
})

/** Decides `actions` on `resource` for `principal` in both engines; returns hopgate's effects. */
async function decide(
  principal: ScenarioRequest['principal'],
  resource: ScenarioRequest['resources'][number]['resource'],
  actions: readonly string[],
): Promise<Record<string, string>> {
  const request: ScenarioRequest = { principal, resources: [{ resource, actions }] }
  const scenario: Scenario = { policies, requests: [request] }
  const { disagreements } = await engines.compare([scenario])
  expect(disagreements.map(({ action, what }) => `${what} of ${action}`)).toEqual([])
  return { ...engines.authorizer.checkResources(request).results[0]?.actions }
}

const user = { id: 'alice', roles: ['user'], attr: {} }
const userAndAdmin = { id: 'alice', roles: ['user', 'admin'], attr: {} }
const document = (attr: Record<string, unknown> = {}) => ({ kind: 'document', id: 'd1', attr })

describe('exported policies in the Cerbos PDP', () => {
  it('deny for one role overrides allow for another', async () => {
    expect(await decide(userAndAdmin, document(), ['delete', 'read'])).toEqual({
      delete: 'deny',
      read: 'allow',
    })
  })

  it('derived-role deny overrides across roles', async () => {
    const effects = await decide(userAndAdmin, document({ owner: 'alice' }), ['archive'])
    expect(effects).toEqual({ archive: 'deny' })
  })

  it('erroring deny denies', async () => {
    expect(await decide({ ...userAndAdmin, roles: ['admin'] }, document(), ['edit'])).toEqual({
      edit: 'deny',
    })
  })

  it('consent-scope condition denies across roles', async () => {
    const folder = { kind: 'folder', id: 'f1', scope: 'acme', attr: { shared: false } }
    expect(
      await decide({ id: 'carol', roles: ['user', 'admin'], attr: {} }, folder, ['read']),
    ).toEqual({ read: 'deny' })
    expect(
      await decide(
        { id: 'carol', roles: ['user'], attr: {} },
        { ...folder, attr: { shared: true } },
        ['read'],
      ),
    ).toEqual({
      read: 'allow',
    })
  })

  it('strict scope search needs the kind at the scope', async () => {
    expect(await decide(user, { ...document(), scope: 'acme' }, ['delete', 'read'])).toEqual({
      delete: 'deny',
      read: 'deny',
    })
  })

  it('principal policies need the principal at the scope', async () => {
    const bob = { id: 'bob', roles: ['user'], attr: {} }
    expect(
      await decide({ ...bob, scope: 'acme' }, { kind: 'folder', id: 'f1', attr: {} }, [
        'list',
        'read',
      ]),
    ).toEqual({
      list: 'deny',
      read: 'deny',
    })
    expect(
      await decide({ ...bob, scope: 'acme.eu' }, { kind: 'folder', id: 'f1', attr: {} }, [
        'list',
        'read',
      ]),
    ).toEqual({
      list: 'allow',
      read: 'allow',
    })
    // Only bob has a policy at acme, so strict search skips dave's policies there.
    const dave = { id: 'dave', roles: ['user'], attr: {}, scope: 'acme' }
    expect(await decide(dave, { kind: 'folder', id: 'f1', attr: {} }, ['list'])).toEqual({
      list: 'allow',
    })
  })

  it('numbers, indices and versions read alike', async () => {
    const sheet = {
      kind: 'sheet',
      id: 's1',
      attr: { tags: ['x', 'y'], list: ['a'], map: { '0': 'b' } },
    }
    const actions = ['size', 'sum', 'constant', 'index', 'version', 'types']
    const effects = await decide(user, sheet, actions)
    expect(effects).toEqual(Object.fromEntries(actions.map((action) => [action, 'allow'])))
  })
})
