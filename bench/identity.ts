import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose'
import { createIdentityVerifier } from '../dist/index.js'
import type { IdentityConfig, IdentityVerifier } from '../dist/index.js'

/** A benchmark case: one hopgate verification and the raw jose call it is compared with. */
export interface IdentityCase {
  readonly name: string
  readonly hopgate: () => Promise<boolean>
  readonly jose: () => Promise<boolean>
}

const AUDIENCE = 'spiffe://acme.test/ns/docs/sa/api'
const WORKLOAD = 'spiffe://acme.test/ns/billing/sa/api'
const CLOCK_TOLERANCE = 30

/**
 * Builds the identity cases over one real ES256 key pair. hopgate verifies a JWT-SVID
 * without its token cache, so every step runs, then served from the cache, then without the
 * cache but with the signature check stubbed. The peer of each is jose's `jwtVerify` with
 * the same public key and options.
 */
export async function identityCases(): Promise<IdentityCase[]> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'es-1', alg: 'ES256' }
  const nowMs = Date.now()
  const now = Math.floor(nowMs / 1000)

  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'JWT' })
    .setSubject(WORKLOAD)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3000)
    .sign(privateKey)

  const config = (tokenCache: NonNullable<IdentityConfig['tokenCache']>): IdentityConfig => ({
    audience: AUDIENCE,
    trustDomains: { 'acme.test': { jwks: { keys: [jwk] }, algorithms: ['ES256'] } },
    workloads: [{ id: WORKLOAD, roles: ['svc:billing'] }],
    clockTolerance: CLOCK_TOLERANCE,
    tokenCache,
  })
  const clock = { now: () => nowMs }
  const cold = createIdentityVerifier(config(false), clock)
  const cached = createIdentityVerifier(config({}), clock)

  // The options hopgate passes to jwtVerify for this trust domain.
  const options = {
    algorithms: ['ES256'],
    audience: [AUDIENCE],
    requiredClaims: ['exp', 'sub', 'aud'],
    clockTolerance: CLOCK_TOLERANCE,
    currentDate: new Date(nowMs),
  }
  // The peer imports its key from the same JWK, as hopgate's key set does.
  const key = await importJWK(jwk, 'ES256')
  const jose = async () => (await jwtVerify(token, key, options)).payload.sub === WORKLOAD
  const verifies = (verifier: IdentityVerifier) => async () =>
    (await verifier.verify({ workload: token })).ok

  await cached.verify({ workload: token })
  return [
    { name: 'cold verification', hopgate: verifies(cold), jose },
    { name: 'token cache hit', hopgate: verifies(cached), jose },
    {
      name: 'cold, signature check stubbed',
      hopgate: withoutSignatureCheck(verifies(cold)),
      jose: withoutSignatureCheck(jose),
    },
  ]
}

/**
 * Wraps a verification so that WebCrypto's `verify` accepts every signature while it runs.
 * What remains is the JavaScript around the signature check, which shows how much of a
 * cold verification hopgate itself adds. Benchmarks run one at a time, so no other code
 * sees the stub.
 */
function withoutSignatureCheck(verify: () => Promise<boolean>): () => Promise<boolean> {
  const subtle = crypto.subtle
  const accept: SubtleCrypto['verify'] = () => Promise.resolve(true)
  return async () => {
    // An own property shadows the prototype's method, and deleting it restores that method.
    subtle.verify = accept
    try {
      return await verify()
    } finally {
      Reflect.deleteProperty(subtle, 'verify')
    }
  }
}
