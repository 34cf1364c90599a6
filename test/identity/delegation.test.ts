import { beforeAll, describe, expect, it } from 'vitest'
import type { IdentityConfig } from '../../src/identity/config.js'
import {
  AGENT,
  BILLING,
  baseConfig,
  expectAccepted,
  expectOnBehalfOf,
  expectDirect,
  expectRejected,
  sharedKeys,
  sign,
  svidClaims,
  userClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'

const AT = { typ: 'at+jwt' }
const GATEWAY = 'spiffe://acme.test/ns/edge/sa/gateway'
const USER = '/credentials/user'

let k: Keys
let billingSvid: string
let agentSvid: string
beforeAll(async () => {
  k = await sharedKeys()
  billingSvid = await sign(svidClaims(), k.es256)
  agentSvid = await sign(svidClaims({ sub: AGENT }), k.es256)
})

async function verify(
  credentials: { workload?: string; user?: string },
  config: IdentityConfig = baseConfig(k),
) {
  return verifierFor(config).verify(credentials)
}

function userToken(claims: Record<string, unknown> = {}) {
  return sign(userClaims(claims), k.idp, AT)
}

describe('two-token on-behalf-of', () => {
  it('makes the workload the actor and the user the subject', async () => {
    const user = await userToken({ scope: 'docs:read' })
    const identity = expectAccepted(await verify({ workload: billingSvid, user }))
    expect(identity).toEqual({
      mode: 'onBehalfOf',
      actor: { id: BILLING, kind: 'workload', roles: ['svc:billing'], attr: { team: 'billing' } },
      subject: { id: 'alice', kind: 'user', roles: ['user'], attr: {} },
      chain: [BILLING],
      depth: 1,
      scopes: ['docs:read'],
    })
    expect(Object.isFrozen(identity)).toBe(true)
  })

  it('rejects a user token without act when requireAct is set', async () => {
    const result = await verify(
      { workload: billingSvid, user: await userToken() },
      baseConfig(k, { requireAct: true }),
    )
    expectRejected(result, {
      code: 'ERR_DELEGATION_INVALID',
      message: 'delegation invalid: the user token has no "act" and identity.requireAct is set',
      path: USER,
      reason: 'DELEGATION_INVALID',
    })
  })

  it('never takes may_act as proof of delegation', async () => {
    const user = await userToken({ may_act: { sub: BILLING } })
    const result = await verify(
      { workload: billingSvid, user },
      baseConfig(k, { requireAct: true }),
    )
    expectRejected(result, { code: 'ERR_DELEGATION_INVALID', reason: 'DELEGATION_INVALID' })
  })
})

describe('exchanged tokens', () => {
  it('binds the top-level actor to the calling workload', async () => {
    const user = await userToken({ act: { sub: BILLING } })
    const identity = expectAccepted(await verify({ workload: billingSvid, user }))
    expect(expectOnBehalfOf(identity).chain).toEqual([BILLING])
  })

  it('walks nested act claims into the chain, current actor first', async () => {
    const act = {
      sub: BILLING,
      act: { sub: GATEWAY, iss: 'https://sts.test', act: { sub: 'web' } },
    }
    const identity = expectAccepted(
      await verify({ workload: billingSvid, user: await userToken({ act }) }),
    )
    expect(expectOnBehalfOf(identity).chain).toEqual([BILLING, GATEWAY, 'web'])
    expect(expectOnBehalfOf(identity).depth).toBe(3)
  })

  it('rejects an act naming another workload', async () => {
    const user = await userToken({ act: { sub: 'spiffe://acme.test/agents/other' } })
    expectRejected(await verify({ workload: billingSvid, user }), {
      code: 'ERR_DELEGATION_ACTOR_MISMATCH',
      message: 'delegation actor mismatch: "act.sub" is not the calling workload',
      path: USER,
      reason: 'DELEGATION_INVALID',
    })
  })

  it('rejects an act naming the caller only in a nested level', async () => {
    const user = await userToken({ act: { sub: GATEWAY, act: { sub: BILLING } } })
    expectRejected(await verify({ workload: billingSvid, user }), {
      code: 'ERR_DELEGATION_ACTOR_MISMATCH',
      reason: 'DELEGATION_INVALID',
    })
  })

  it('ignores may_act naming the caller when act names another', async () => {
    const user = await userToken({ act: { sub: GATEWAY }, may_act: { sub: BILLING } })
    expectRejected(await verify({ workload: billingSvid, user }), {
      code: 'ERR_DELEGATION_ACTOR_MISMATCH',
      reason: 'DELEGATION_INVALID',
    })
  })

  it('rejects a chain deeper than maxDelegationDepth', async () => {
    const act = { sub: BILLING, act: { sub: 'a', act: { sub: 'b', act: { sub: 'c' } } } }
    expectRejected(await verify({ workload: billingSvid, user: await userToken({ act }) }), {
      code: 'ERR_DELEGATION_DEPTH',
      message: 'delegation depth exceeded: 4 actors, maxDelegationDepth is 3',
      reason: 'DELEGATION_INVALID',
    })
  })

  it('accepts the same chain with a higher maxDelegationDepth', async () => {
    const act = { sub: BILLING, act: { sub: 'a', act: { sub: 'b', act: { sub: 'c' } } } }
    const config = baseConfig(k, { maxDelegationDepth: 4 })
    const identity = expectAccepted(
      await verify({ workload: billingSvid, user: await userToken({ act }) }, config),
    )
    expect(expectOnBehalfOf(identity).depth).toBe(4)
  })

  it('stops reading after 8 nested act claims', async () => {
    let act: Record<string, unknown> = { sub: 'last' }
    for (let level = 8; level >= 1; level--) {
      act = { sub: level === 1 ? BILLING : `actor-${level}`, act }
    }
    const config = baseConfig(k, { maxDelegationDepth: 8 })
    expectRejected(
      await verify({ workload: billingSvid, user: await userToken({ act }) }, config),
      {
        code: 'ERR_DELEGATION_DEPTH',
        message: 'delegation depth exceeded: more than 8 nested "act" claims',
        reason: 'DELEGATION_INVALID',
      },
    )
  })

  it.each([
    ['the caller twice', { sub: BILLING, act: { sub: BILLING } }],
    ['the subject as actor', { sub: BILLING, act: { sub: 'alice' } }],
    ['a prior actor twice', { sub: BILLING, act: { sub: 'a', act: { sub: 'a' } } }],
  ])('rejects a chain with %s', async (_, act) => {
    expectRejected(await verify({ workload: billingSvid, user: await userToken({ act }) }), {
      code: 'ERR_DELEGATION_CYCLE',
      message: 'delegation cycle: an identity appears twice in the chain',
      reason: 'DELEGATION_INVALID',
    })
  })

  it.each<[string, unknown, string]>([
    ['a string', 'x', 'delegation invalid: "act" must be an object'],
    ['null', null, 'delegation invalid: "act" must be an object'],
    ['an array', [{ sub: BILLING }], 'delegation invalid: "act" must be an object'],
    ['no sub', {}, 'delegation invalid: every "act" must have a non-empty "sub"'],
    ['a numeric sub', { sub: 5 }, 'delegation invalid: every "act" must have a non-empty "sub"'],
    ['an empty sub', { sub: '' }, 'delegation invalid: every "act" must have a non-empty "sub"'],
    ['a nested string', { sub: BILLING, act: 'x' }, 'delegation invalid: "act" must be an object'],
    ['a numeric iss', { sub: BILLING, iss: 5 }, 'delegation invalid: "act.iss" must be a string'],
  ])('rejects act as %s', async (_, act, message) => {
    expectRejected(await verify({ workload: billingSvid, user: await userToken({ act }) }), {
      code: 'ERR_DELEGATION_INVALID',
      message,
      path: USER,
      reason: 'DELEGATION_INVALID',
    })
  })

  it('rejects an exchanged token without the actor credential', async () => {
    expectRejected(await verify({ user: await userToken({ act: { sub: BILLING } }) }), {
      code: 'ERR_DELEGATION_INVALID',
      message: 'delegation invalid: a token with "act" needs the credential of the acting workload',
      reason: 'DELEGATION_INVALID',
    })
  })
})

describe('direct callers', () => {
  it('lets a user act alone with the token scopes', async () => {
    const identity = expectAccepted(await verify({ user: await userToken({ scope: 'a b' }) }))
    expect(identity.mode).toBe('direct')
    expect(identity.scopes).toEqual(['a', 'b'])
  })

  it('lets a user with may_act act alone', async () => {
    const identity = expectAccepted(
      await verify({ user: await userToken({ may_act: { sub: BILLING } }) }),
    )
    expect(expectDirect(identity).principal.id).toBe('alice')
  })

  it('rejects an agent without a user', async () => {
    expectRejected(await verify({ workload: agentSvid }), {
      code: 'ERR_AGENT_WITHOUT_USER',
      message: `agent without user: "${AGENT}" must act for a user`,
      path: USER,
      reason: 'AGENT_WITHOUT_USER',
    })
  })

  it('lets an agent with mayActAlone act alone', async () => {
    const config = baseConfig(k, {
      workloads: [{ pattern: 'spiffe://acme.test/agents/*', agent: true, mayActAlone: true }],
    })
    const identity = expectAccepted(await verify({ workload: agentSvid }, config))
    expect(identity).toEqual({
      mode: 'direct',
      principal: { id: AGENT, kind: 'agent', roles: [], attr: {} },
      scopes: null,
      mayActAlone: true,
    })
  })

  it('makes an agent with a user token an actor bound by its scopes', async () => {
    const user = await userToken({ scope: 'docs:read', act: { sub: AGENT } })
    const identity = expectAccepted(await verify({ workload: agentSvid, user }))
    expect(expectOnBehalfOf(identity).actor.kind).toBe('agent')
    expect(identity.scopes).toEqual(['docs:read'])
  })
})

describe('errors of both tokens', () => {
  it('reports both failures, workload first', async () => {
    const result = await verify({ workload: 'x.y.z', user: await userToken({ aud: 'nope' }) })
    if (result.ok) throw new Error('expected a rejection')
    expect(result.reasons).toEqual(['CREDENTIALS_INVALID'])
    expect(result.errors.map((error) => [error.code, error.path])).toEqual([
      ['ERR_TOKEN_MALFORMED', '/credentials/workload'],
      ['ERR_TOKEN_AUDIENCE', '/credentials/user'],
    ])
  })

  it('rejects a valid user with an invalid workload', async () => {
    const expired = await sign(svidClaims({ exp: 1 }), k.es256)
    expectRejected(await verify({ workload: expired, user: await userToken() }), {
      code: 'ERR_TOKEN_EXPIRED',
      path: '/credentials/workload',
    })
  })
})
