import { describe, expect, it } from 'vitest'
import type { Identity, VerifiedPrincipal } from '../../src/identity/identity.js'
import { checkRequiredScopes, missingScope, parseScopeClaim } from '../../src/identity/scopes.js'

const agent: VerifiedPrincipal = {
  id: 'spiffe://acme.test/agents/a',
  kind: 'agent',
  roles: [],
  attr: {},
}
const workload: VerifiedPrincipal = { ...agent, id: 'spiffe://acme.test/ns/a', kind: 'workload' }
const user: VerifiedPrincipal = { id: 'alice', kind: 'user', roles: [], attr: {} }

const config = {
  requiredScopes: { document: { read: 'docs:read', edit: 'docs:write' } },
}

function onBehalfOf(actor: VerifiedPrincipal, scopes: readonly string[] | null): Identity {
  return { mode: 'onBehalfOf', actor, subject: user, chain: [actor.id], depth: 1, scopes }
}

describe('missingScope', () => {
  it('returns null when the agent token has the scope', () => {
    expect(missingScope(onBehalfOf(agent, ['docs:read']), config, 'document', 'read')).toBeNull()
  })

  it('returns the scope an agent lacks', () => {
    expect(missingScope(onBehalfOf(agent, ['docs:read']), config, 'document', 'edit')).toBe(
      'docs:write',
    )
  })

  it('compares scopes case-sensitively', () => {
    expect(missingScope(onBehalfOf(agent, ['Docs:Read']), config, 'document', 'read')).toBe(
      'docs:read',
    )
  })

  it('treats an agent without token scopes as lacking every mapped scope', () => {
    expect(missingScope(onBehalfOf(agent, null), config, 'document', 'read')).toBe('docs:read')
    const alone: Identity = { mode: 'direct', principal: agent, scopes: null }
    expect(missingScope(alone, config, 'document', 'edit')).toBe('docs:write')
  })

  it('needs no scope for unmapped actions and kinds', () => {
    expect(missingScope(onBehalfOf(agent, null), config, 'document', 'delete')).toBeNull()
    expect(missingScope(onBehalfOf(agent, null), config, 'ticket', 'read')).toBeNull()
    expect(missingScope(onBehalfOf(agent, null), {}, 'document', 'read')).toBeNull()
  })

  it('never binds users or plain workloads', () => {
    expect(missingScope(onBehalfOf(workload, null), config, 'document', 'read')).toBeNull()
    const direct: Identity = { mode: 'direct', principal: user, scopes: [] }
    expect(missingScope(direct, config, 'document', 'read')).toBeNull()
  })

  it('never reads a prototype for kind or action', () => {
    const identity = onBehalfOf(agent, null)
    expect(missingScope(identity, config, 'constructor', 'read')).toBeNull()
    expect(missingScope(identity, config, '__proto__', 'read')).toBeNull()
    expect(missingScope(identity, config, 'document', 'toString')).toBeNull()
  })
})

describe('checkRequiredScopes', () => {
  it('accepts kinds of actions of scope tokens', () => {
    const scopes = checkRequiredScopes(config.requiredScopes)
    expect(scopes.get('document')?.get('edit')).toBe('docs:write')
  })

  it.each([
    [
      'a list',
      { document: ['docs:read'] },
      'identity.requiredScopes["document"]: expected an object, got an array',
    ],
    [
      'a space',
      { document: { read: 'a b' } },
      'identity.requiredScopes["document"]["read"]: expected one scope token, got "a b"',
    ],
    [
      'an empty scope',
      { document: { read: '' } },
      'identity.requiredScopes["document"]["read"]: expected one scope token, got ""',
    ],
    [
      'a number',
      { document: { read: 1 } },
      'identity.requiredScopes["document"]["read"]: expected one scope token, got 1',
    ],
  ])('rejects %s', (_, value, message) => {
    expect(() => checkRequiredScopes(value)).toThrow(new TypeError(message))
  })
})

describe('parseScopeClaim', () => {
  it('keeps order and drops repeats', () => {
    expect(parseScopeClaim('b a b', 'string')).toEqual(['b', 'a'])
  })

  it('returns a frozen list', () => {
    expect(Object.isFrozen(parseScopeClaim('a', 'string'))).toBe(true)
  })
})
