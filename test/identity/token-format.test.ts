import fc from 'fast-check'
import { base64url, decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { TOKEN_INVALID_MESSAGE } from '../../src/errors.js'
import { decodeUnverified } from '../../src/identity/token-format.js'
import { propertyParameters } from '../support/seed.js'
import {
  baseConfig,
  expectAccepted,
  expectRejected,
  segment,
  sharedKeys,
  sign,
  signRaw,
  svidClaims,
  verifierFor,
} from './helpers.js'
import type { Keys } from './helpers.js'

let k: Keys
let valid: string
beforeAll(async () => {
  k = await sharedKeys()
  valid = await sign(svidClaims(), k.es256)
})

async function verify(token: string, maxTokenSize?: number) {
  const config = baseConfig(k, maxTokenSize === undefined ? {} : { maxTokenSize })
  return verifierFor(config).verify({ workload: token })
}

function expectMalformed(result: Awaited<ReturnType<typeof verify>>) {
  expectRejected(result, {
    code: 'ERR_TOKEN_MALFORMED',
    message: TOKEN_INVALID_MESSAGE,
    path: '/credentials/workload',
  })
}

describe('token size', () => {
  it('rejects a validly signed token over 8 KiB before decoding', async () => {
    const big = await sign(svidClaims({ blob: 'x'.repeat(1024 * 1024) }), k.es256)
    expectRejected(await verify(big), {
      code: 'ERR_TOKEN_TOO_LARGE',
      message: `token too large: ${big.length} bytes exceed maxTokenSize of 8192`,
    })
  })

  it('rejects a 4 MiB garbage header without parsing it', async () => {
    const huge = `${'e'.repeat(4 * 1024 * 1024)}.e30.AAAA`
    const parse = vi.spyOn(JSON, 'parse')
    const result = await verify(huge)
    // The size check runs before any segment is decoded, so no JSON is parsed at all.
    expect(parse).not.toHaveBeenCalled()
    parse.mockRestore()
    expectRejected(result, { code: 'ERR_TOKEN_TOO_LARGE' })
  })

  it('applies a configured maxTokenSize', async () => {
    const padded = await sign(svidClaims({ pad: 'x'.repeat(800) }), k.es256)
    expect(padded.length).toBeGreaterThan(1024)
    expectRejected(await verify(padded, 1024), {
      code: 'ERR_TOKEN_TOO_LARGE',
      message: `token too large: ${padded.length} bytes exceed maxTokenSize of 1024`,
    })
    expectAccepted(await verify(valid, 1024))
  })
})

describe('compact serialization', () => {
  it('accepts the valid token the cases below alter', async () => {
    expectAccepted(await verify(valid))
  })

  it.each([
    ['five segments (JWE)', (t: string) => `${t}.AAAA.AAAA`],
    ['two segments', (t: string) => t.split('.').slice(0, 2).join('.')],
    ['an empty payload', (t: string) => t.replace(/\.[^.]+\./, '..')],
    ['a Bearer prefix', (t: string) => `Bearer ${t}`],
    ['a trailing newline', (t: string) => `${t}\n`],
    ['a leading space', (t: string) => ` ${t}`],
    ['a space in the signature', (t: string) => `${t.slice(0, -10)} ${t.slice(-10)}`],
    ['a tab in the signature', (t: string) => `${t.slice(0, -10)}\t${t.slice(-10)}`],
    ['base64 padding', (t: string) => `${t}==`],
    ['a + in the signature', (t: string) => `${t.slice(0, -1)}+`],
    ['a / in the signature', (t: string) => `${t.slice(0, -1)}/`],
    ['a non-ASCII character', (t: string) => `${t.slice(0, -1)}é`],
    ['a trailing dot', (t: string) => `${t}.`],
  ])('rejects %s', async (_, alter) => {
    expectMalformed(await verify(alter(valid)))
  })

  it('rejects the JWS JSON serialization', async () => {
    const [protectedHeader, payload, signature] = valid.split('.')
    expectMalformed(
      await verify(JSON.stringify({ protected: protectedHeader, payload, signature })),
    )
  })

  it('rejects a non-canonical last base64url character', async () => {
    // An ES256 signature is 64 bytes: 86 characters, the last carrying 4 unused bits.
    const signature = valid.split('.')[2] ?? ''
    expect(signature.length % 4).toBe(2)
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const index = last.indexOf(signature.slice(-1))
    const twin = `${valid.slice(0, -1)}${last.charAt(index + 1)}`
    expect(base64url.decode(twin.split('.')[2] ?? '')).toEqual(base64url.decode(signature))
    expectMalformed(await verify(twin))
  })

  it('rejects an empty string', async () => {
    expectMalformed(await verify(''))
  })

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"spiffe://acme.test/a"'],
    ['null', 'null'],
  ])('rejects a payload that is %s', async (_, payload) => {
    expectMalformed(await verify(await signRaw({ alg: 'ES256', kid: 'es-1' }, payload, k.es256)))
  })

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '["ES256"]'],
  ])('rejects a header that is %s', async (_, header) => {
    expectMalformed(await verify(`${segment(header)}.${segment(svidClaims())}.AAAA`))
  })

  it('rejects a payload that is not UTF-8', async () => {
    const payload = base64url.encode(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))
    expectMalformed(await verify(`${segment({ alg: 'ES256', kid: 'es-1' })}.${payload}.AAAA`))
  })

  it('rejects an altered signature as a signature failure', async () => {
    const signature = valid.split('.')[2] ?? ''
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    const token = `${valid.split('.').slice(0, 2).join('.')}.${flipped}`
    expectRejected(await verify(token), {
      code: 'ERR_TOKEN_SIGNATURE',
      message: TOKEN_INVALID_MESSAGE,
    })
  })
})

describe('unverified decoding', () => {
  /** Decodes a token the way jose does, or returns undefined where jose throws. */
  function decodeWithJose(token: string) {
    try {
      return { header: decodeProtectedHeader(token), claims: decodeJwt(token) }
    } catch {
      return undefined
    }
  }

  function decodeWithHopgate(token: string) {
    try {
      return decodeUnverified(token, 65_536)
    } catch {
      return undefined
    }
  }

  const encode = (text: string) => base64url.encode(new TextEncoder().encode(text))
  const json = fc.jsonValue({ maxDepth: 3 }).map((value) => encode(JSON.stringify(value)))
  const object = fc
    .dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))
    .map((value) => encode(JSON.stringify(value)))
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 120 }).map((b) => base64url.encode(b))
  const segments = fc.oneof(object, json, bytes)

  it('matches jose on canonical segments', () => {
    fc.assert(
      fc.property(segments, segments, bytes, (header, payload, signature) => {
        const token = `${header}.${payload}.${signature}`
        expect(decodeWithHopgate(token)).toEqual(decodeWithJose(token))
      }),
      propertyParameters(500),
    )
  })

  it('decodes every length of a segment tail', () => {
    for (let length = 1; length <= 12; length++) {
      const text = `{"a":"${'é'.repeat(length)}"}`
      const token = `${encode('{"alg":"ES256"}')}.${encode(text)}.AAAA`
      expect(decodeUnverified(token, 8192).claims).toEqual(JSON.parse(text))
    }
  })

  it('decodes segments larger than the first buffer', () => {
    const claims = { pad: 'x'.repeat(5000), sub: 'spiffe://acme.test/a' }
    const token = `${encode('{"alg":"ES256"}')}.${encode(JSON.stringify(claims))}.AAAA`
    expect(decodeUnverified(token, 65_536).claims).toEqual(claims)
    expect(
      decodeUnverified(`${encode('{"alg":"ES256"}')}.${encode('{}')}.AAAA`, 8192).claims,
    ).toEqual({})
  })
})
