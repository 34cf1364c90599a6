import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import type { JSONWebKeySet, JWK } from 'jose'

/** A signing key and the public JWKS that verifies it. */
export interface Signer {
  readonly jwks: JSONWebKeySet
  sign(
    header: { typ?: string },
    claims: Record<string, unknown>,
    lifetime: number,
    now: number,
  ): Promise<string>
}

/** Generates a key pair and returns a signer whose public key has the given `kid`. */
export async function createSigner(alg: 'ES256' | 'RS256', kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg)
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }

  return {
    jwks: { keys: [jwk] },
    async sign(header, claims, lifetime, now) {
      const issuedAt = Math.floor(now / 1000)
      return new SignJWT(claims)
        .setProtectedHeader({ alg, kid, ...header })
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
        .sign(privateKey)
    },
  }
}

/** Issues JWT-SVIDs for workloads of one trust domain. */
export function svidIssuer(signer: Signer) {
  return (spiffeId: string, audience: string, now: number, lifetime = 300): Promise<string> =>
    signer.sign({ typ: 'JWT' }, { sub: spiffeId, aud: [audience] }, lifetime, now)
}

/** Issues RFC 9068 access tokens for users of one OAuth issuer. */
export function accessTokenIssuer(signer: Signer, issuer: string) {
  return (
    user: { sub: string; roles: string[]; department: string },
    audience: string,
    now: number,
    options: { lifetime?: number; scope?: string; act?: Record<string, unknown> } = {},
  ): Promise<string> => {
    const claims: Record<string, unknown> = {
      iss: issuer,
      sub: user.sub,
      aud: audience,
      client_id: 'acme-web',
      jti: `${user.sub}-${String(now)}-${Math.random().toString(36).slice(2)}`,
      roles: user.roles,
      department: user.department,
    }
    if (options.scope !== undefined) claims['scope'] = options.scope
    if (options.act !== undefined) claims['act'] = options.act
    return signer.sign({ typ: 'at+jwt' }, claims, options.lifetime ?? 900, now)
  }
}
