import { beforeAll, describe, it } from 'vitest'
import {
  NOW,
  NOW_MS,
  baseConfig,
  expectAccepted,
  expectRejected,
  omit,
  sharedKeys,
  sign,
  signRaw,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'
import type { IdentityConfig } from '../../src/identity/config.js'

const WORKLOAD = '/credentials/workload'

let k: Keys
beforeAll(async () => {
  k = await sharedKeys()
})

function verify(token: string, config: IdentityConfig = baseConfig(k), nowMs = NOW_MS) {
  return verifierFor(config, nowMs).verify({ workload: token })
}

async function expectCode(token: string, code: string, message?: string, config?: IdentityConfig) {
  return expectRejected(await verify(token, config), {
    code,
    path: WORKLOAD,
    ...(message === undefined ? {} : { message }),
  })
}

describe('workload token: time claims', () => {
  const tolerance = (clockTolerance: number) => baseConfig(k, { clockTolerance })
  const at = async (claims: Record<string, unknown>, clockTolerance = 30) =>
    verify(await sign(svidClaims(claims), k.es256), tolerance(clockTolerance))

  it('rejects exp 10 s ago without tolerance', async () => {
    expectRejected(await at({ exp: NOW - 10 }, 0), {
      code: 'ERR_TOKEN_EXPIRED',
      message: 'token expired: "exp" is not after the current time',
    })
  })

  it('accepts exp 10 s ago with 30 s tolerance', async () => {
    expectAccepted(await at({ exp: NOW - 10, iat: NOW - 300 }, 30))
  })

  it('rejects exp equal to now', async () => {
    expectRejected(await at({ exp: NOW }, 0), { code: 'ERR_TOKEN_EXPIRED' })
  })

  it('rejects nbf 120 s ahead with 30 s tolerance', async () => {
    expectRejected(await at({ nbf: NOW + 120 }), {
      code: 'ERR_TOKEN_NOT_YET_VALID',
      message: 'token not yet valid: "nbf" is after the current time',
    })
  })

  it('accepts nbf at the tolerance edge', async () => {
    expectAccepted(await at({ nbf: NOW + 30 }))
  })

  it('rejects iat in the future', async () => {
    expectRejected(await at({ iat: NOW + 3600 }), {
      code: 'ERR_TOKEN_ISSUED_IN_FUTURE',
      message: 'token issued in the future: "iat" is after the current time',
    })
    expectRejected(await at({ iat: NOW + 31 }), { code: 'ERR_TOKEN_ISSUED_IN_FUTURE' })
  })

  it('accepts iat at the tolerance edge', async () => {
    expectAccepted(await at({ iat: NOW + 30 }))
  })

  it('rejects a lifetime over maxLifetime', async () => {
    const message = 'token lifetime too long: exceeds maxLifetime of 3600 s'
    expectRejected(await at({ exp: Date.UTC(3000, 0, 1) / 1000 }), {
      code: 'ERR_TOKEN_LIFETIME',
      message,
    })
    expectRejected(await at({ exp: NOW + 30 * 86_400 }), { code: 'ERR_TOKEN_LIFETIME', message })
    expectRejected(await at({ exp: NOW + 3601 }), { code: 'ERR_TOKEN_LIFETIME', message })
  })

  it('accepts a lifetime of exactly maxLifetime', async () => {
    expectAccepted(await at({ exp: NOW + 3600 }))
  })

  it('measures lifetime from now without iat', async () => {
    const claims = omit(svidClaims({ exp: NOW + 3601 }), 'iat')
    expectRejected(await verify(await sign(claims, k.es256)), { code: 'ERR_TOKEN_LIFETIME' })
  })

  it('applies the trust domain maxLifetime', async () => {
    const config = baseConfig(k, {
      trustDomains: { 'acme.test': { jwks: { keys: [k.es256.jwk] }, maxLifetime: 60 } },
    })
    expectRejected(await verify(await sign(svidClaims({ exp: NOW + 61 }), k.es256), config), {
      code: 'ERR_TOKEN_LIFETIME',
      message: 'token lifetime too long: exceeds maxLifetime of 60 s',
    })
  })

  it.each(['exp', 'iat', 'nbf'])('rejects an infinite %s', async (name) => {
    const value = name === 'nbf' ? '-1e400' : '1e400'
    const claims = JSON.stringify(svidClaims()).replace(/}$/, `,"${name}":${value}}`)
    const token = await signRaw({ alg: 'ES256', kid: 'es-1' }, claims, k.es256)
    await expectCode(
      token,
      'ERR_TOKEN_CLAIM',
      `token claim invalid: "${name}" must be a finite number`,
    )
  })

  it('rejects an exp that is not a number', async () => {
    await expectCode(
      await sign(svidClaims({ exp: String(NOW + 60) }), k.es256),
      'ERR_TOKEN_CLAIM',
      'token claim invalid: "exp" must be a number',
    )
  })
})
